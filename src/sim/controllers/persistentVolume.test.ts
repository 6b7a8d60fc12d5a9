import { describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import type { StatusError } from '../api/errors.ts'
import { isReady, startPod } from '../network/testing.ts'
import { presetCluster } from '../cluster/presets.ts'

function pvc(sim: Sim, name: string, spec: Record<string, unknown>): KObject {
  const o = sim.api.create('persistentvolumeclaims', {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
  }).object
  sim.settle()
  return o
}

function pv(sim: Sim, name: string, storage: string, extra: Record<string, unknown> = {}): KObject {
  const o = sim.api.create('persistentvolumes', {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name },
    spec: {
      capacity: { storage },
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'manual',
      hostPath: { path: `/mnt/${name}` },
      ...extra,
    },
  }).object
  sim.settle()
  return o
}

const claim = (sim: Sim, name: string): KObject =>
  sim.api.get('persistentvolumeclaims', 'default', name)
const volume = (sim: Sim, name: string): KObject | undefined =>
  sim.api.tryGet('persistentvolumes', undefined, name)

function events(sim: Sim, uid: string): string[] {
  return eventObjects(sim, uid).map((e) => `${e.type} ${e.reason}: ${e.message}`)
}

function eventObjects(sim: Sim, uid: string): KObject[] {
  return sim.api
    .list('events', { namespace: 'default' })
    .items.filter((e) => e.involvedObject.uid === uid)
    .sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!))
}

function selectNode(sim: Sim, name: string, node: string): void {
  const c = claim(sim, name)
  sim.api.update('persistentvolumeclaims', {
    ...c,
    metadata: {
      ...c.metadata,
      annotations: { ...c.metadata.annotations, 'volume.kubernetes.io/selected-node': node },
    },
  })
  sim.settle()
}

describe('dynamic provisioning', () => {
  it('waits for the first consumer, then provisions pvc-<uid> on the chosen node and binds', () => {
    const sim = createSim({ seed: 1 })
    const c = pvc(sim, 'data', {})
    expect(c.spec.storageClassName).toBe('standard')
    expect(c.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection'])
    expect(claim(sim, 'data').status.phase).toBe('Pending')
    expect(events(sim, c.metadata.uid!)).toEqual([
      'Normal WaitForFirstConsumer: waiting for first consumer to be created before binding',
    ])
    selectNode(sim, 'data', 'worker-1')
    // local-path-provisioner is still starting on a fresh cluster: the claim waits for it.
    expect(claim(sim, 'data').status.phase).toBe('Pending')
    expect(sim.advanceUntil(() => claim(sim, 'data').status.phase === 'Bound', 120_000)).toBe(true)
    const bound = claim(sim, 'data')
    const name = `pvc-${c.metadata.uid}`
    expect(bound.status).toEqual({
      phase: 'Bound',
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '1Gi' },
    })
    expect(bound.spec.volumeName).toBe(name)
    expect(bound.metadata.annotations).toMatchObject({
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
      'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
    })
    const v = volume(sim, name)!
    expect(v.status.phase).toBe('Bound')
    expect(v.spec.persistentVolumeReclaimPolicy).toBe('Delete')
    expect(v.spec.claimRef).toMatchObject({
      kind: 'PersistentVolumeClaim',
      namespace: 'default',
      name: 'data',
      uid: c.metadata.uid,
    })
    expect(v.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values).toEqual([
      'worker-1',
    ])
    expect(v.metadata.finalizers).toEqual(['kubernetes.io/pv-protection'])
    expect(events(sim, c.metadata.uid!).slice(1)).toEqual([
      "Normal ExternalProvisioning: Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
      'Normal Provisioning: External provisioner is provisioning volume for claim "default/data"',
      `Normal ProvisioningSucceeded: Successfully provisioned volume ${name}`,
    ])
    const sources = eventObjects(sim, c.metadata.uid!).map((e) => e.source.component)
    expect(sources.slice(0, 2)).toEqual([
      'persistentvolume-controller',
      'persistentvolume-controller',
    ])
    expect(sources[2]).toMatch(
      /^rancher\.io\/local-path_local-path-provisioner-[a-z0-9]+-[a-z0-9]{5}_[0-9a-f-]{36}$/,
    )

    // reclaimPolicy Delete: the volume goes with its claim.
    sim.api.delete('persistentvolumeclaims', 'default', 'data')
    sim.settle()
    expect(sim.api.tryGet('persistentvolumeclaims', 'default', 'data')).toBeUndefined()
    expect(volume(sim, name)).toBeUndefined()
  })

  it('provisions on the node the scheduler picks for the first consumer', () => {
    const sim = createSim({ seed: 2 })
    pvc(sim, 'www', {})
    sim.api.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        containers: [{ name: 'web', image: 'nginx:1.27' }],
        volumes: [{ name: 'www', persistentVolumeClaim: { claimName: 'www' } }],
      },
    })
    const ready = sim.advanceUntil(() => isReady(sim.api.tryGet('pods', 'default', 'web')), 120_000)
    expect(ready).toBe(true)
    const node = sim.api.get('pods', 'default', 'web').spec.nodeName
    const c = claim(sim, 'www')
    expect(c.status.phase).toBe('Bound')
    expect(c.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBe(node)
    expect(volume(sim, c.spec.volumeName)!.metadata.annotations).toEqual({
      'local.path.provisioner/selected-node': node,
      'pv.kubernetes.io/provisioned-by': 'rancher.io/local-path',
    })
  })

  it("binds at once with minikube's Immediate hostpath class once its provisioner runs", () => {
    const sim = createSim({ seed: 1, profile: 'fast', cluster: presetCluster('minikube') })
    sim.advance(60_000)
    const c = pvc(sim, 'now', {})
    sim.advance(0)
    expect(claim(sim, 'now').status.phase).toBe('Bound')
    const v = volume(sim, `pvc-${c.metadata.uid}`)!
    expect(v.spec.hostPath).toEqual({ path: '/tmp/hostpath-provisioner/default/now', type: '' })
    expect(eventObjects(sim, c.metadata.uid!).at(-1)!.source.component).toMatch(
      /^k8s\.io\/minikube-hostpath_minikube_[0-9a-f-]{36}$/,
    )
  })

  it('leaves claims of an unknown provisioner pending, as without its controller', () => {
    const sim = createSim({ seed: 1, profile: 'fast' })
    sim.api.create('storageclasses.storage.k8s.io', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'ebs' },
      provisioner: 'ebs.csi.aws.com',
    })
    pvc(sim, 'cloud', { storageClassName: 'ebs' })
    sim.advance(60_000)
    expect(claim(sim, 'cloud').status.phase).toBe('Pending')
  })
})

describe('static binding', () => {
  it('binds the smallest matching volume and releases it on claim deletion', () => {
    const sim = createSim()
    pv(sim, 'big', '10Gi')
    pv(sim, 'small', '5Gi')
    pv(sim, 'rox', '5Gi', { accessModes: ['ReadOnlyMany'] })
    expect(volume(sim, 'small')!.status.phase).toBe('Available')
    pvc(sim, 'c', { storageClassName: 'manual', resources: { requests: { storage: '3Gi' } } })
    expect(claim(sim, 'c').spec.volumeName).toBe('small')
    expect(claim(sim, 'c').status.capacity).toEqual({ storage: '5Gi' })
    expect(volume(sim, 'small')!.status.phase).toBe('Bound')
    expect(volume(sim, 'small')!.metadata.annotations).toEqual({
      'pv.kubernetes.io/bound-by-controller': 'yes',
    })
    expect(volume(sim, 'big')!.status.phase).toBe('Available')
    sim.api.delete('persistentvolumeclaims', 'default', 'c')
    sim.settle()
    expect(volume(sim, 'small')!.status.phase).toBe('Released')
  })

  it('reports a claim without class and without volumes', () => {
    const sim = createSim()
    const c = pvc(sim, 'none', { storageClassName: '' })
    expect(events(sim, c.metadata.uid!)).toEqual([
      'Warning FailedBinding: no persistent volumes available for this claim and no storage class is set',
    ])
    pv(sim, 'late', '1Gi', { storageClassName: '' })
    expect(claim(sim, 'none').status.phase).toBe('Bound')
  })
})

describe('protection and validation', () => {
  it('keeps a claim in use by a pod until the pod is gone', () => {
    const sim = createSim()
    pv(sim, 'v', '1Gi')
    pvc(sim, 'used', { storageClassName: 'manual' })
    startPod(sim, {
      name: 'user',
      volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'used' } }],
    })
    sim.api.delete('persistentvolumeclaims', 'default', 'used')
    sim.settle()
    expect(claim(sim, 'used').metadata.deletionTimestamp).toBeDefined()
    expect(claim(sim, 'used').metadata.finalizers).toEqual(['kubernetes.io/pvc-protection'])
    sim.api.delete('pods', 'default', 'user')
    sim.advanceUntil(() => !sim.api.tryGet('pods', 'default', 'user'), 60_000)
    expect(sim.api.tryGet('persistentvolumeclaims', 'default', 'used')).toBeUndefined()
    expect(volume(sim, 'v')!.status.phase).toBe('Released')
  })

  it('refuses to grow a claim whose class does not allow expansion, and any shrink', () => {
    const sim = createSim()
    pv(sim, 'v', '5Gi')
    pvc(sim, 'c', { storageClassName: 'manual' })
    pvc(sim, 'u', { storageClassName: 'nothing-matches' })
    const resize = (name: string, storage: string): string => {
      const c = claim(sim, name)
      try {
        sim.api.update('persistentvolumeclaims', {
          ...c,
          spec: { ...c.spec, resources: { requests: { storage } } },
        })
      } catch (e) {
        return (e as StatusError).status.message
      }
      return 'accepted'
    }
    expect(resize('c', '2Gi')).toBe(
      'persistentvolumeclaims "c" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
    )
    expect(resize('c', '500Mi')).toBe(
      'PersistentVolumeClaim "c" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than previous value',
    )
    expect(resize('u', '2Gi')).toBe(
      'PersistentVolumeClaim "u" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests for bound claims',
    )
  })

  it('words claim errors like the API server', () => {
    const sim = createSim()
    let message = ''
    try {
      sim.api.create('persistentvolumeclaims', {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'bad' },
        spec: {},
      })
    } catch (e) {
      message = (e as StatusError).status.message
    }
    expect(message).toBe(
      'PersistentVolumeClaim "bad" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]',
    )
  })
})

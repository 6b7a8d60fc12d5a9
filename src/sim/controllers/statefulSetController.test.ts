import { describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import { bindIfUnbound, eventsFor, podsOf, setPodPhase } from './podPhaseForTests.ts'
import { resourceById } from '../api/resources.ts'

function sts(name: string, spec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      serviceName: 'nginx',
      replicas: 3,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: {
          // Left unscheduled, so no kubelet runs them: the test sets their status.
          schedulerName: 'kubeplay-test',
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.27',
              volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }],
            },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'www' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
      ...spec,
    },
  }
}

const names = (sim: Sim, set = 'web'): string[] =>
  podsOf(sim, 'default', set)
    .filter((p) => !p.metadata.deletionTimestamp)
    .map((p) => p.metadata.name!)
    .sort()

const claims = (sim: Sim): string[] =>
  sim.api
    .list('persistentvolumeclaims', { namespace: 'default' })
    .items.map((c) => c.metadata.name!)
    .sort()

/** Plays the kubelet: every pod of the set that is not running yet becomes Running and Ready. */
function readyAll(sim: Sim, set = 'web'): void {
  for (const p of podsOf(sim, 'default', set))
    if (!p.metadata.deletionTimestamp && p.status?.phase !== 'Running')
      setPodPhase(sim, p, 'Running')
  sim.settle()
}

const status = (sim: Sim, set = 'web'): any =>
  sim.api.get('statefulsets.apps', 'default', set).status

describe('statefulset strategy', () => {
  it('defaults policy, update strategy, retention and claim templates', () => {
    const sim = createSim()
    const o = sim.api.create('statefulsets.apps', sts('web')).object
    expect(o.spec).toMatchObject({
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    })
    expect(o.spec.volumeClaimTemplates[0]).toMatchObject({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'www' },
      spec: { volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    })
  })

  it('forbids changing fields other than the mutable ones', () => {
    const sim = createSim()
    sim.api.create('statefulsets.apps', sts('web'))
    expect(() =>
      sim.api.patch('statefulsets.apps', 'default', 'web', 'merge', {
        spec: { serviceName: 'other' },
      }),
    ).toThrow(
      "StatefulSet.apps \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    )
  })
})

describe('statefulset controller', () => {
  it('creates pods in order, each waiting for the previous to be ready, with claims', () => {
    const sim = createSim({ seed: 41 })
    sim.api.create('statefulsets.apps', sts('web'))
    sim.settle()
    expect(names(sim)).toEqual(['web-0'])
    expect(claims(sim)).toEqual(['www-web-0'])
    const p0 = sim.api.get('pods', 'default', 'web-0')
    expect(p0.metadata.labels).toMatchObject({
      app: 'nginx',
      'statefulset.kubernetes.io/pod-name': 'web-0',
      'apps.kubernetes.io/pod-index': '0',
    })
    const rev = p0.metadata.labels!['controller-revision-hash']
    expect(rev).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/)
    expect(p0.spec).toMatchObject({ hostname: 'web-0', subdomain: 'nginx' })
    expect(p0.spec.volumes[0]).toEqual({
      name: 'www',
      persistentVolumeClaim: { claimName: 'www-web-0' },
    })
    const claim = sim.api.get('persistentvolumeclaims', 'default', 'www-web-0')
    expect(claim.metadata.labels).toEqual({ app: 'nginx' })
    expect(claim.metadata.ownerReferences).toBeUndefined()

    sim.advance(5000)
    expect(names(sim)).toEqual(['web-0'])
    readyAll(sim)
    expect(names(sim)).toEqual(['web-0', 'web-1'])
    readyAll(sim)
    expect(names(sim)).toEqual(['web-0', 'web-1', 'web-2'])
    readyAll(sim)
    expect(claims(sim)).toEqual(['www-web-0', 'www-web-1', 'www-web-2'])
    expect(status(sim)).toEqual({
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      currentRevision: rev,
      updateRevision: rev,
      collisionCount: 0,
      availableReplicas: 3,
    })
    expect(eventsFor(sim, 'default', 'web')).toEqual([
      'Normal SuccessfulCreate create Claim www-web-0 Pod web-0 in StatefulSet web success',
      'Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful',
      'Normal SuccessfulCreate create Claim www-web-1 Pod web-1 in StatefulSet web success',
      'Normal SuccessfulCreate create Pod web-1 in StatefulSet web successful',
      'Normal SuccessfulCreate create Claim www-web-2 Pod web-2 in StatefulSet web success',
      'Normal SuccessfulCreate create Pod web-2 in StatefulSet web successful',
    ])
    const revisions = sim.api.list('controllerrevisions.apps', { namespace: 'default' }).items
    expect(revisions.map((r) => [r.metadata.name, r.revision])).toEqual([[rev, 1]])
  })

  it('scales 0 → 3 → 1 in order and keeps the claims', () => {
    const sim = createSim({ seed: 42 })
    sim.api.create('statefulsets.apps', sts('web', { replicas: 0 }))
    sim.settle()
    expect(names(sim)).toEqual([])
    sim.api.patch('statefulsets.apps', 'default', 'web', 'merge', { spec: { replicas: 3 } })
    for (let i = 0; i < 3; i++) readyAll(sim)
    expect(names(sim)).toEqual(['web-0', 'web-1', 'web-2'])
    // On a node whose kubelet never confirms, a deleted pod stays Terminating for its grace period.
    for (const p of podsOf(sim, 'default', 'web')) bindIfUnbound(sim, p, 'ghost-node')
    sim.api.patch('statefulsets.apps', 'default', 'web', 'merge', { spec: { replicas: 1 } })
    sim.settle()
    expect(names(sim)).toEqual(['web-0', 'web-1'])
    expect(sim.api.get('pods', 'default', 'web-2').metadata.deletionTimestamp).toBeDefined()
    sim.advance(10_000)
    expect(names(sim)).toEqual(['web-0', 'web-1'])
    sim.api.finalRemove(resourceById('pods'), sim.api.get('pods', 'default', 'web-2'))
    sim.settle()
    expect(names(sim)).toEqual(['web-0'])
    const deletes = eventsFor(sim, 'default', 'web').filter((e) => e.includes('SuccessfulDelete'))
    expect(deletes).toEqual([
      'Normal SuccessfulDelete delete Pod web-2 in StatefulSet web successful',
      'Normal SuccessfulDelete delete Pod web-1 in StatefulSet web successful',
    ])
    sim.api.finalRemove(resourceById('pods'), sim.api.get('pods', 'default', 'web-1'))
    sim.settle()
    expect(claims(sim)).toEqual(['www-web-0', 'www-web-1', 'www-web-2'])
    expect(status(sim)).toMatchObject({ replicas: 1, readyReplicas: 1, availableReplicas: 1 })
  })

  it('does not scale down while a remaining pod is not ready', () => {
    const sim = createSim({ seed: 43 })
    sim.api.create('statefulsets.apps', sts('web'))
    for (let i = 0; i < 3; i++) readyAll(sim)
    // web-1 stops answering readiness…
    setPodPhase(sim, sim.api.get('pods', 'default', 'web-1'), 'Running', { ready: false })
    sim.api.patch('statefulsets.apps', 'default', 'web', 'merge', { spec: { replicas: 1 } })
    sim.settle()
    // …but with web-1 not ready, OrderedReady stops before touching the condemned pods.
    expect(names(sim)).toEqual(['web-0', 'web-1', 'web-2'])
    setPodPhase(sim, sim.api.get('pods', 'default', 'web-1'), 'Running', { ready: true })
    sim.settle()
    expect(names(sim)).toEqual(['web-0'])
  })

  it('creates and deletes all at once with Parallel', () => {
    const sim = createSim({ seed: 44 })
    sim.api.create('statefulsets.apps', sts('web', { podManagementPolicy: 'Parallel' }))
    sim.settle()
    expect(names(sim)).toEqual(['web-0', 'web-1', 'web-2'])
  })

  it('rolls out from the highest ordinal, honouring the partition', () => {
    const sim = createSim({ seed: 45 })
    sim.api.create(
      'statefulsets.apps',
      sts('web', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }),
    )
    for (let i = 0; i < 3; i++) readyAll(sim)
    const oldRev = status(sim).currentRevision
    sim.api.patch('statefulsets.apps', 'default', 'web', 'strategic', {
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } },
    })
    sim.settle()
    const newRev = status(sim).updateRevision
    expect(newRev).not.toBe(oldRev)
    for (let i = 0; i < 6; i++) readyAll(sim)
    const image = (n: string): string => sim.api.get('pods', 'default', n).spec.containers[0].image
    expect([image('web-0'), image('web-1'), image('web-2')]).toEqual([
      'nginx:1.27',
      'nginx:1.28',
      'nginx:1.28',
    ])
    expect(status(sim)).toMatchObject({
      currentRevision: oldRev,
      updateRevision: newRev,
      currentReplicas: 1,
      updatedReplicas: 2,
    })
    const deletes = eventsFor(sim, 'default', 'web').filter((e) => e.includes('SuccessfulDelete'))
    expect(deletes).toEqual([
      'Normal SuccessfulDelete delete Pod web-2 in StatefulSet web successful',
      'Normal SuccessfulDelete delete Pod web-1 in StatefulSet web successful',
    ])
    // Lowering the partition finishes the rollout and makes the new revision current.
    sim.api.patch('statefulsets.apps', 'default', 'web', 'merge', {
      spec: { updateStrategy: { rollingUpdate: { partition: 0 } } },
    })
    for (let i = 0; i < 3; i++) readyAll(sim)
    expect(image('web-0')).toBe('nginx:1.28')
    expect(status(sim)).toMatchObject({
      currentRevision: newRev,
      updateRevision: newRev,
      currentReplicas: 3,
      updatedReplicas: 3,
    })
  })

  it('leaves pods alone with OnDelete until they are deleted', () => {
    const sim = createSim({ seed: 46 })
    sim.api.create(
      'statefulsets.apps',
      sts('web', { replicas: 2, updateStrategy: { type: 'OnDelete' } }),
    )
    for (let i = 0; i < 2; i++) readyAll(sim)
    sim.api.patch('statefulsets.apps', 'default', 'web', 'strategic', {
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } },
    })
    for (let i = 0; i < 3; i++) readyAll(sim)
    expect(sim.api.get('pods', 'default', 'web-1').spec.containers[0].image).toBe('nginx:1.27')
    sim.api.delete('pods', 'default', 'web-1')
    for (let i = 0; i < 3; i++) readyAll(sim)
    expect(sim.api.get('pods', 'default', 'web-1').spec.containers[0].image).toBe('nginx:1.28')
    expect(sim.api.get('pods', 'default', 'web-0').spec.containers[0].image).toBe('nginx:1.27')
  })

  it('replaces a failed pod under the same name', () => {
    const sim = createSim({ seed: 47 })
    sim.api.create('statefulsets.apps', sts('web', { replicas: 1 }))
    readyAll(sim)
    const uid = sim.api.get('pods', 'default', 'web-0').metadata.uid
    setPodPhase(sim, sim.api.get('pods', 'default', 'web-0'), 'Failed')
    sim.settle()
    const again = sim.api.get('pods', 'default', 'web-0')
    expect(again.metadata.uid).not.toBe(uid)
  })

  it('deletes claims with their pods or their set when the retention policy says Delete', () => {
    const sim = createSim({ seed: 49 })
    sim.api.create(
      'statefulsets.apps',
      sts('web', {
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' },
      }),
    )
    for (let i = 0; i < 3; i++) readyAll(sim)
    const owners = sim.api.get('persistentvolumeclaims', 'default', 'www-web-0').metadata
      .ownerReferences
    expect(owners).toMatchObject([{ kind: 'StatefulSet', name: 'web', controller: true }])
    sim.api.patch('statefulsets.apps', 'default', 'web', 'merge', { spec: { replicas: 1 } })
    sim.advance(5000)
    expect(claims(sim)).toEqual(['www-web-0'])
    sim.api.delete('statefulsets.apps', 'default', 'web')
    sim.advance(5000)
    expect(claims(sim)).toEqual([])
  })

  it('numbers pods from ordinals.start and counts availability after minReadySeconds', () => {
    const sim = createSim({ seed: 50 })
    sim.api.create(
      'statefulsets.apps',
      sts('web', { replicas: 2, ordinals: { start: 5 }, minReadySeconds: 10 }),
    )
    sim.settle()
    readyAll(sim)
    // web-5 is ready but not yet available, which OrderedReady waits for.
    expect(names(sim)).toEqual(['web-5'])
    expect(status(sim)).toMatchObject({ readyReplicas: 1, availableReplicas: 0 })
    sim.advance(10_000)
    expect(names(sim)).toEqual(['web-5'])
    sim.advance(1_000)
    expect(names(sim)).toEqual(['web-5', 'web-6'])
    expect(status(sim)).toMatchObject({ availableReplicas: 1 })
    expect(claims(sim)).toEqual(['www-web-5', 'www-web-6'])
  })

  it('is deterministic', () => {
    const once = (): string => {
      const sim = createSim({ seed: 48 })
      sim.api.create('statefulsets.apps', sts('web'))
      for (let i = 0; i < 3; i++) readyAll(sim)
      sim.advance(10_000)
      return JSON.stringify(sim.snapshot())
    }
    expect(once()).toBe(once())
  })
})

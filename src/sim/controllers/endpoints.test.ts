import { describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import { runningPod, setPodStatus } from '../network/testing.ts'

function service(sim: Sim, name: string, spec: Record<string, unknown>): KObject {
  return sim.api.create('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: { app: name } },
    spec,
  }).object
}

const endpoints = (sim: Sim, name: string, ns = 'default'): KObject | undefined =>
  sim.api.tryGet('endpoints', ns, name)

const slices = (sim: Sim, name: string): KObject[] =>
  sim.api.list('endpointslices.discovery.k8s.io', {
    namespace: 'default',
    labelSelector: `kubernetes.io/service-name=${name}`,
  }).items

describe('endpoints controller', () => {
  it('tracks ready and not-ready pods and sorts addresses by IP string', () => {
    const sim = createSim({ seed: 3 })
    service(sim, 'web', { selector: { app: 'web' }, ports: [{ port: 3000 }] })
    sim.settle()
    expect(endpoints(sim, 'web')?.subsets).toBeUndefined()
    runningPod(sim, {
      name: 'web-a',
      labels: { app: 'web' },
      ip: '10.244.1.9',
      ports: [{ containerPort: 3000 }],
    })
    runningPod(sim, { name: 'web-b', labels: { app: 'web' }, ip: '10.244.1.10', node: 'worker-2' })
    runningPod(sim, { name: 'web-c', labels: { app: 'web' }, ip: '10.244.2.4', ready: false })
    const ep = endpoints(sim, 'web')!
    expect(ep.metadata.labels).toEqual({ app: 'web' })
    expect(ep.subsets).toHaveLength(1)
    expect(ep.subsets[0].addresses.map((a: { ip: string }) => a.ip)).toEqual([
      '10.244.1.10',
      '10.244.1.9',
    ])
    expect(ep.subsets[0].addresses[0]).toMatchObject({
      nodeName: 'worker-2',
      targetRef: { kind: 'Pod', namespace: 'default', name: 'web-b' },
    })
    expect(ep.subsets[0].notReadyAddresses.map((a: { ip: string }) => a.ip)).toEqual(['10.244.2.4'])
    expect(ep.subsets[0].ports).toEqual([{ port: 3000, protocol: 'TCP' }])

    setPodStatus(sim, 'default', 'web-c', { ip: '10.244.2.4', ready: true })
    expect(endpoints(sim, 'web')!.subsets[0].notReadyAddresses).toBeUndefined()
    expect(endpoints(sim, 'web')!.subsets[0].addresses).toHaveLength(3)
    setPodStatus(sim, 'default', 'web-a', { ip: '10.244.1.9', ready: false })
    expect(
      endpoints(sim, 'web')!.subsets[0].notReadyAddresses.map((a: { ip: string }) => a.ip),
    ).toEqual(['10.244.1.9'])
  })

  it('drops pods whose labels stop matching, and deletes Endpoints with their Service', () => {
    const sim = createSim()
    service(sim, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] })
    const pod = runningPod(sim, { name: 'p', labels: { app: 'web' }, ip: '10.244.1.5' })
    expect(endpoints(sim, 'web')!.subsets).toHaveLength(1)
    sim.api.update('pods', { ...pod, metadata: { ...pod.metadata, labels: { app: 'other' } } })
    sim.settle()
    expect(endpoints(sim, 'web')!.subsets).toBeUndefined()
    sim.api.delete('services', 'default', 'web')
    sim.settle()
    expect(endpoints(sim, 'web')).toBeUndefined()
    expect(slices(sim, 'web')).toEqual([])
  })

  it('resolves named target ports per pod and publishes not-ready addresses on request', () => {
    const sim = createSim()
    service(sim, 'api', {
      selector: { app: 'api' },
      publishNotReadyAddresses: true,
      ports: [{ name: 'http', port: 80, targetPort: 'web' }],
    })
    runningPod(sim, {
      name: 'a',
      labels: { app: 'api' },
      ip: '10.244.1.5',
      ready: false,
      ports: [{ name: 'web', containerPort: 8080 }],
    })
    runningPod(sim, {
      name: 'b',
      labels: { app: 'api' },
      ip: '10.244.1.6',
      ports: [{ name: 'web', containerPort: 9090 }],
    })
    runningPod(sim, {
      name: 'c',
      labels: { app: 'api' },
      ip: '10.244.1.7',
      ports: [{ name: 'metrics', containerPort: 9100 }],
    })
    const subsets = endpoints(sim, 'api')!.subsets
    expect(subsets).toEqual([
      expect.objectContaining({
        addresses: [expect.objectContaining({ ip: '10.244.1.5' })],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      }),
      expect.objectContaining({
        addresses: [expect.objectContaining({ ip: '10.244.1.6' })],
        ports: [{ name: 'http', port: 9090, protocol: 'TCP' }],
      }),
    ])
    // Upstream groups endpoints by their resolved ports: a pod without the named port gets a slice with none.
    const s = slices(sim, 'api')
    expect(s.map((x) => x.ports.map((p: { port: number }) => p.port).join()).sort()).toEqual([
      '',
      '8080',
      '9090',
    ])
    const a = s.find((x) => x.ports[0]?.port === 8080)!
    expect(a.endpoints[0].conditions).toEqual({ ready: true, serving: false, terminating: false })
  })

  it('gives headless Endpoints the hostname of pods that name the Service as subdomain', () => {
    const sim = createSim()
    service(sim, 'db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] })
    runningPod(sim, {
      name: 'db-0',
      labels: { app: 'db' },
      ip: '10.244.1.20',
      hostname: 'db-0',
      subdomain: 'db',
    })
    const ep = endpoints(sim, 'db')!
    expect(ep.metadata.labels).toEqual({ app: 'db', 'service.kubernetes.io/headless': '' })
    expect(ep.subsets[0].addresses[0].hostname).toBe('db-0')
    expect(slices(sim, 'db')[0].endpoints[0].hostname).toBe('db-0')
  })

  it('leaves Services without a selector alone', () => {
    const sim = createSim()
    service(sim, 'manual', { ports: [{ port: 80 }] })
    sim.settle()
    expect(endpoints(sim, 'manual')).toBeUndefined()
    expect(slices(sim, 'manual')).toEqual([])
  })
})

describe('EndpointSlice controller', () => {
  it('keeps a placeholder slice, then one owned IPv4 slice with ready conditions', () => {
    const sim = createSim({ seed: 5 })
    const svc = service(sim, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] })
    sim.settle()
    const [placeholder] = slices(sim, 'web')
    expect(placeholder.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
    expect(placeholder.endpoints).toBeNull()
    expect(placeholder.ports).toBeNull()
    expect(placeholder.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Service',
        name: 'web',
        uid: svc.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ])
    runningPod(sim, { name: 'p', labels: { app: 'web' }, ip: '10.244.1.5' })
    const [slice] = slices(sim, 'web')
    expect(slice.metadata.name).toBe(placeholder.metadata.name)
    expect(slice.metadata.labels).toEqual({
      app: 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      'kubernetes.io/service-name': 'web',
    })
    expect(slice.addressType).toBe('IPv4')
    expect(slice.ports).toEqual([{ name: '', protocol: 'TCP', port: 80 }])
    expect(slice.endpoints).toEqual([
      {
        addresses: ['10.244.1.5'],
        conditions: { ready: true, serving: true, terminating: false },
        targetRef: {
          kind: 'Pod',
          namespace: 'default',
          name: 'p',
          uid: sim.api.get('pods', 'default', 'p').metadata.uid,
        },
        nodeName: 'worker-1',
      },
    ])
  })
})

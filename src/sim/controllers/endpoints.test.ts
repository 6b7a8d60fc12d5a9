import { describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import { isReady, startPod } from '../network/testing.ts'
import { truncateSubsets } from './endpointsController.ts'

function service(sim: Sim, name: string, spec: Record<string, unknown>): KObject {
  const o = sim.api.create('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: { app: name } },
    spec,
  }).object
  sim.settle()
  return o
}

const endpoints = (sim: Sim, name: string, ns = 'default'): KObject | undefined =>
  sim.api.tryGet('endpoints', ns, name)

const slices = (sim: Sim, name: string): KObject[] =>
  sim.api.list('endpointslices.discovery.k8s.io', {
    namespace: 'default',
    labelSelector: `kubernetes.io/service-name=${name}`,
  }).items

const ipsOf = (list: { ip: string }[] | undefined): string[] => (list ?? []).map((a) => a.ip)

describe('endpoints controller', () => {
  it('tracks readiness and termination, and sorts addresses by IP string', () => {
    const sim = createSim({ seed: 3 })
    service(sim, 'web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 3000 }] })
    expect(endpoints(sim, 'web')?.subsets).toBeUndefined()
    startPod(sim, { name: 'web-a', labels: { app: 'web' }, node: 'worker-1' })
    // busybox sleeping as PID 1 ignores SIGTERM, so it stays terminating for its grace period.
    const b = startPod(sim, {
      name: 'web-b',
      labels: { app: 'web' },
      node: 'worker-2',
      image: 'busybox:1.36',
      command: ['sleep', '3600'],
    })
    const c = startPod(sim, {
      name: 'web-c',
      labels: { app: 'web' },
      node: 'worker-2',
      readiness: 5,
    })
    expect(isReady(c)).toBe(false)
    const ep = endpoints(sim, 'web')!
    expect(ep.metadata.labels).toEqual({ app: 'web' })
    expect(ep.subsets).toHaveLength(1)
    const ips = ipsOf(ep.subsets[0].addresses)
    expect(ips).toHaveLength(2)
    expect(ips).toEqual([...ips].sort())
    expect(ep.subsets[0].addresses.find((a: { ip: string }) => a.ip === b.status.podIP)).toEqual({
      ip: b.status.podIP,
      nodeName: 'worker-2',
      targetRef: { kind: 'Pod', namespace: 'default', name: 'web-b', uid: b.metadata.uid },
    })
    expect(ipsOf(ep.subsets[0].notReadyAddresses)).toEqual([c.status.podIP])
    expect(ep.subsets[0].ports).toEqual([{ port: 3000, protocol: 'TCP' }])

    sim.advance(10_000)
    expect(endpoints(sim, 'web')!.subsets[0].notReadyAddresses).toBeUndefined()
    expect(endpoints(sim, 'web')!.subsets[0].addresses).toHaveLength(3)

    // A terminating pod leaves Endpoints at once; its slice entry stays, marked terminating.
    sim.api.delete('pods', 'default', 'web-b')
    sim.settle()
    expect(ipsOf(endpoints(sim, 'web')!.subsets[0].addresses)).not.toContain(b.status.podIP)
    const entry = slices(sim, 'web')[0].endpoints.find(
      (e: { targetRef: { name: string } }) => e.targetRef.name === 'web-b',
    )
    expect(entry.conditions).toEqual({ ready: false, serving: true, terminating: true })
    sim.advance(31_000)
    expect(slices(sim, 'web')[0].endpoints).toHaveLength(2)
  })

  it('drops pods whose labels stop matching, and deletes Endpoints with their Service', () => {
    const sim = createSim()
    service(sim, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] })
    const pod = startPod(sim, { name: 'p', labels: { app: 'web' } })
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
    const a = startPod(sim, {
      name: 'a',
      labels: { app: 'api' },
      readiness: 'never',
      ports: [{ name: 'web', containerPort: 3000 }],
    })
    const b = startPod(sim, {
      name: 'b',
      labels: { app: 'api' },
      ports: [{ name: 'web', containerPort: 8080 }],
    })
    startPod(sim, {
      name: 'c',
      labels: { app: 'api' },
      ports: [{ name: 'metrics', containerPort: 9100 }],
    })
    const subsets = endpoints(sim, 'api')!.subsets
    const byPort = (n: number): Record<string, unknown> =>
      subsets.find((s: { ports: { port: number }[] }) => s.ports[0].port === n)
    expect(subsets).toHaveLength(2)
    expect(byPort(3000)).toMatchObject({
      addresses: [{ ip: a.status.podIP }],
      ports: [{ name: 'http', port: 3000, protocol: 'TCP' }],
    })
    expect(byPort(8080)).toMatchObject({
      addresses: [{ ip: b.status.podIP }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    })
    // Upstream groups slice endpoints by their resolved ports: a pod without the named port gets
    // a slice with none.
    const s = slices(sim, 'api')
    const portSets = s.map((x) => x.ports.map((p: { port: number }) => p.port).join()).sort()
    expect(portSets).toEqual(['', '3000', '8080'])
    const notReady = s.find((x) => x.ports[0]?.port === 3000)!
    expect(notReady.endpoints[0].conditions).toEqual({
      ready: true,
      serving: false,
      terminating: false,
    })
  })

  it('gives headless Endpoints the hostname of pods that name the Service as subdomain', () => {
    const sim = createSim()
    service(sim, 'db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] })
    startPod(sim, { name: 'db-0', labels: { app: 'db' }, hostname: 'db-0', subdomain: 'db' })
    const ep = endpoints(sim, 'db')!
    expect(ep.metadata.labels).toEqual({ app: 'db', 'service.kubernetes.io/headless': '' })
    expect(ep.subsets[0].addresses[0].hostname).toBe('db-0')
    expect(slices(sim, 'db')[0].endpoints[0].hostname).toBe('db-0')
  })

  it('leaves Services without a selector alone', () => {
    const sim = createSim()
    service(sim, 'manual', { ports: [{ port: 80 }] })
    expect(endpoints(sim, 'manual')).toBeUndefined()
    expect(slices(sim, 'manual')).toEqual([])
  })
})

describe('EndpointSlice controller', () => {
  it('keeps a placeholder slice, then one owned IPv4 slice with ready conditions', () => {
    const sim = createSim({ seed: 5 })
    const svc = service(sim, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] })
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
    const p = startPod(sim, { name: 'p', labels: { app: 'web' } })
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
        addresses: [p.status.podIP],
        conditions: { ready: true, serving: true, terminating: false },
        targetRef: { kind: 'Pod', namespace: 'default', name: 'p', uid: p.metadata.uid },
        nodeName: 'worker-1',
      },
    ])
  })
})

describe('EndpointSlice mirroring', () => {
  it('mirrors hand-written Endpoints of a selectorless Service, not the API server ones', () => {
    const sim = createSim()
    service(sim, 'db', { ports: [{ port: 3306 }] })
    const ep = sim.api.create('endpoints', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'db' },
      subsets: [
        {
          addresses: [{ ip: '192.168.49.50' }],
          notReadyAddresses: [{ ip: '192.168.49.51' }],
          ports: [{ port: 3306 }],
        },
      ],
    }).object
    sim.settle()
    const [slice] = slices(sim, 'db')
    expect(slice.metadata.labels).toEqual({
      'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io',
      'kubernetes.io/service-name': 'db',
    })
    expect(slice.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'Endpoints',
      uid: ep.metadata.uid,
    })
    expect(slice.endpoints).toEqual([
      { addresses: ['192.168.49.50'], conditions: { ready: true } },
      { addresses: ['192.168.49.51'], conditions: { ready: false } },
    ])
    expect(slice.ports).toEqual([{ name: '', protocol: 'TCP', port: 3306 }])
    const apiServer = sim.api.list('endpointslices.discovery.k8s.io', {
      namespace: 'default',
      labelSelector: 'kubernetes.io/service-name=kubernetes',
    }).items
    expect(apiServer.map((s) => s.metadata.name)).toEqual(['kubernetes'])
    sim.api.delete('endpoints', 'default', 'db')
    sim.settle()
    expect(slices(sim, 'db')).toEqual([])
  })
})

describe('Endpoints capacity', () => {
  const addrs = (n: number, base: number): { ip: string }[] =>
    Array.from({ length: n }, (_, i) => ({ ip: `10.${base}.${Math.floor(i / 250)}.${i % 250}` }))

  it('drops not-ready addresses first beyond 1000', () => {
    const subsets = [{ addresses: addrs(900, 1), notReadyAddresses: addrs(300, 2), ports: [] }]
    expect(truncateSubsets(subsets)).toBe(true)
    expect(subsets[0].addresses).toHaveLength(900)
    expect(subsets[0].notReadyAddresses).toHaveLength(100)
  })

  it('shares 1000 ready addresses between subsets in proportion', () => {
    const subsets = [
      { addresses: addrs(1500, 1), notReadyAddresses: addrs(10, 3), ports: [{ port: 80 }] },
      { addresses: addrs(500, 2), ports: [{ port: 81 }] },
    ]
    expect(truncateSubsets(subsets)).toBe(true)
    expect(subsets[0].addresses).toHaveLength(750)
    expect(subsets[0].notReadyAddresses).toBeUndefined()
    expect(subsets[1].addresses).toHaveLength(250)
    expect(truncateSubsets([{ addresses: addrs(1000, 1) }])).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { createSim, Sim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import { defaultCluster } from '../cluster/spec.ts'
import { minikubeTunnel } from '../controllers/serviceLoadBalancer.ts'
import type { ClusterNetwork, Origin } from './networkApi.ts'
import type { SimNetwork } from './clusterNetwork.ts'
import { echoRuntime, runningPod } from './testing.ts'

function service(sim: Sim, name: string, spec: Record<string, unknown>, ns = 'default'): KObject {
  const created = sim.api.create('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns },
    spec,
  }).object
  sim.settle()
  return created
}

function namespace(sim: Sim, name: string): void {
  sim.api.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
}

const net = (sim: Sim): SimNetwork => sim.services.get('network') as SimNetwork

/** Two web pods behind `web` (port 80 → 8080) and a client pod, with the echo runtime. */
function webCluster(
  seed: number,
  spec: Record<string, unknown> = {},
): { sim: Sim; client: Origin } {
  const sim = createSim({ seed })
  sim.services.set('runtime', echoRuntime())
  service(sim, 'web', {
    selector: { app: 'web' },
    ports: [{ port: 80, targetPort: 8080 }],
    ...spec,
  })
  runningPod(sim, {
    name: 'web-1',
    labels: { app: 'web' },
    ip: '10.244.1.5',
    node: 'worker-1',
    ports: [{ containerPort: 8080 }],
  })
  runningPod(sim, {
    name: 'web-2',
    labels: { app: 'web' },
    ip: '10.244.2.5',
    node: 'worker-2',
    ports: [{ containerPort: 8080 }],
  })
  const curl = runningPod(sim, { name: 'curl', ip: '10.244.1.9', node: 'worker-1' })
  return { sim, client: { pod: curl } }
}

function hits(n: ClusterNetwork, origin: Origin, url: string, times: number): string[] {
  const out: string[] = []
  for (let i = 0; i < times; i++) {
    const r = n.http(origin, url)
    out.push(r.ok ? r.pod! : r.error)
  }
  return out
}

describe('cluster DNS', () => {
  it('resolves Service names through the search path in the same and other namespaces', () => {
    const { sim, client } = webCluster(1)
    const ip = sim.api.get('services', 'default', 'web').spec.clusterIP
    const n = net(sim)
    for (const name of [
      'web',
      'web.default',
      'web.default.svc',
      'web.default.svc.cluster.local',
      'web.default.svc.cluster.local.',
    ])
      expect(n.resolve(client, name)?.ips).toEqual([ip])
    expect(n.resolve(client, 'web')?.name).toBe('web.default.svc.cluster.local')
    namespace(sim, 'other')
    const far = runningPod(sim, { name: 'far', namespace: 'other', ip: '10.244.2.30' })
    expect(n.resolve({ pod: far }, 'web')).toBeUndefined()
    expect(n.resolve({ pod: far }, 'web.default')?.ips).toEqual([ip])
    expect(n.resolve({ pod: far }, 'kubernetes.default')?.ips).toEqual([
      sim.api.get('services', 'default', 'kubernetes').spec.clusterIP,
    ])
  })

  it('answers pod A records, headless Services and StatefulSet hostnames', () => {
    const { sim, client } = webCluster(1)
    const n = net(sim)
    expect(n.resolve(client, '10-244-1-5.default.pod.cluster.local')?.ips).toEqual(['10.244.1.5'])
    service(sim, 'db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] })
    runningPod(sim, {
      name: 'db-0',
      labels: { app: 'db' },
      ip: '10.244.1.20',
      hostname: 'db-0',
      subdomain: 'db',
    })
    runningPod(sim, {
      name: 'db-1',
      labels: { app: 'db' },
      ip: '10.244.2.21',
      hostname: 'db-1',
      subdomain: 'db',
    })
    runningPod(sim, { name: 'db-2', labels: { app: 'db' }, ip: '10.244.2.22', ready: false })
    expect(n.resolve(client, 'db')?.ips).toEqual(['10.244.1.20', '10.244.2.21'])
    expect(n.resolve(client, 'db-1.db')?.ips).toEqual(['10.244.2.21'])
    expect(n.resolve(client, 'db-0.db.default.svc.cluster.local')?.ips).toEqual(['10.244.1.20'])
    expect(n.resolve(client, '10-244-2-21.db.default.svc.cluster.local')?.ips).toEqual([
      '10.244.2.21',
    ])
  })

  it('returns the CNAME of ExternalName Services and says the internet is out of reach', () => {
    const { sim, client } = webCluster(1)
    const n = net(sim)
    service(sim, 'baidu', { type: 'ExternalName', externalName: 'www.baidu.com' })
    service(sim, 'alias', { type: 'ExternalName', externalName: 'web.default.svc.cluster.local' })
    expect(n.resolve(client, 'baidu')).toEqual({
      name: 'baidu.default.svc.cluster.local',
      cname: 'www.baidu.com',
      ips: [],
    })
    expect(n.resolve(client, 'alias')?.ips).toEqual([
      sim.api.get('services', 'default', 'web').spec.clusterIP,
    ])
    const r = n.http(client, 'http://baidu/')
    expect(r).toMatchObject({ ok: false, error: 'resolve' })
    expect(!r.ok && r.detail).toContain('no internet access')
    expect(n.resolve(client, 'www.example.com')).toBeUndefined()
  })

  it('gives nodes no cluster names, only their own host names', () => {
    const { sim } = webCluster(1)
    const n = net(sim)
    expect(n.resolve({ node: 'control-plane' }, 'web.default.svc.cluster.local')).toBeUndefined()
    expect(n.resolve({ node: 'control-plane' }, 'worker-2')?.ips).toEqual(['192.168.49.4'])
  })
})

describe('kube-proxy routing', () => {
  it('spreads requests over ready endpoints, the same way for the same seed', () => {
    const run = (seed: number): string[] => {
      const { sim, client } = webCluster(seed)
      return hits(net(sim), client, 'http://web/', 20)
    }
    const a = run(11)
    expect(a).toEqual(run(11))
    expect(new Set(a)).toEqual(new Set(['default/web-1', 'default/web-2']))
    expect(run(12)).not.toEqual(a)
  })

  it('keeps a client on one pod with ClientIP affinity until the timeout', () => {
    const { sim, client } = webCluster(4, {
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
    })
    const first = hits(net(sim), client, 'http://web/', 10)
    expect(new Set(first).size).toBe(1)
    sim.advance(61_000)
    const later = new Set<string>()
    for (let i = 0; i < 10; i++) {
      later.add(hits(net(sim), client, 'http://web/', 1)[0])
      sim.advance(61_000)
    }
    expect(later.size).toBe(2)
  })

  it('refuses connections to a Service without endpoints and times out on unknown ports', () => {
    const { sim, client } = webCluster(1)
    service(sim, 'empty', { selector: { app: 'none' }, ports: [{ port: 80 }] })
    expect(net(sim).http(client, 'http://empty/')).toMatchObject({ ok: false, error: 'refused' })
    expect(net(sim).http(client, 'http://web:81/')).toMatchObject({ ok: false, error: 'timeout' })
    expect(net(sim).http(client, 'http://10.244.1.5:9999/')).toMatchObject({
      ok: false,
      error: 'refused',
    })
    expect(net(sim).http(client, 'http://8.8.8.8/')).toMatchObject({
      ok: false,
      error: 'unreachable',
    })
  })

  it('serves a NodePort on every node and masquerades the client', () => {
    const { sim } = webCluster(2)
    const np = service(sim, 'web-np', {
      type: 'NodePort',
      selector: { app: 'web' },
      ports: [{ port: 3000, targetPort: 8080, nodePort: 30000 }],
    })
    expect(np.spec.ports[0].nodePort).toBe(30000)
    const runtime = sim.services.get('runtime') as ReturnType<typeof echoRuntime>
    for (const ip of ['192.168.49.2', '192.168.49.3', '192.168.49.4']) {
      const r = net(sim).http({ node: 'control-plane' }, `http://${ip}:30000/`)
      expect(r).toMatchObject({ ok: true })
      expect(runtime.requests.at(-1)!.remoteAddr).toBe(ip)
    }
    expect(net(sim).http({ node: 'control-plane' }, 'http://192.168.49.3:30001/')).toMatchObject({
      ok: false,
      error: 'refused',
    })
  })

  it('routes externalIPs like the ClusterIP, and pings pods but not Service IPs', () => {
    const { sim, client } = webCluster(2, { externalIPs: ['10.10.10.10'] })
    expect(net(sim).http({ node: 'worker-1' }, 'http://10.10.10.10/')).toMatchObject({ ok: true })
    const ip = sim.api.get('services', 'default', 'web').spec.clusterIP
    expect(net(sim).ping(client, 'web')).toEqual({ ok: false, error: 'unreachable' })
    expect(net(sim).ping(client, '10.244.2.5')).toEqual({ ok: true, ip: '10.244.2.5' })
    expect(net(sim).connect(client, ip, 80)).toEqual({ ok: true, ip })
  })

  it('says when no container runtime answers, and logs recent traffic', () => {
    const { sim, client } = webCluster(1)
    sim.services.delete('runtime')
    const r = net(sim).http(client, 'http://web/')
    expect(r).toMatchObject({
      ok: false,
      error: 'refused',
      detail: 'no container runtime is running in this cluster',
    })
    const last = net(sim).traffic().at(-1)!
    expect(last).toMatchObject({
      from: 'pod/default/curl',
      service: 'default/web',
      result: 'refused',
    })
  })
})

describe('LoadBalancer Services', () => {
  it('get an address from the fake cloud after the profile delay, with service-controller events', () => {
    const sim = createSim({ seed: 6 })
    const lb = service(sim, 'lb', {
      type: 'LoadBalancer',
      selector: { app: 'web' },
      ports: [{ port: 80 }],
    })
    sim.settle()
    expect(sim.api.get('services', 'default', 'lb').status).toEqual({ loadBalancer: {} })
    sim.advance(sim.profile.loadBalancerMs - 1)
    expect(sim.api.get('services', 'default', 'lb').status.loadBalancer.ingress).toBeUndefined()
    sim.advance(1)
    const [ingress] = sim.api.get('services', 'default', 'lb').status.loadBalancer.ingress
    expect(ingress.ip).toMatch(/^203\.0\.113\.\d+$/)
    const reasons = sim.api
      .list('events', { namespace: 'default' })
      .items.filter((e) => e.involvedObject.uid === lb.metadata.uid)
      .map((e) => `${e.reason}/${e.source.component}`)
    expect(reasons).toEqual([
      'EnsuringLoadBalancer/service-controller',
      'EnsuredLoadBalancer/service-controller',
    ])
    sim.api.delete('services', 'default', 'lb')
    sim.settle()
    expect(sim.api.tryGet('services', 'default', 'lb')).toBeUndefined()
  })

  it('stay pending on minikube until minikube tunnel runs', () => {
    const cluster = { ...defaultCluster(), name: 'minikube', flavor: 'minikube' as const }
    const sim = createSim({ seed: 6, cluster })
    const lb = service(sim, 'lb', {
      type: 'LoadBalancer',
      selector: { app: 'web' },
      ports: [{ port: 80 }],
    })
    sim.advance(60_000)
    expect(sim.api.get('services', 'default', 'lb').status).toEqual({ loadBalancer: {} })
    expect(minikubeTunnel(sim, true)).toEqual(['default/lb'])
    expect(sim.api.get('services', 'default', 'lb').status.loadBalancer.ingress).toEqual([
      { ip: lb.spec.clusterIP, ipMode: 'VIP' },
    ])
    minikubeTunnel(sim, false)
    expect(sim.api.get('services', 'default', 'lb').status).toEqual({ loadBalancer: {} })
    expect(() => minikubeTunnel(createSim(), true)).toThrow('not minikube')
  })
})

describe('network state in snapshots', () => {
  it('restores affinity and traffic, and continues identically', () => {
    const { sim, client } = webCluster(9, { sessionAffinity: 'ClientIP' })
    hits(net(sim), client, 'http://web/', 3)
    const snap = sim.snapshot()
    const copy = Sim.restore(snap)
    copy.services.set('runtime', echoRuntime())
    expect(net(copy).traffic()).toEqual(net(sim).traffic())
    const curl = copy.api.get('pods', 'default', 'curl')
    expect(hits(net(copy), { pod: curl }, 'http://web/', 5)).toEqual(
      hits(net(sim), client, 'http://web/', 5),
    )
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(sim.snapshot()))
  })
})

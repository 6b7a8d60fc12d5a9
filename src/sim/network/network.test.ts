import { describe, expect, it } from 'vitest'
import { createSim, Sim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import { presetCluster } from '../cluster/presets.ts'
import { minikubeTunnel } from '../controllers/serviceLoadBalancer.ts'
import type { ClusterNetwork, Origin } from './networkApi.ts'
import type { SimNetwork } from './clusterNetwork.ts'
import { clientPod, echoRuntime, startPod } from './testing.ts'

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

/** Two hellok8s pods behind `web` (port 80 → 3000) on two nodes, and a busybox client pod. */
function webCluster(
  seed: number,
  spec: Record<string, unknown> = {},
): { sim: Sim; client: Origin } {
  const sim = createSim({ seed })
  // CoreDNS and the other add-ons come up in the first half minute of a fresh cluster.
  sim.advance(60_000)
  service(sim, 'web', {
    selector: { app: 'web' },
    ports: [{ port: 80, targetPort: 3000 }],
    ...spec,
  })
  const ports = [{ containerPort: 3000 }]
  startPod(sim, { name: 'web-1', labels: { app: 'web' }, node: 'worker-1', ports })
  startPod(sim, { name: 'web-2', labels: { app: 'web' }, node: 'worker-2', ports })
  return { sim, client: { pod: clientPod(sim) } }
}

const ipOf = (sim: Sim, name: string, ns = 'default'): string =>
  sim.api.get('pods', ns, name).status.podIP

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
    const far: Origin = { pod: clientPod(sim, 'far', 'other') }
    expect(n.resolve(far, 'web')).toBeUndefined()
    expect(n.resolve(far, 'web.default')?.ips).toEqual([ip])
    expect(n.resolve(far, 'kubernetes.default')?.ips).toEqual(['10.96.0.1'])
    expect(n.resolve(far, 'kube-dns.kube-system')?.ips).toEqual(['10.96.0.10'])
  })

  it('answers pod A records, headless Services and StatefulSet hostnames', () => {
    const { sim, client } = webCluster(1)
    const n = net(sim)
    const web1 = ipOf(sim, 'web-1')
    expect(n.resolve(client, `${web1.replace(/\./g, '-')}.default.pod.cluster.local`)?.ips).toEqual(
      [web1],
    )
    service(sim, 'db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] })
    const db = { labels: { app: 'db' }, subdomain: 'db' }
    startPod(sim, { name: 'db-0', hostname: 'db-0', node: 'worker-1', ...db })
    startPod(sim, { name: 'db-1', hostname: 'db-1', node: 'worker-2', ...db })
    startPod(sim, { name: 'db-2', hostname: 'db-2', readiness: 'never', ...db })
    const [db0, db1] = [ipOf(sim, 'db-0'), ipOf(sim, 'db-1')]
    expect(n.resolve(client, 'db')?.ips.slice().sort()).toEqual([db0, db1].sort())
    expect(n.resolve(client, 'db-1.db')?.ips).toEqual([db1])
    expect(n.resolve(client, 'db-0.db.default.svc.cluster.local')?.ips).toEqual([db0])
    expect(n.resolve(client, 'db-2.db')).toBeUndefined()
    const dashed = `${db1.replace(/\./g, '-')}.db.default.svc.cluster.local`
    expect(n.resolve(client, dashed)?.ips).toEqual([db1])
    // PTR records, as busybox nslookup prints them next to each address.
    expect(n.reverse(db0)).toBe('db-0.db.default.svc.cluster.local')
    expect(n.reverse(ipOf(sim, 'web-2'))).toBe(
      `${ipOf(sim, 'web-2').replace(/\./g, '-')}.web.default.svc.cluster.local`,
    )
    expect(n.reverse('10.96.0.10')).toBe('kube-dns.kube-system.svc.cluster.local')
    expect(n.reverse(ipOf(sim, 'db-2'))).toBeUndefined()
    expect(n.reverse('192.168.49.4')).toBeUndefined()
    // The API server's address is an endpoint of `kubernetes`, so CoreDNS has a PTR for it.
    expect(n.reverse('192.168.49.2')).toBe('192-168-49-2.kubernetes.default.svc.cluster.local')
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

  it('gives nodes no cluster names, only the node names', () => {
    const { sim } = webCluster(1)
    const n = net(sim)
    expect(n.resolve({ node: 'control-plane' }, 'web.default.svc.cluster.local')).toBeUndefined()
    expect(n.resolve({ node: 'control-plane' }, 'worker-2')?.ips).toEqual(['192.168.49.4'])
  })
})

describe('CoreDNS availability', () => {
  it('answers nothing while CoreDNS has no ready endpoint, and says why', () => {
    const { sim, client } = webCluster(1)
    const coredns = sim.api.get('deployments.apps', 'kube-system', 'coredns')
    sim.api.update('deployments.apps', { ...coredns, spec: { ...coredns.spec, replicas: 0 } })
    sim.advance(60_000)
    expect(net(sim).dnsReachable(client)).toBe(false)
    expect(net(sim).resolve(client, 'web')).toBeUndefined()
    const r = net(sim).http(client, 'http://web/')
    expect(r).toMatchObject({ ok: false, error: 'resolve' })
    expect(!r.ok && r.detail).toContain('no ready CoreDNS endpoint')
    const ip = sim.api.get('services', 'default', 'web').spec.clusterIP
    expect(net(sim).http(client, `http://${ip}/`)).toMatchObject({ ok: true })
    expect(net(sim).dnsReachable({ node: 'worker-1' })).toBe(true)
  })
})

describe('kube-proxy routing', () => {
  it("reaches the pods' applications through the ClusterIP, as in the tutorial", () => {
    const { sim, client } = webCluster(1)
    const ip = sim.api.get('services', 'default', 'web').spec.clusterIP
    const bodies = new Set<string>()
    for (let i = 0; i < 10; i++) {
      const r = net(sim).http(client, `http://${ip}:80/`)
      if (r.ok) bodies.add(r.response.body)
    }
    expect(bodies).toEqual(
      new Set([
        '[v3] Hello, Kubernetes!, From host: web-1\n',
        '[v3] Hello, Kubernetes!, From host: web-2\n',
      ]),
    )
  })

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
    expect(new Set(hits(net(sim), client, 'http://web/', 10)).size).toBe(1)
    const later = new Set<string>()
    for (let i = 0; i < 10; i++) {
      sim.advance(61_000)
      later.add(hits(net(sim), client, 'http://web/', 1)[0])
    }
    expect(later.size).toBe(2)
  })

  it('refuses connections to a Service without endpoints and times out on unknown ports', () => {
    const { sim, client } = webCluster(1)
    service(sim, 'empty', { selector: { app: 'none' }, ports: [{ port: 80 }] })
    expect(net(sim).http(client, 'http://empty/')).toMatchObject({ ok: false, error: 'refused' })
    expect(net(sim).http(client, 'http://web:81/')).toMatchObject({ ok: false, error: 'timeout' })
    expect(net(sim).http(client, `http://${ipOf(sim, 'web-1')}:9999/`)).toMatchObject({
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
    const runtime = echoRuntime()
    sim.services.set('runtime', runtime)
    const np = service(sim, 'web-np', {
      type: 'NodePort',
      selector: { app: 'web' },
      ports: [{ port: 3000, targetPort: 3000, nodePort: 30000 }],
    })
    expect(np.spec.ports[0].nodePort).toBe(30000)
    for (const ip of ['192.168.49.2', '192.168.49.3', '192.168.49.4']) {
      const r = net(sim).http({ node: 'control-plane' }, `http://${ip}:30000/`)
      expect(r).toMatchObject({ ok: true })
      expect(runtime.requests.at(-1)!.remoteAddr).toBe(ip)
    }
    const other = net(sim).http({ node: 'control-plane' }, 'http://192.168.49.3:30001/')
    expect(other).toMatchObject({ ok: false, error: 'refused' })
  })

  it('routes externalIPs like the ClusterIP, and pings pods but not Service IPs', () => {
    const { sim, client } = webCluster(2, { externalIPs: ['10.10.10.10'] })
    expect(net(sim).http({ node: 'worker-1' }, 'http://10.10.10.10/')).toMatchObject({ ok: true })
    const ip = sim.api.get('services', 'default', 'web').spec.clusterIP
    expect(net(sim).ping(client, 'web')).toEqual({ ok: false, error: 'unreachable' })
    const web2 = ipOf(sim, 'web-2')
    expect(net(sim).ping(client, web2)).toEqual({ ok: true, ip: web2 })
    expect(net(sim).connect(client, ip, 80)).toEqual({ ok: true, ip })
  })

  it('says when no container runtime answers, and logs recent traffic', () => {
    const { sim, client } = webCluster(1)
    sim.services.delete('runtime')
    expect(net(sim).http(client, 'http://web/')).toMatchObject({
      ok: false,
      error: 'refused',
      detail: 'no container runtime is running in this cluster',
    })
    expect(net(sim).traffic().at(-1)).toMatchObject({
      from: 'pod/default/curl',
      service: 'default/web',
      result: 'refused',
    })
  })
})

describe('kube-proxy availability', () => {
  it('gives no Service routing on a node without kube-proxy', () => {
    const { sim } = webCluster(1)
    const ip = sim.api.get('services', 'default', 'web').spec.clusterIP
    expect(net(sim).connect({ node: 'worker-1' }, ip, 80)).toEqual({ ok: true, ip })
    // Keep kube-proxy off worker-1, as a broken node would be.
    const ds = sim.api.get('daemonsets.apps', 'kube-system', 'kube-proxy')
    const notOnWorker1 = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['worker-1'] },
              ],
            },
          ],
        },
      },
    }
    const template = {
      ...ds.spec.template,
      spec: { ...ds.spec.template.spec, affinity: notOnWorker1 },
    }
    sim.api.update('daemonsets.apps', { ...ds, spec: { ...ds.spec, template } })
    const onWorker1 = (): boolean =>
      sim.api
        .list('pods', { namespace: 'kube-system', labelSelector: 'k8s-app=kube-proxy' })
        .items.some((p) => p.spec.nodeName === 'worker-1')
    expect(sim.advanceUntil(() => !onWorker1(), 300_000)).toBe(true)
    expect(net(sim).connect({ node: 'worker-1' }, ip, 80)).toEqual({ ok: false, error: 'timeout' })
    sim.advance(60_000)
    expect(net(sim).connect({ node: 'worker-2' }, ip, 80)).toEqual({ ok: true, ip })
  })
})

describe('Services without a selector', () => {
  it('route to the addresses of hand-written Endpoints, and reach the API server', () => {
    const { sim, client } = webCluster(1)
    service(sim, 'manual', { ports: [{ port: 80, targetPort: 3000 }] })
    sim.api.create('endpoints', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'manual' },
      subsets: [{ addresses: [{ ip: ipOf(sim, 'web-2') }], ports: [{ port: 3000 }] }],
    })
    sim.settle()
    const r = net(sim).http(client, 'http://manual/')
    expect(r).toMatchObject({ ok: true, pod: 'default/web-2' })
    service(sim, 'outside', { clusterIP: 'None', ports: [{ port: 80 }] })
    sim.api.create('endpoints', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'outside' },
      subsets: [{ addresses: [{ ip: '14.119.104.189' }], ports: [{ port: 80 }] }],
    })
    expect(net(sim).resolve(client, 'outside')?.ips).toEqual(['14.119.104.189'])
    expect(net(sim).http(client, 'http://outside/')).toMatchObject({
      ok: false,
      error: 'unreachable',
    })
    // `kubernetes` → 192.168.49.2:6443, where the kube-apiserver static pod listens.
    expect(net(sim).connect(client, 'kubernetes.default', 443)).toEqual({
      ok: true,
      ip: '10.96.0.1',
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
    expect(sim.api.get('services', 'default', 'lb').status).toEqual({ loadBalancer: {} })
    sim.advance(sim.profile.loadBalancerMs - 1)
    expect(sim.api.get('services', 'default', 'lb').status.loadBalancer.ingress).toBeUndefined()
    sim.advance(1)
    const [ingress] = sim.api.get('services', 'default', 'lb').status.loadBalancer.ingress
    expect(ingress).toEqual({ ip: expect.stringMatching(/^203\.0\.113\.\d+$/), ipMode: 'VIP' })
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
    const sim = createSim({ seed: 6, cluster: presetCluster('minikube') })
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
  it('finishes a pending load balancer after restore, identically', () => {
    const sim = createSim({ seed: 8 })
    service(sim, 'lb', { type: 'LoadBalancer', selector: { app: 'x' }, ports: [{ port: 80 }] })
    sim.advance(sim.profile.loadBalancerMs / 2)
    const copy = Sim.restore(sim.snapshot())
    for (const s of [sim, copy]) s.advance(sim.profile.loadBalancerMs)
    const ip = (s: Sim): string =>
      s.api.get('services', 'default', 'lb').status.loadBalancer.ingress[0].ip
    expect(ip(copy)).toBe(ip(sim))
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(sim.snapshot()))
  })

  it('restores affinity and traffic, and continues identically', () => {
    const { sim, client } = webCluster(9, { sessionAffinity: 'ClientIP' })
    hits(net(sim), client, 'http://web/', 3)
    const copy = Sim.restore(sim.snapshot())
    expect(net(copy).traffic()).toEqual(net(sim).traffic())
    const curl: Origin = { pod: copy.api.get('pods', 'default', 'curl') }
    expect(hits(net(copy), curl, 'http://web/', 5)).toEqual(
      hits(net(sim), client, 'http://web/', 5),
    )
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(sim.snapshot()))
  })
})

import type { KObject } from '../api/types.ts'
import type { ContainerRuntime } from '../kubelet/runtimeApi.ts'
import type { HttpResult } from './http.ts'
import type { ClusterNetwork, Origin, ResolveResult } from './networkApi.ts'
import type { TrafficEntry } from './kubeProxy.ts'
import { dnsReachable, resolve as dnsResolve, reverseLookup } from './dns.ts'
import { nodeAddresses, podByIP, route, type Route, type RouteDeps } from './routing.ts'

/** Looks the container runtime up on each call: it is installed by another part of the engine. */
export type RuntimeLookup = () => ContainerRuntime | undefined

function describeOrigin(origin: Origin): string {
  if ('pod' in origin) return `pod/${origin.pod.metadata.namespace}/${origin.pod.metadata.name}`
  return `node/${origin.node}`
}

const ref = (o: KObject): string => `${o.metadata.namespace}/${o.metadata.name}`

function parseUrl(url: string): { host: string; port: number; path: string; scheme: string } {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/:?#]+)(?::(\d+))?([^#]*)/.exec(url.trim())
  const scheme = (m?.[1] ?? 'http').toLowerCase()
  const host = m?.[2] ?? ''
  const port = m?.[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80
  const path = m?.[4] || '/'
  return { host, port, path: path.startsWith('/') ? path : `/${path}`, scheme }
}

/**
 * The cluster network service (`network`): CoreDNS answers, kube-proxy routes, and the pod's
 * application answers through the container runtime. Every request is logged for the live graph.
 */
export class SimNetwork implements ClusterNetwork {
  constructor(
    private readonly deps: RouteDeps,
    private readonly runtime: RuntimeLookup,
  ) {}

  resolve(origin: Origin, name: string): ResolveResult | undefined {
    return dnsResolve(this.deps, origin, name)
  }

  dnsReachable(origin: Origin): boolean {
    return dnsReachable(this.deps, origin)
  }

  reverse(ip: string): string | undefined {
    return reverseLookup(this.deps, ip)
  }

  /** Recent requests, oldest first (serialisable; part of the snapshot). */
  traffic(): readonly TrafficEntry[] {
    return this.deps.proxy.state.traffic
  }

  private lookupHost(origin: Origin, host: string): { ip: string } | { error: string } {
    const r = this.resolve(origin, host)
    if (!r && !this.dnsReachable(origin))
      return {
        error: `${host}: no DNS server answered: the kube-dns Service in kube-system has no ready CoreDNS endpoint`,
      }
    if (!r) {
      const inCluster = host.replace(/\.$/, '').endsWith(this.deps.cluster.domain)
      return {
        error: inCluster
          ? `${host}: no such name in the cluster DNS`
          : `${host}: not a cluster name, and the simulated cluster has no internet access to resolve it`,
      }
    }
    if (r.ips.length === 0)
      return {
        error: `${host} is an alias (CNAME) for ${r.cname}, which would need the internet to resolve: the simulated cluster has no internet access`,
      }
    // CoreDNS's loadbalance plugin shuffles A records, so clients spread over headless endpoints.
    return { ip: r.ips.length === 1 ? r.ips[0] : r.ips[this.deps.rng.int(r.ips.length)] }
  }

  private log(origin: Origin, r: Route): void {
    this.deps.proxy.record({
      time: this.deps.clock.now(),
      from: describeOrigin(origin),
      service: r.service ? ref(r.service) : undefined,
      pod: r.ok ? ref(r.pod) : undefined,
      result: r.ok ? 'ok' : r.error,
    })
  }

  http(
    origin: Origin,
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): HttpResult {
    const u = parseUrl(url)
    const found = this.lookupHost(origin, u.host)
    if ('error' in found) return { ok: false, error: 'resolve', detail: found.error }
    const r = route(this.deps, origin, found.ip, u.port)
    if (!r.ok) {
      this.log(origin, r)
      return { ok: false, error: r.error, detail: r.detail }
    }
    const runtime = this.runtime()
    const headers = { ...(init.headers ?? {}) }
    const hostHeader =
      Object.entries(headers).find(([k]) => k.toLowerCase() === 'host')?.[1] ??
      (u.port === (u.scheme === 'https' ? 443 : 80) ? u.host : `${u.host}:${u.port}`)
    const response = runtime?.http(r.pod, r.port, {
      method: init.method ?? 'GET',
      path: u.path,
      host: hostHeader,
      headers,
      body: init.body ?? '',
      remoteAddr: r.remoteAddr,
    })
    if (!response) {
      const failed: Route = {
        ok: false,
        error: 'refused',
        detail: runtime
          ? `nothing listens on port ${r.port} in pod ${ref(r.pod)}`
          : 'no container runtime is running in this cluster',
        service: r.service,
      }
      this.log(origin, failed)
      return { ok: false, error: 'refused', detail: failed.detail }
    }
    this.log(origin, r)
    return { ok: true, response, pod: ref(r.pod), ip: found.ip, port: u.port }
  }

  connect(
    origin: Origin,
    host: string,
    port: number,
  ): { ok: true; ip: string } | { ok: false; error: 'resolve' | 'refused' | 'timeout' } {
    const found = this.lookupHost(origin, host)
    if ('error' in found) return { ok: false, error: 'resolve' }
    const r = route(this.deps, origin, found.ip, port)
    const listening = r.ok && (this.runtime()?.listening(r.pod, r.port) ?? false)
    const logged: Route =
      r.ok && !listening ? { ok: false, error: 'refused', detail: '', service: r.service } : r
    this.log(origin, logged)
    if (logged.ok) return { ok: true, ip: found.ip }
    return {
      ok: false,
      error: logged.error === 'timeout' || logged.error === 'unreachable' ? 'timeout' : 'refused',
    }
  }

  ping(
    origin: Origin,
    host: string,
  ): { ok: true; ip: string } | { ok: false; error: 'resolve' | 'unreachable' } {
    const found = this.lookupHost(origin, host)
    if ('error' in found) return { ok: false, error: 'resolve' }
    const ip = found.ip
    if (ip === '127.0.0.1') return { ok: true, ip }
    // Pods and nodes answer ICMP; a ClusterIP is only a kube-proxy rule for TCP/UDP ports.
    if (podByIP(this.deps.api, ip) || nodeAddresses(this.deps).some((n) => n.ip === ip))
      return { ok: true, ip }
    return { ok: false, error: 'unreachable' }
  }
}

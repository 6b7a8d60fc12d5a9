import type { KObject } from '../api/types.ts'
import type { HttpResult } from './http.ts'

/** Where a request starts: inside a pod, on a node, or on the learner's machine through port-forward. */
export type Origin = { pod: KObject } | { node: string }

export interface ResolveResult {
  /** Canonical name after search paths and CNAMEs, e.g. `web.default.svc.cluster.local`. */
  name: string
  ips: string[]
  /** For ExternalName Services. */
  cname?: string
}

/**
 * The cluster network (registered as service `network`): CoreDNS, kube-proxy and pod routing.
 * Shell tools (curl, wget, nslookup, ping), probes and port-forward use it.
 */
export interface ClusterNetwork {
  /** DNS lookup as the origin's resolv.conf would do it (search paths, ndots:5). */
  resolve(origin: Origin, name: string): ResolveResult | undefined
  /**
   * Reverse (PTR) lookup through CoreDNS, as busybox nslookup prints next to each address:
   * `kubernetes.default.svc.cluster.local` for a ClusterIP, `<hostname or a-b-c-d>.<svc>.<ns>.svc...`
   * for an endpoint address. Undefined when CoreDNS has no PTR record (node IPs, lone pods).
   */
  reverse?(ip: string): string | undefined
  /**
   * Whether the origin's nameserver answers at all: a ClusterFirst pod's only does while CoreDNS
   * has a ready endpoint (nslookup: ";; connection timed out; no servers could be reached").
   */
  dnsReachable?(origin: Origin): boolean
  /** An HTTP request to `url` (http://host[:port]/path) from `origin`. */
  http(
    origin: Origin,
    url: string,
    init?: { method?: string; headers?: Record<string, string>; body?: string },
  ): HttpResult
  /** A TCP connect from origin to ip:port (nc -z, tcp probes through Services). */
  connect(
    origin: Origin,
    host: string,
    port: number,
  ): { ok: true; ip: string } | { ok: false; error: 'resolve' | 'refused' | 'timeout' }
  /** ICMP reachability: pod and node IPs answer; Service ClusterIPs do not (kube-proxy iptables mode). */
  ping(
    origin: Origin,
    host: string,
  ): { ok: true; ip: string } | { ok: false; error: 'resolve' | 'unreachable' }
}

import type { KObject } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import type { ClusterSpec } from '../cluster/spec.ts'
import type { Origin, ResolveResult } from './networkApi.ts'
import { isIPv4 } from './ipam.ts'

/** resolv.conf `options ndots:5` as the kubelet writes it for ClusterFirst pods. */
export const NDOTS = 5

export interface DnsDeps {
  api: ApiServer
  cluster: ClusterSpec
}

/** The search path the kubelet writes into a ClusterFirst pod's resolv.conf. */
export function searchPath(namespace: string, domain: string): string[] {
  return [`${namespace}.svc.${domain}`, `svc.${domain}`, domain]
}

/** Whether a pod's lookups go to CoreDNS (dnsPolicy ClusterFirst) or to the node's resolver. */
function usesClusterDns(pod: KObject): boolean {
  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst'
  if (policy === 'Default' || policy === 'None') return false
  if (pod.spec?.hostNetwork) return policy === 'ClusterFirstWithHostNet'
  return true
}

function nodeIP(deps: DnsDeps, name: string): string | undefined {
  return deps.cluster.nodes.find((n) => n.name === name)?.ip
}

/** What a node's own resolver knows: its /etc/hosts (the cluster's node names), nothing of cluster.local. */
function resolveOnNode(deps: DnsDeps, name: string): ResolveResult | undefined {
  if (name === 'localhost') return { name, ips: ['127.0.0.1'] }
  const ip = nodeIP(deps, name)
  return ip ? { name, ips: [ip] } : undefined
}

/**
 * Whether the origin's nameserver answers. Nodes use their own resolver; ClusterFirst pods ask
 * 10.96.0.10, which only answers while the kube-dns Service has a ready CoreDNS endpoint.
 */
export function dnsReachable(deps: DnsDeps, origin: Origin): boolean {
  if ('node' in origin || !usesClusterDns(origin.pod)) return true
  if (!deps.api.tryGet('services', 'kube-system', 'kube-dns')) return false
  const ep = deps.api.tryGet('endpoints', 'kube-system', 'kube-dns')
  return (ep?.subsets ?? []).some(
    (s: Record<string, any>) =>
      (s.addresses ?? []).length > 0 &&
      (s.ports ?? []).some((p: Record<string, any>) => p.port === 53),
  )
}

/** Lookup as a pod's resolver does it: /etc/hosts, then search paths with ndots, then CoreDNS. */
export function resolve(deps: DnsDeps, origin: Origin, raw: string): ResolveResult | undefined {
  const name = raw.toLowerCase()
  if (isIPv4(name)) return { name, ips: [name] }
  if ('node' in origin) return resolveOnNode(deps, name.replace(/\.$/, ''))
  const pod = origin.pod
  const bare = name.replace(/\.$/, '')
  if (bare === 'localhost') return { name: bare, ips: ['127.0.0.1'] }
  const self = pod.spec?.hostname || pod.metadata.name
  if (bare === self && pod.status?.podIP) return { name: bare, ips: [pod.status.podIP] }
  if (!usesClusterDns(pod)) return resolveOnNode(deps, bare)
  if (!dnsReachable(deps, origin)) return undefined
  const domain = deps.cluster.domain
  const candidates: string[] = []
  if (name.endsWith('.')) candidates.push(bare)
  else {
    const search = searchPath(pod.metadata.namespace ?? 'default', domain).map(
      (s) => `${bare}.${s}`,
    )
    const dots = bare.split('.').length - 1
    if (dots >= NDOTS) candidates.push(bare, ...search)
    else candidates.push(...search, bare)
  }
  for (const fqdn of candidates) {
    const r = lookup(deps, fqdn, 0)
    if (r) return r
  }
  return undefined
}

/** CoreDNS's kubernetes plugin for one fully qualified name (no trailing dot). */
export function lookup(deps: DnsDeps, fqdn: string, depth: number): ResolveResult | undefined {
  const suffix = `.${deps.cluster.domain}`
  if (!fqdn.endsWith(suffix)) return undefined
  const labels = fqdn.slice(0, -suffix.length).split('.')
  if (labels.length === 3 && labels[2] === 'svc')
    return serviceRecord(deps, fqdn, labels[1], labels[0], depth)
  if (labels.length === 4 && labels[3] === 'svc')
    return endpointRecord(deps, fqdn, labels[2], labels[1], labels[0])
  // `pods insecure` (kubeadm's Corefile): any dashed IPv4 answers with that address.
  if (labels.length === 3 && labels[2] === 'pod') {
    const ip = labels[0].replace(/-/g, '.')
    if (isIPv4(ip) && labels[0].split('-').length === 4) return { name: fqdn, ips: [ip] }
  }
  return undefined
}

function readyAddresses(deps: DnsDeps, namespace: string, name: string): Record<string, any>[] {
  const ep = deps.api.tryGet('endpoints', namespace, name)
  const out: Record<string, any>[] = []
  for (const s of ep?.subsets ?? []) out.push(...(s.addresses ?? []))
  return out
}

function serviceRecord(
  deps: DnsDeps,
  fqdn: string,
  namespace: string,
  name: string,
  depth: number,
): ResolveResult | undefined {
  const svc = deps.api.tryGet('services', namespace, name)
  if (!svc) return undefined
  if (svc.spec?.type === 'ExternalName') {
    const cname = String(svc.spec.externalName ?? '').replace(/\.$/, '')
    // A CNAME into the cluster zone is answered in full; anything else would need the internet.
    const inner = depth < 8 ? lookup(deps, cname, depth + 1) : undefined
    return { name: fqdn, cname, ips: inner?.ips ?? [] }
  }
  if (svc.spec?.clusterIP === 'None') {
    const ips = [...new Set(readyAddresses(deps, namespace, name).map((a) => a.ip as string))]
    return ips.length ? { name: fqdn, ips } : undefined
  }
  return svc.spec?.clusterIP ? { name: fqdn, ips: [svc.spec.clusterIP] } : undefined
}

/** `<hostname>.<svc>.<ns>.svc` (StatefulSet pods) or `<dashed-ip>.<svc>.<ns>.svc` of a headless Service. */
function endpointRecord(
  deps: DnsDeps,
  fqdn: string,
  namespace: string,
  service: string,
  host: string,
): ResolveResult | undefined {
  const svc = deps.api.tryGet('services', namespace, service)
  if (!svc || svc.spec?.clusterIP !== 'None') return undefined
  for (const a of readyAddresses(deps, namespace, service)) {
    if (a.hostname === host || a.ip.replace(/\./g, '-') === host) return { name: fqdn, ips: [a.ip] }
  }
  return undefined
}

/** CoreDNS's kubernetes plugin PTR answer: a Service's ClusterIP, else a ready endpoint of a Service. */
export function reverseLookup(deps: DnsDeps, ip: string): string | undefined {
  const domain = deps.cluster.domain
  const services = deps.api.list('services').items
  const svc = services.find((s) => (s.spec?.clusterIPs ?? []).includes(ip))
  if (svc) return `${svc.metadata.name}.${svc.metadata.namespace}.svc.${domain}`
  for (const ep of deps.api.list('endpoints').items) {
    for (const s of ep.subsets ?? []) {
      for (const a of s.addresses ?? []) {
        if (a.ip !== ip) continue
        const host = a.hostname || ip.replace(/\./g, '-')
        return `${host}.${ep.metadata.name}.${ep.metadata.namespace}.svc.${domain}`
      }
    }
  }
  return undefined
}

import type { KObject } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import type { ClusterSpec } from '../cluster/spec.ts'
import type { VirtualClock } from '../runtime/clock.ts'
import type { Rng } from '../runtime/rng.ts'
import type { KubeProxy } from './kubeProxy.ts'
import type { NetworkError } from './http.ts'
import type { Origin } from './networkApi.ts'
import { cidrContains } from './ipam.ts'

type Spec = Record<string, any>

export interface RouteDeps {
  api: ApiServer
  cluster: ClusterSpec
  rng: Rng
  clock: VirtualClock
  proxy: KubeProxy
  /** Whether something in the pod accepts connections on the port (the container runtime's view). */
  listening?: (pod: KObject, port: number) => boolean
}

/** Where a connection to ip:port lands after kube-proxy's rules. */
export type Route =
  | {
      ok: true
      pod: KObject
      port: number
      service?: KObject
      /** Source address the pod sees (the client, or a node after SNAT). */
      remoteAddr: string
    }
  | { ok: false; error: NetworkError; detail: string; service?: KObject }

export interface NodeAddr {
  name: string
  ip: string
}

/** Node InternalIPs: from Node objects when the cluster has them, else from the cluster spec. */
export function nodeAddresses(deps: Pick<RouteDeps, 'api' | 'cluster'>): NodeAddr[] {
  const out = new Map<string, string>()
  for (const n of deps.cluster.nodes) out.set(n.name, n.ip)
  for (const n of deps.api.list('nodes').items) {
    const ip = (n.status?.addresses ?? []).find((a: Spec) => a.type === 'InternalIP')?.address
    if (ip) out.set(n.metadata.name!, ip)
  }
  return [...out].map(([name, ip]) => ({ name, ip }))
}

export function originIP(deps: RouteDeps, origin: Origin): string {
  if ('pod' in origin) return origin.pod.status?.podIP ?? ''
  return nodeAddresses(deps).find((n) => n.name === origin.node)?.ip ?? ''
}

function originNode(origin: Origin): string | undefined {
  return 'pod' in origin ? origin.pod.spec?.nodeName : origin.node
}

function isTerminal(pod: KObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed'
}

/** Whether kube-proxy runs on the node, so that its Service rules exist there. */
function kubeProxyRunning(deps: RouteDeps, node: string | undefined): boolean {
  if (!node) return false
  return deps.api
    .list('pods', { namespace: 'kube-system', labelSelector: 'k8s-app=kube-proxy' })
    .items.some((p) => p.spec?.nodeName === node && p.status?.phase === 'Running')
}

export function podByIP(api: ApiServer, ip: string): KObject | undefined {
  return api
    .list('pods')
    .items.find((p) => p.status?.podIP === ip && !isTerminal(p) && !p.spec?.hostNetwork)
}

interface Candidate {
  ip: string
  port: number
  nodeName?: string
  /** The pod behind the address; absent for hand-written Endpoints (and the API server's). */
  ref?: { namespace: string; name: string }
}

/** Ready endpoints serving the Service port, from the Endpoints object kube-proxy watches. */
function candidates(api: ApiServer, svc: KObject, svcPort: Spec): Candidate[] {
  const ep = api.tryGet('endpoints', svc.metadata.namespace, svc.metadata.name!)
  const out: Candidate[] = []
  for (const s of ep?.subsets ?? []) {
    const p = (s.ports ?? []).find((x: Spec) => (x.name ?? '') === (svcPort.name ?? ''))
    if (!p) continue
    for (const a of s.addresses ?? [])
      out.push({
        ip: a.ip,
        port: p.port,
        nodeName: a.nodeName,
        ref: a.targetRef?.kind === 'Pod' ? a.targetRef : undefined,
      })
  }
  return out
}

/**
 * kube-proxy (iptables mode) for one Service port: a uniformly random ready endpoint, ClientIP
 * affinity kept for timeoutSeconds, REJECT (connection refused) when there is no endpoint at all,
 * DROP (timeout) when a Local traffic policy leaves no endpoint on this node.
 */
function balance(
  deps: RouteDeps,
  svc: KObject,
  svcPort: Spec,
  clientIP: string,
  node: string | undefined,
  policy: 'Cluster' | 'Local',
  remoteAddr: string,
): Route {
  const svcName = `${svc.metadata.namespace}/${svc.metadata.name}`
  let eps = candidates(deps.api, svc, svcPort)
  if (eps.length === 0)
    return {
      ok: false,
      error: 'refused',
      detail: `service ${svcName} has no endpoints (kube-proxy rejects the connection)`,
      service: svc,
    }
  if (policy === 'Local') {
    eps = eps.filter((e) => e.nodeName === node)
    if (eps.length === 0)
      return {
        ok: false,
        error: 'timeout',
        detail: `service ${svcName} has no endpoints on node ${node} and its traffic policy is Local (kube-proxy drops the packets)`,
        service: svc,
      }
  }
  let chosen: Candidate | undefined
  const affinity = svc.spec?.sessionAffinity === 'ClientIP'
  const akey = `${svcName}:${svcPort.name ?? ''}|${clientIP}`
  const now = deps.clock.now()
  if (affinity) {
    const held = deps.proxy.state.affinity[akey]
    if (held && held.expiresAt > now)
      chosen = eps.find((e) => `${e.ip}:${e.port}` === held.endpoint)
  }
  chosen ??= eps[deps.rng.int(eps.length)]
  if (affinity) {
    const timeout = svc.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800
    deps.proxy.state.affinity[akey] = {
      endpoint: `${chosen.ip}:${chosen.port}`,
      expiresAt: now + timeout * 1000,
    }
  }
  if (!chosen.ref)
    return { ...routeAddress(deps, chosen.ip, chosen.port, remoteAddr), service: svc }
  const pod = deps.api.tryGet('pods', chosen.ref.namespace, chosen.ref.name)
  if (!pod)
    return { ok: false, error: 'refused', detail: `endpoint ${chosen.ip} is gone`, service: svc }
  return { ok: true, pod, port: chosen.port, service: svc, remoteAddr }
}

/** After DNAT to an address that is not a known pod endpoint: a pod, a node, or outside. */
function routeAddress(deps: RouteDeps, ip: string, port: number, remoteAddr: string): Route {
  const pod = podByIP(deps.api, ip)
  if (pod) return { ok: true, pod, port, remoteAddr }
  const node = nodeAddresses(deps).find((n) => n.ip === ip)
  if (node) return routeToNode(deps, node.name, port, remoteAddr)
  return outside(deps, ip)
}

function outside(deps: RouteDeps, ip: string): Route {
  if (cidrContains(deps.cluster.podCIDR, ip) || cidrContains(deps.cluster.serviceCIDR, ip))
    return { ok: false, error: 'timeout', detail: `no pod or Service has the address ${ip}` }
  return {
    ok: false,
    error: 'unreachable',
    detail: `${ip} is outside the cluster: the simulated cluster has no internet access`,
  }
}

function servicePort(svc: KObject, port: number, field: 'port' | 'nodePort'): Spec | undefined {
  return (svc.spec?.ports ?? []).find(
    (p: Spec) => p[field] === port && (p.protocol ?? 'TCP') === 'TCP',
  )
}

/** Follows a TCP connection from `origin` to ip:port through kube-proxy's rules to a pod. */
export function route(deps: RouteDeps, origin: Origin, ip: string, port: number): Route {
  const clientIP = originIP(deps, origin)
  const node = originNode(origin)
  if (ip === '127.0.0.1' || ip === clientIP) {
    if ('pod' in origin) return { ok: true, pod: origin.pod, port, remoteAddr: '127.0.0.1' }
    return routeToNode(deps, origin.node, port, '127.0.0.1')
  }
  const services = deps.api.list('services').items
  for (const svc of services) {
    const spec = svc.spec ?? {}
    if (spec.type === 'ExternalName') continue
    const isClusterIP = spec.clusterIP && spec.clusterIP !== 'None' && spec.clusterIP === ip
    const isExternal =
      (spec.externalIPs ?? []).includes(ip) ||
      (svc.status?.loadBalancer?.ingress ?? []).some((i: Spec) => i.ip === ip)
    if (!isClusterIP && !isExternal) continue
    if (!kubeProxyRunning(deps, node))
      return {
        ok: false,
        error: 'timeout',
        detail: `kube-proxy is not running on node ${node}, so no rule sends ${ip} anywhere`,
        service: svc,
      }
    const sp = servicePort(svc, port, 'port')
    if (!sp)
      return {
        ok: false,
        error: 'timeout',
        detail: `service ${svc.metadata.namespace}/${svc.metadata.name} has no port ${port}: no rule matches, so nothing answers`,
        service: svc,
      }
    const policy = isClusterIP ? (spec.internalTrafficPolicy ?? 'Cluster') : 'Cluster'
    return balance(deps, svc, sp, clientIP, node, policy, clientIP)
  }
  const target = nodeAddresses(deps).find((n) => n.ip === ip)
  if (target) return routeToNode(deps, target.name, port, clientIP)
  const pod = podByIP(deps.api, ip)
  if (pod) return { ok: true, pod, port, remoteAddr: clientIP }
  return outside(deps, ip)
}

/** A connection to a node: NodePort Services on every node, then hostPorts of pods on that node. */
function routeToNode(deps: RouteDeps, nodeName: string, port: number, clientIP: string): Route {
  const nodeIP = nodeAddresses(deps).find((n) => n.name === nodeName)?.ip ?? clientIP
  // Without kube-proxy on the node there are no NodePort rules: the port is simply closed.
  const proxied = kubeProxyRunning(deps, nodeName)
  for (const svc of proxied ? deps.api.list('services').items : []) {
    const type = svc.spec?.type
    if (type !== 'NodePort' && type !== 'LoadBalancer') continue
    const sp = servicePort(svc, port, 'nodePort')
    if (!sp) continue
    const local = svc.spec?.externalTrafficPolicy === 'Local'
    // With policy Cluster the packet is masqueraded, so the pod sees the node's address.
    return balance(
      deps,
      svc,
      sp,
      clientIP,
      nodeName,
      local ? 'Local' : 'Cluster',
      local ? clientIP : nodeIP,
    )
  }
  for (const pod of deps.api.list('pods').items) {
    if (pod.spec?.nodeName !== nodeName || isTerminal(pod)) continue
    for (const c of pod.spec?.containers ?? [])
      for (const p of c.ports ?? [])
        if (p.hostPort === port && (p.protocol ?? 'TCP') === 'TCP')
          return { ok: true, pod, port: p.containerPort, remoteAddr: clientIP }
  }
  // Host-network pods (the control plane's static pods, for one) listen on the node's address.
  for (const pod of deps.api.list('pods').items) {
    if (pod.spec?.nodeName !== nodeName || !pod.spec?.hostNetwork || isTerminal(pod)) continue
    if (deps.listening?.(pod, port)) return { ok: true, pod, port, remoteAddr: clientIP }
  }
  return {
    ok: false,
    error: 'refused',
    detail: `nothing listens on port ${port} of node ${nodeName}`,
  }
}

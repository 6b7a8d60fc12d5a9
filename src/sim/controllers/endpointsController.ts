import type { KObject } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import { isNotFound } from '../api/errors.ts'
import { selfKeys, splitKey, type Controller } from '../runtime/controller.ts'
import {
  TRIGGER_TIME,
  derivedLabels,
  endpointHostname,
  findPort,
  hasSelector,
  isPodReady,
  podIP,
  podToServiceKeys,
  sameJson,
  selectedPods,
  shouldPodBeInEndpoints,
} from './serviceEndpoints.ts'

type Spec = Record<string, any>

interface Address {
  ip: string
  hostname?: string
  nodeName?: string
  targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string }
}

function address(pod: KObject, svc: KObject): Address {
  // Field order follows core/v1 EndpointAddress: ip, hostname, nodeName, targetRef.
  const a: Address = {
    ip: podIP(pod)!,
    hostname: endpointHostname(pod, svc),
    nodeName: pod.spec?.nodeName || undefined,
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata.namespace!,
      name: pod.metadata.name!,
      uid: pod.metadata.uid!,
    },
  }
  if (!a.hostname) delete a.hostname
  if (!a.nodeName) delete a.nodeName
  return a
}

/** LessEndpointAddress: byte order of the IP string, then the pod uid. */
function compareAddresses(a: Address, b: Address): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1
  return a.targetRef.uid < b.targetRef.uid ? -1 : a.targetRef.uid > b.targetRef.uid ? 1 : 0
}

/**
 * The subsets the endpoints controller computes (syncService + RepackSubsets): every (pod, port)
 * pair, then addresses grouped by the exact set of ports they serve.
 */
export function computeSubsets(svc: KObject, pods: KObject[]): Spec[] | undefined {
  const tolerateUnready = svc.spec?.publishNotReadyAddresses === true
  const ports: Spec[] = svc.spec?.ports ?? []
  const headless = svc.spec?.clusterIP === 'None'
  // port key → (address key → [address, ready])
  const byPort = new Map<string, { port: Spec | null; addrs: Map<string, [Address, boolean]> }>()
  const add = (port: Spec | null, addr: Address, ready: boolean): void => {
    const k = port ? JSON.stringify(port) : ''
    let e = byPort.get(k)
    if (!e) byPort.set(k, (e = { port, addrs: new Map() }))
    e.addrs.set(`${addr.ip}/${addr.targetRef.uid}`, [addr, ready])
  }
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue
    const addr = address(pod, svc)
    const ready = tolerateUnready || isPodReady(pod)
    if (ports.length === 0 && headless) add(null, addr, ready)
    for (const sp of ports) {
      const n = findPort(pod, sp)
      if (n === undefined) continue
      const ep: Spec = {}
      if (sp.name) ep.name = sp.name
      ep.port = n
      ep.protocol = sp.protocol ?? 'TCP'
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol
      add(ep, addr, ready)
    }
  }
  const groups = new Map<string, { addrs: Map<string, [Address, boolean]>; ports: Spec[] }>()
  for (const { port, addrs } of byPort.values()) {
    const key = [...addrs.entries()]
      .map(([k, [, r]]) => `${k}:${r}`)
      .sort()
      .join(',')
    let g = groups.get(key)
    if (!g) groups.set(key, (g = { addrs, ports: [] }))
    if (port) g.ports.push(port)
  }
  const subsets: Spec[] = []
  for (const g of groups.values()) {
    const all = [...g.addrs.values()]
    const ready = all.filter(([, r]) => r).map(([a]) => a)
    const notReady = all.filter(([, r]) => !r).map(([a]) => a)
    const s: Spec = {}
    if (ready.length) s.addresses = ready.sort(compareAddresses)
    if (notReady.length) s.notReadyAddresses = notReady.sort(compareAddresses)
    if (g.ports.length)
      s.ports = g.ports.sort(
        (a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port,
      )
    subsets.push(s)
  }
  subsets.sort((a, b) => {
    const fa = (a.addresses ?? a.notReadyAddresses)[0].ip
    const fb = (b.addresses ?? b.notReadyAddresses)[0].ip
    return fa < fb ? -1 : fa > fb ? 1 : 0
  })
  return subsets.length ? subsets : undefined
}

const MAX_CAPACITY = 1000
const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity'

/**
 * truncateEndpoints: an Endpoints object keeps at most 1000 addresses. Not-ready ones go first;
 * if ready ones alone are too many, each subset keeps its proportional share of them.
 */
export function truncateSubsets(subsets: Spec[]): boolean {
  const count = (k: string): number => subsets.reduce((n, s) => n + (s[k]?.length ?? 0), 0)
  const totalReady = count('addresses')
  const totalNotReady = count('notReadyAddresses')
  if (totalReady + totalNotReady <= MAX_CAPACITY) return false
  const truncateReady = totalReady > MAX_CAPACITY
  const max = truncateReady ? MAX_CAPACITY : MAX_CAPACITY - totalReady
  const numTotal = truncateReady ? totalReady : totalNotReady
  let canBeAdded = max
  subsets.forEach((s, i) => {
    const field = truncateReady ? 'addresses' : 'notReadyAddresses'
    const inSubset = s[field]?.length ?? 0
    let toBeAdded = i < subsets.length - 1 ? Math.ceil((inSubset / numTotal) * max) : canBeAdded
    toBeAdded = Math.min(toBeAdded, canBeAdded)
    s[field] = (s[field] ?? []).slice(0, toBeAdded)
    if (truncateReady) delete s.notReadyAddresses
    canBeAdded -= s[field].length
    if (!s[field].length) delete s[field]
  })
  return true
}

function desired(
  svc: KObject,
  subsets: Spec[] | undefined,
  existing: KObject | undefined,
  now: string,
): KObject {
  const labels = derivedLabels(svc, {})
  const annotations: Record<string, string> = { ...(existing?.metadata.annotations ?? {}) }
  annotations[TRIGGER_TIME] = now
  if (subsets && truncateSubsets(subsets)) annotations[OVER_CAPACITY] = 'truncated'
  else delete annotations[OVER_CAPACITY]
  const ep: KObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      ...(existing?.metadata ?? {}),
      name: svc.metadata.name,
      namespace: svc.metadata.namespace,
      annotations,
    },
  }
  if (Object.keys(labels).length) ep.metadata.labels = labels
  else delete ep.metadata.labels
  if (subsets) ep.subsets = subsets
  return ep
}

function changed(existing: KObject, next: KObject): boolean {
  return (
    !sameJson(existing.subsets, next.subsets) ||
    existing.metadata.annotations?.[OVER_CAPACITY] !== next.metadata.annotations?.[OVER_CAPACITY] ||
    !sameJson(existing.metadata.labels ?? {}, next.metadata.labels ?? {})
  )
}

/**
 * kube-controller-manager's endpoints controller: keeps one Endpoints object per Service with a
 * selector. Services without a selector (like `kubernetes`, whose Endpoints the API server keeps)
 * are left alone.
 */
export function endpointsController(api: ApiServer): Controller {
  return {
    name: 'endpoints',
    watches: [selfKeys('services'), podToServiceKeys(api), selfKeys('endpoints')],
    initialKeys: (ctx) =>
      ctx.api.list('services').items.map((s) => `${s.metadata.namespace}/${s.metadata.name}`),
    reconcile(key, ctx) {
      const { namespace, name } = splitKey(key)
      const svc = ctx.api.tryGet('services', namespace, name)
      const existing = ctx.api.tryGet('endpoints', namespace, name)
      if (!svc) {
        if (existing) deleteQuietly(ctx.api, namespace, name)
        return
      }
      if (!hasSelector(svc)) return
      const subsets = computeSubsets(svc, selectedPods(ctx.api, svc))
      const next = desired(svc, subsets, existing, ctx.clock.iso())
      if (!existing) {
        delete next.metadata.resourceVersion
        ctx.api.create('endpoints', next, { internal: true })
      } else if (changed(existing, next)) {
        ctx.api.update('endpoints', next, { internal: true })
      }
    },
  }
}

function deleteQuietly(api: ApiServer, namespace: string | undefined, name: string): void {
  try {
    api.delete('endpoints', namespace, name, { internal: true })
  } catch (e) {
    if (!isNotFound(e)) throw e
  }
}

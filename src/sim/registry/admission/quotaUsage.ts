import type { KObject } from '../../api/types.ts'
import type { ApiServer } from '../../apiserver/apiServer.ts'
import { formatQuantity, quantityValue } from '../quantity.ts'

/** Resource names a quota tracks for one object, with that object's usage (base units). */
export type Usage = Record<string, number>

const COUNTED: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  configmaps: 'configmaps',
  secrets: 'secrets',
  persistentvolumeclaims: 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
}

/** Whether a pod still consumes quota (QuotaV1Pod): not finished. */
export function podCounts(pod: KObject): boolean {
  const phase = pod.status?.phase
  return phase !== 'Succeeded' && phase !== 'Failed'
}

function podUsage(pod: KObject): Usage {
  const u: Usage = { pods: 1, 'count/pods': 1 }
  for (const c of pod.spec?.containers ?? []) {
    for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
      const req = c.resources?.requests?.[r]
      const lim = c.resources?.limits?.[r]
      if (req !== undefined) {
        u[`requests.${r}`] = (u[`requests.${r}`] ?? 0) + quantityValue(req)
        u[r] = (u[r] ?? 0) + quantityValue(req)
      }
      if (lim !== undefined) u[`limits.${r}`] = (u[`limits.${r}`] ?? 0) + quantityValue(lim)
    }
  }
  return u
}

/** Usage of one object of `resourceId` (the quota evaluators' Usage()). */
export function usageOf(resourceId: string, obj: KObject): Usage {
  if (resourceId === 'pods') return podCounts(obj) ? podUsage(obj) : {}
  const u: Usage = { [`count/${resourceId}`]: 1 }
  if (COUNTED[resourceId]) u[COUNTED[resourceId]] = 1
  if (resourceId === 'services') {
    if (obj.spec?.type === 'NodePort' || obj.spec?.type === 'LoadBalancer')
      u['services.nodeports'] = (obj.spec?.ports ?? []).length
    if (obj.spec?.type === 'LoadBalancer') u['services.loadbalancers'] = 1
  }
  if (resourceId === 'persistentvolumeclaims') {
    u['requests.storage'] = quantityValue(obj.spec?.resources?.requests?.storage ?? 0)
  }
  return u
}

/** Which resource a quota key is computed from. */
export function resourceForKey(key: string): string | undefined {
  if (key.startsWith('count/')) {
    const r = key.slice(6)
    return r.endsWith('.apps') || r.endsWith('.batch') || !r.includes('.') ? r : undefined
  }
  if (['pods', 'cpu', 'memory', 'ephemeral-storage'].includes(key)) return 'pods'
  if (/^(requests|limits)\.(cpu|memory|ephemeral-storage)$/.test(key)) return 'pods'
  if (key.startsWith('services')) return 'services'
  if (key === 'requests.storage' || key === 'persistentvolumeclaims')
    return 'persistentvolumeclaims'
  return COUNTED[key]
}

/** Total usage in a namespace for the keys of `hard`, from the live objects. */
export function namespaceUsage(api: ApiServer, namespace: string, keys: string[]): Usage {
  const out: Usage = {}
  const byResource = new Map<string, string[]>()
  for (const k of keys) {
    const r = resourceForKey(k)
    if (!r) continue
    byResource.set(r, [...(byResource.get(r) ?? []), k])
  }
  for (const [r, ks] of byResource) {
    let items: KObject[]
    try {
      items = api.list(r, { namespace }).items
    } catch {
      continue
    }
    for (const k of ks) out[k] = 0
    for (const o of items) {
      const u = usageOf(r, o)
      for (const k of ks) out[k] += u[k] ?? 0
    }
  }
  return out
}

/** Prints a usage value in the format of the quota's hard value for that key. */
export function formatUsage(key: string, value: number, hard?: string): string {
  const binary = typeof hard === 'string' && /i$/.test(hard)
  if (/cpu$/.test(key)) return formatQuantity(value, 'DecimalSI')
  return formatQuantity(value, binary ? 'BinarySI' : 'DecimalSI')
}

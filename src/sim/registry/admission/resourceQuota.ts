import type { KObject } from '../../api/types.ts'
import { forbidden } from '../../api/errors.ts'
import { registerAdmission } from '../../apiserver/strategy.ts'
import { quantityValue } from '../quantity.ts'
import { formatUsage, namespaceUsage, resourceForKey, usageOf } from './quotaUsage.ts'

/** Keys that require every container to state the matching request or limit. */
const NEEDS_SPEC = [
  'limits.cpu',
  'limits.memory',
  'requests.cpu',
  'requests.memory',
  'cpu',
  'memory',
]

function missingSpecs(pod: KObject, hard: Record<string, string>): string[] {
  const out: string[] = []
  for (const key of Object.keys(hard).sort()) {
    if (!NEEDS_SPEC.includes(key)) continue
    const [field, r] = key.includes('.') ? key.split('.') : ['requests', key]
    const missing = (pod.spec?.containers ?? [])
      .filter((c: Record<string, any>) => c.resources?.[field]?.[r] === undefined)
      .map((c: Record<string, any>) => c.name)
    if (missing.length) out.push(`${key} for: ${missing.join(',')}`)
  }
  return out
}

/** plugin/pkg/admission/resourcequota: refuses creates that would exceed a namespace's quota. */
registerAdmission({
  name: 'ResourceQuota',
  admit(op, obj: KObject, _old, ctx) {
    if (op !== 'CREATE') return
    const ns = obj.metadata.namespace
    if (!ns || !ctx.info.namespaced) return
    const resource = ctx.info.id
    // Every create in the cluster passes here; most namespaces have no quota.
    if (!ctx.api.store.countInNamespace('resourcequotas', ns)) return
    const quotas = ctx.api.list('resourcequotas', { namespace: ns }).items
    const requested = usageOf(resource, obj)
    for (const q of quotas) {
      const hard: Record<string, string> = q.spec?.hard ?? {}
      const keys = Object.keys(hard).filter((k) => resourceForKey(k) === resource)
      if (!keys.length) continue
      if (resource === 'pods') {
        const missing = missingSpecs(obj, hard)
        if (missing.length) {
          throw forbidden(
            `${ctx.info.plural} "${obj.metadata.name}" is forbidden: failed quota: ${q.metadata.name}: must specify ${missing.join('; ')}`,
            { name: obj.metadata.name, kind: ctx.info.plural },
          )
        }
      }
      const used = namespaceUsage(ctx.api, ns, keys)
      const over = keys
        .filter((k) => (requested[k] ?? 0) > 0 && used[k] + requested[k] > quantityValue(hard[k]))
        .sort()
      if (!over.length) continue
      const list = (f: (k: string) => string): string => over.map((k) => `${k}=${f(k)}`).join(',')
      throw forbidden(
        `${ctx.info.plural} "${obj.metadata.name}" is forbidden: exceeded quota: ${q.metadata.name}, requested: ${list((k) => formatUsage(k, requested[k], hard[k]))}, used: ${list((k) => formatUsage(k, used[k], hard[k]))}, limited: ${list((k) => hard[k])}`,
        { name: obj.metadata.name, kind: ctx.info.plural },
      )
    }
  },
})

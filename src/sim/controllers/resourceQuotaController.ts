import type { WatchEvent } from '../api/types.ts'
import type { Controller } from '../runtime/controller.ts'
import { formatUsage, namespaceUsage, resourceForKey } from '../registry/admission/quotaUsage.ts'

/** Keys: the namespace; every quota in it is recomputed from the live objects. */
function nsKeys(ev: WatchEvent): string[] {
  return ev.object.metadata.namespace ? [ev.object.metadata.namespace] : []
}

const TRACKED = [
  'pods',
  'services',
  'configmaps',
  'secrets',
  'persistentvolumeclaims',
  'replicationcontrollers',
]

/** kube-controller-manager's resourcequota controller: keeps status.hard and status.used current. */
export function resourceQuotaController(): Controller {
  return {
    name: 'resourcequota',
    watches: ['resourcequotas', ...TRACKED].map((resource) => ({ resource, keys: nsKeys })),
    initialKeys: (ctx) => [
      ...new Set(ctx.api.list('resourcequotas').items.map((q) => q.metadata.namespace!)),
    ],
    reconcile(ns, ctx) {
      for (const q of ctx.api.list('resourcequotas', { namespace: ns }).items) {
        if (q.metadata.deletionTimestamp) continue
        const hard: Record<string, string> = q.spec?.hard ?? {}
        const keys = Object.keys(hard).filter((k) => resourceForKey(k) !== undefined)
        const usage = namespaceUsage(ctx.api, ns, keys)
        const used: Record<string, string> = {}
        for (const k of Object.keys(hard).sort()) used[k] = formatUsage(k, usage[k] ?? 0, hard[k])
        const status = { hard: { ...hard }, used }
        if (JSON.stringify(q.status) === JSON.stringify(status)) continue
        ctx.api.updateStatus('resourcequotas', { ...q, status })
      }
    },
  }
}

import { isStatusError } from '../api/errors.ts'
import type { WatchEvent } from '../api/types.ts'
import type { Controller } from '../runtime/controller.ts'

/** The service account controller: every active namespace has a `default` ServiceAccount. */
export function serviceAccountController(): Controller {
  return {
    name: 'serviceaccount',
    watches: [
      { resource: 'namespaces', keys: (ev: WatchEvent) => [ev.object.metadata.name!] },
      {
        resource: 'serviceaccounts',
        keys: (ev: WatchEvent) =>
          ev.type === 'DELETED' && ev.object.metadata.name === 'default'
            ? [ev.object.metadata.namespace!]
            : [],
      },
    ],
    initialKeys: (ctx) => ctx.api.list('namespaces').items.map((n) => n.metadata.name!),
    reconcile(ns, ctx) {
      const namespace = ctx.api.tryGet('namespaces', undefined, ns)
      if (!namespace || namespace.metadata.deletionTimestamp) return
      if (ctx.api.tryGet('serviceaccounts', ns, 'default')) return
      try {
        ctx.api.create(
          'serviceaccounts',
          {
            apiVersion: 'v1',
            kind: 'ServiceAccount',
            metadata: { name: 'default', namespace: ns },
          },
          { internal: true },
        )
      } catch (e) {
        if (!isStatusError(e) || e.code !== 409) throw e
      }
    },
  }
}

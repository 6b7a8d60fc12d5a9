import { RESOURCES, resourceById, storageId } from '../api/resources.ts'
import { isNotFound } from '../api/errors.ts'
import { selfKeys, type Controller } from '../runtime/controller.ts'

/**
 * Deletes everything in a Terminating namespace, then removes the namespace once it is empty
 * (the `kubernetes` finalizer of kube-controller-manager's namespace controller).
 */
export function namespaceController(): Controller {
  return {
    name: 'namespace',
    watches: [selfKeys('namespaces')],
    initialKeys: (ctx) => ctx.api.list('namespaces').items.map((n) => n.metadata.name!),
    reconcile(key, ctx) {
      const ns = ctx.api.tryGet('namespaces', undefined, key)
      if (!ns || !ns.metadata.deletionTimestamp) return
      let remaining = 0
      for (const info of RESOURCES) {
        if (!info.namespaced || !info.verbs.includes('delete') || storageId(info) !== info.id)
          continue
        for (const obj of ctx.api.list(info.id, { namespace: key }).items) {
          remaining++
          if (obj.metadata.deletionTimestamp) continue
          try {
            ctx.api.delete(info.id, key, obj.metadata.name!, {
              propagationPolicy: 'Background',
              internal: true,
            })
          } catch (e) {
            if (!isNotFound(e)) throw e
          }
        }
      }
      if (remaining > 0) {
        // Pods need their grace period; look again shortly, as the real controller re-queues.
        ctx.requeueAfter(key, 1_000)
        return
      }
      const stillThere = ctx.api.tryGet('namespaces', undefined, key)
      if (stillThere) ctx.api.finalRemove(resourceById('namespaces'), stillThere)
    },
  }
}

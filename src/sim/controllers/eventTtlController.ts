import { EVENT_TTL_MS } from '../runtime/recorder.ts'
import { isNotFound } from '../api/errors.ts'
import { splitKey, uncachedKeyOf, type Controller } from '../runtime/controller.ts'

/** When an Event expires: an hour after it was last seen (the API server's --event-ttl, 1h). */
function expiresAt(ev: {
  lastTimestamp?: string
  eventTime?: string
  metadata: { creationTimestamp?: string }
}): number {
  const last = ev.lastTimestamp ?? ev.eventTime ?? ev.metadata.creationTimestamp
  return (last ? Date.parse(last) : 0) + EVENT_TTL_MS
}

/**
 * Deletes Events an hour after they were last seen, as etcd's lease on them does in a real
 * cluster. Without it a long session (a CronJob every minute) would grow without bound.
 */
export function eventTtlController(): Controller {
  return {
    name: 'event-ttl',
    watches: [
      {
        resource: 'events',
        keys: (ev) => (ev.type === 'DELETED' ? [] : [uncachedKeyOf(ev.object)]),
      },
    ],
    initialKeys: (ctx) => ctx.api.list('events').items.map(uncachedKeyOf),
    reconcile(key, ctx) {
      const { namespace, name } = splitKey(key)
      const ev = ctx.api.tryGet('events', namespace, name)
      if (!ev) return
      const due = expiresAt(ev as never)
      if (ctx.clock.now() < due) {
        ctx.requeueAt(key, due)
        return
      }
      try {
        ctx.api.delete('events', namespace, name, { internal: true })
      } catch (e) {
        if (!isNotFound(e)) throw e
      }
    },
  }
}

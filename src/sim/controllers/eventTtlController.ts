import { EVENT_TTL_MS } from '../runtime/recorder.ts'
import { isNotFound } from '../api/errors.ts'
import { splitKey, type Controller, type ControllerContext } from '../runtime/controller.ts'
import type { KObject } from '../api/types.ts'

/**
 * etcd lease reuse (storage/etcd3's lease manager): objects written within a minute of each other
 * share one lease, granted with that minute of extra TTL. So an Event goes between one hour and one
 * hour and a minute after it was last written.
 */
const LEASE_REUSE_MS = 60_000

/** The last timestamp read and its lease: Events come in runs written in the same second. */
let lastSeen: { at: string; expiry: number } | undefined

/** When the lease of an Event's last write runs out. */
function leaseExpiry(ev: KObject): number {
  const last =
    (ev.lastTimestamp as string | undefined) ??
    (ev.eventTime as string | undefined) ??
    ev.metadata.creationTimestamp ??
    ''
  if (lastSeen?.at === last) return lastSeen.expiry
  const at = last ? Date.parse(last) : 0
  const expiry = Math.floor(at / LEASE_REUSE_MS) * LEASE_REUSE_MS + LEASE_REUSE_MS + EVENT_TTL_MS
  lastSeen = { at: last, expiry }
  return expiry
}

const LEASE = '@'

function leaseKey(ev: KObject): string {
  return LEASE + leaseExpiry(ev)
}

/** A lease ran out: every Event whose last write it held goes, in key order. */
function expire(ctx: ControllerContext): void {
  const now = ctx.clock.now()
  const table = ctx.api.store.table('events')
  const due: string[] = []
  for (const key of ctx.api.store.sortedKeys('events')) {
    const ev = table.get(key)
    if (ev && leaseExpiry(ev) <= now) due.push(key)
  }
  for (const key of due) remove(ctx, key)
}

function remove(ctx: ControllerContext, key: string): void {
  const { namespace, name } = splitKey(key)
  try {
    ctx.api.delete('events', namespace, name, { internal: true })
  } catch (e) {
    if (!isNotFound(e)) throw e
  }
}

/**
 * Deletes Events when their etcd lease runs out, as in a real cluster (the API server's
 * --event-ttl, 1h). Without it a long session (a CronJob every minute) would grow without bound.
 * Keys are leases, not Events: a scale-up writing tens of thousands of Events wakes this once a
 * minute instead of once per Event.
 */
export function eventTtlController(): Controller {
  return {
    name: 'event-ttl',
    watches: [
      {
        resource: 'events',
        keys: (ev) => (ev.type === 'DELETED' ? [] : [leaseKey(ev.object)]),
      },
    ],
    initialKeys: (ctx) => [...new Set(ctx.api.list('events').items.map(leaseKey))],
    reconcile(key, ctx) {
      if (key.startsWith(LEASE)) {
        const at = Number(key.slice(LEASE.length))
        if (ctx.clock.now() < at) ctx.requeueAt(key, at)
        else expire(ctx)
        return
      }
      // Snapshots from before leases have a timer per Event.
      const { namespace, name } = splitKey(key)
      const ev = ctx.api.tryGet('events', namespace, name)
      if (!ev) return
      const due = leaseExpiry(ev)
      if (ctx.clock.now() < due) ctx.requeueAt(leaseKey(ev), due)
      else remove(ctx, key)
    },
  }
}

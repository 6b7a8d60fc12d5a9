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

const LEASE = '@'

interface Lease {
  /** The timestamp the lease was worked out for. */
  at: string
  expiry: number
  key: string
}

/** The last lease worked out: Events come in runs written in the same second. */
let lastLease: Lease | undefined

/** The lease of an Event's last write. */
function leaseOf(ev: KObject): Lease {
  const last =
    (ev.lastTimestamp as string | undefined) ??
    (ev.eventTime as string | undefined) ??
    ev.metadata.creationTimestamp ??
    ''
  if (lastLease?.at === last) return lastLease
  const at = last ? Date.parse(last) : 0
  const expiry = Math.floor(at / LEASE_REUSE_MS) * LEASE_REUSE_MS + LEASE_REUSE_MS + EVENT_TTL_MS
  lastLease = { at: last, expiry, key: LEASE + expiry }
  return lastLease
}

/** A lease ran out: every Event whose last write it held goes, in key order. */
function expire(ctx: ControllerContext): void {
  const now = ctx.clock.now()
  const table = ctx.api.store.table('events')
  const due: string[] = []
  for (const key of ctx.api.store.sortedKeys('events')) {
    const ev = table.get(key)
    if (ev && leaseOf(ev).expiry <= now) due.push(key)
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
        keys: (ev) => (ev.type === 'DELETED' ? [] : [leaseOf(ev.object).key]),
      },
    ],
    initialKeys: (ctx) => [...new Set(ctx.api.list('events').items.map((e) => leaseOf(e).key))],
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
      const lease = leaseOf(ev)
      if (ctx.clock.now() < lease.expiry) ctx.requeueAt(lease.key, lease.expiry)
      else remove(ctx, key)
    },
  }
}

/**
 * client-go's EventCorrelator (tools/record/events_cache.go) with its default options, as every
 * kube-controller-manager controller and the kubelet run it in front of the API:
 *  - aggregation: the 10th distinct message with the same source, object, type and reason inside
 *    10 minutes becomes one "(combined from similar events): …" event, counted from then on;
 *  - de-duplication: an identical event bumps count and lastTimestamp of the one already written;
 *  - spam filter: each source may write 25 events about one object, then one every 5 minutes.
 * The count keeps growing while writes are filtered, so the next write carries it.
 */

export const AGGREGATE_MAX_EVENTS = 10
export const AGGREGATE_INTERVAL_MS = 600_000
export const SPAM_BURST = 25
export const SPAM_REFILL_MS = 300_000
const LRU_ENTRIES = 4096

/** What the correlator looks at in an event. */
export interface EventFacts {
  source: string
  host: string
  kind: string
  namespace: string
  name: string
  uid: string
  apiVersion: string
  fieldPath: string
  type: string
  reason: string
  message: string
}

/** The outcome: write a new event, update an existing one, or nothing at all. */
export interface Correlated {
  skip: boolean
  /** The message to write: the aggregate's own once similar events are combined. */
  message: string
  /** True for an aggregate event, which carries no reporting controller or instance. */
  aggregate: boolean
  /** The event's name: the proposed one, or the one already written for this key. */
  name: string
  count: number
  firstTimestamp: string
  /** Whether an event by this name should already exist (then it is updated). */
  update: boolean
}

interface AggregateRecord {
  localKeys: string[]
  last: number
}

interface Observation {
  count: number
  firstTimestamp: string
  name: string
}

interface Bucket {
  tokens: number
  last: number
}

export interface CorrelatorState {
  aggregates: [string, AggregateRecord][]
  observations: [string, Observation][]
  buckets: [string, Bucket][]
}

/** groupcache's lru.Cache on a Map: reads and writes move a key to the young end. */
class Lru<V> {
  readonly map = new Map<string, V>()

  get(key: string): V | undefined {
    const v = this.map.get(key)
    if (v !== undefined) {
      this.map.delete(key)
      this.map.set(key, v)
    }
    return v
  }

  set(key: string, v: V): void {
    this.map.delete(key)
    this.map.set(key, v)
    if (this.map.size > LRU_ENTRIES) this.map.delete(this.map.keys().next().value!)
  }

  load(entries: [string, V][] | undefined): void {
    this.map.clear()
    for (const [k, v] of entries ?? []) this.map.set(k, v)
  }
}

const SEP = '\u0000'

function objectKey(e: EventFacts): string {
  return [e.source, e.host, e.kind, e.namespace, e.name, e.uid, e.apiVersion].join(SEP)
}

export class EventCorrelator {
  private readonly aggregates = new Lru<AggregateRecord>()
  private readonly observations = new Lru<Observation>()
  private readonly buckets = new Lru<Bucket>()

  correlate(e: EventFacts, now: number, nowIso: string, newName: string): Correlated {
    const eventKey = [objectKey(e), e.fieldPath, e.type, e.reason, e.message].join(SEP)
    const aggregateKey = [objectKey(e), e.type, e.reason].join(SEP)
    let record = this.aggregates.get(aggregateKey)
    if (!record || now - record.last > AGGREGATE_INTERVAL_MS) record = { localKeys: [], last: 0 }
    if (!record.localKeys.includes(e.message)) record.localKeys.push(e.message)
    record.last = now
    this.aggregates.set(aggregateKey, record)
    let key = eventKey
    let message = e.message
    const aggregate = record.localKeys.length >= AGGREGATE_MAX_EVENTS
    if (aggregate) {
      // client-go pops an arbitrary member to stay under the limit; the oldest keeps it stable.
      record.localKeys.shift()
      key = aggregateKey
      message = '(combined from similar events): ' + e.message
    }
    // Observed before the spam filter runs, so a filtered event still counts.
    const last = this.observations.get(key)
    const seen: Observation = last
      ? { name: last.name, count: last.count + 1, firstTimestamp: last.firstTimestamp }
      : { name: newName, count: 1, firstTimestamp: nowIso }
    this.observations.set(key, seen)
    const skip = !this.accept(objectKey(e), now)
    return { skip, message, aggregate, ...seen, update: last !== undefined }
  }

  /** golang.org/x/time/rate as flowcontrol's token bucket uses it: full at first, refills slowly. */
  private accept(key: string, now: number): boolean {
    const b = this.buckets.get(key) ?? { tokens: SPAM_BURST, last: now }
    const tokens = Math.min(SPAM_BURST, b.tokens + (now - b.last) / SPAM_REFILL_MS)
    const ok = tokens >= 1
    this.buckets.set(key, { tokens: ok ? tokens - 1 : tokens, last: now })
    return ok
  }

  saveState(): CorrelatorState {
    return {
      aggregates: [...this.aggregates.map.entries()],
      observations: [...this.observations.map.entries()],
      buckets: [...this.buckets.map.entries()],
    }
  }

  loadState(s: Partial<CorrelatorState> | undefined): void {
    this.aggregates.load(s?.aggregates)
    this.observations.load(s?.observations)
    this.buckets.load(s?.buckets)
  }
}

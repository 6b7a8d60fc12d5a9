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

/**
 * What the correlator remembers about one writer and object: its spam bucket, its groups of
 * similar events and the events it has written. client-go keeps three caches of 4,096 keys each;
 * keeping them per object costs one lookup per event instead of three on long keys, and forgets
 * the same way once thousands of objects have come and gone.
 */
interface ObjectRecord {
  tokens: number
  last: number
  aggregates: Map<string, AggregateRecord>
  observations: Map<string, Observation>
}

/** An ObjectRecord as snapshots hold it. */
interface SavedObject {
  tokens: number
  last: number
  aggregates: [string, AggregateRecord][]
  observations: [string, Observation][]
}

/** An object's remembered events beyond this many are forgotten oldest first. */
const OBSERVATIONS_PER_OBJECT = 256

export interface CorrelatorState {
  objects: [string, SavedObject][]
}

interface Link<V> {
  key: string
  value: V
  older?: Link<V>
  newer?: Link<V>
}

/**
 * groupcache's lru.Cache: reads and writes make a key the youngest, the oldest goes past 4,096.
 * A linked list keeps every step O(1); re-inserting into a Map instead left it full of holes.
 */
class Lru<V> {
  private readonly map = new Map<string, Link<V>>()
  private oldest?: Link<V>
  private youngest?: Link<V>

  get(key: string): V | undefined {
    const link = this.map.get(key)
    if (!link) return undefined
    this.touch(link)
    return link.value
  }

  set(key: string, value: V): void {
    const link = this.map.get(key)
    if (link) {
      link.value = value
      this.touch(link)
      return
    }
    const added: Link<V> = { key, value, older: this.youngest }
    if (this.youngest) this.youngest.newer = added
    else this.oldest = added
    this.youngest = added
    this.map.set(key, added)
    if (this.map.size > LRU_ENTRIES) {
      const gone = this.oldest!
      this.unlink(gone)
      this.map.delete(gone.key)
    }
  }

  entries(): [string, V][] {
    const out: [string, V][] = []
    for (let l = this.oldest; l; l = l.newer) out.push([l.key, l.value])
    return out
  }

  load(entries: [string, V][] | undefined): void {
    this.map.clear()
    this.oldest = this.youngest = undefined
    for (const [k, v] of entries ?? []) this.set(k, v)
  }

  private touch(link: Link<V>): void {
    if (link === this.youngest) return
    this.unlink(link)
    link.older = this.youngest
    link.newer = undefined
    this.youngest!.newer = link
    this.youngest = link
  }

  private unlink(link: Link<V>): void {
    if (link.older) link.older.newer = link.newer
    else this.oldest = link.newer
    if (link.newer) link.newer.older = link.older
    else this.youngest = link.older
    link.older = link.newer = undefined
  }
}

/** Separates the facts joined into one key. */
export const SEP = '\u0000'

/** The last object key made: a writer records several events about one object in a row. */
let lastKey: { facts: EventFacts; key: string } | undefined

function objectKey(e: EventFacts): string {
  const last = lastKey?.facts
  if (
    last &&
    last.uid === e.uid &&
    last.source === e.source &&
    last.host === e.host &&
    last.kind === e.kind &&
    last.namespace === e.namespace &&
    last.name === e.name &&
    last.apiVersion === e.apiVersion
  )
    return lastKey!.key
  const key = `${e.source}${SEP}${e.host}${SEP}${e.uid}${SEP}${e.kind}${SEP}${e.namespace}${SEP}${e.name}${SEP}${e.apiVersion}`
  lastKey = { facts: e, key }
  return key
}

export class EventCorrelator {
  private readonly objects = new Lru<ObjectRecord>()

  correlate(e: EventFacts, now: number, nowIso: string, newName: string): Correlated {
    const objKey = objectKey(e)
    let obj = this.objects.get(objKey)
    if (!obj) {
      obj = { tokens: SPAM_BURST, last: now, aggregates: new Map(), observations: new Map() }
      this.objects.set(objKey, obj)
    }
    const aggregateKey = `${e.type}${SEP}${e.reason}`
    let record = obj.aggregates.get(aggregateKey)
    if (!record || now - record.last > AGGREGATE_INTERVAL_MS) {
      record = { localKeys: [], last: 0 }
      obj.aggregates.set(aggregateKey, record)
    }
    if (!record.localKeys.includes(e.message)) record.localKeys.push(e.message)
    record.last = now
    let key = `${e.fieldPath}${SEP}${aggregateKey}${SEP}${e.message}`
    let message = e.message
    const aggregate = record.localKeys.length >= AGGREGATE_MAX_EVENTS
    if (aggregate) {
      // client-go pops an arbitrary member to stay under the limit; the oldest keeps it stable.
      record.localKeys.shift()
      key = aggregateKey
      message = '(combined from similar events): ' + e.message
    }
    // Observed before the spam filter runs, so a filtered event still counts.
    const last = obj.observations.get(key)
    const seen: Observation = last
      ? { name: last.name, count: last.count + 1, firstTimestamp: last.firstTimestamp }
      : { name: newName, count: 1, firstTimestamp: nowIso }
    if (last) obj.observations.delete(key)
    obj.observations.set(key, seen)
    if (obj.observations.size > OBSERVATIONS_PER_OBJECT)
      obj.observations.delete(obj.observations.keys().next().value!)
    return {
      skip: !accept(obj, now),
      message,
      aggregate,
      name: seen.name,
      count: seen.count,
      firstTimestamp: seen.firstTimestamp,
      update: last !== undefined,
    }
  }

  saveState(): CorrelatorState {
    return {
      objects: this.objects
        .entries()
        .map(([k, o]) => [
          k,
          { ...o, aggregates: [...o.aggregates], observations: [...o.observations] },
        ]),
    }
  }

  loadState(s: Partial<CorrelatorState> | undefined): void {
    this.objects.load(
      s?.objects?.map(([k, o]) => [
        k,
        { ...o, aggregates: new Map(o.aggregates), observations: new Map(o.observations) },
      ]),
    )
  }
}

/** golang.org/x/time/rate as flowcontrol's token bucket uses it: full at first, refills slowly. */
function accept(b: ObjectRecord, now: number): boolean {
  const tokens = Math.min(SPAM_BURST, b.tokens + (now - b.last) / SPAM_REFILL_MS)
  const ok = tokens >= 1
  b.tokens = ok ? tokens - 1 : tokens
  b.last = now
  return ok
}

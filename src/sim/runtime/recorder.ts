import type { KObject } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import type { ManagedFieldsEntry } from '../apiserver/managedFields.ts'
import type { VirtualClock } from './clock.ts'
import {
  EventCorrelator,
  SEP,
  type Correlated,
  type CorrelatorState,
  type EventFacts,
} from './eventCorrelator.ts'

export interface EventSource {
  component: string
  host?: string
}

export interface RecordOptions {
  source?: EventSource
  fieldPath?: string
  /** Related object, for events.k8s.io style events (the scheduler's). */
  action?: string
}

/**
 * `ms * 10^6 + extra` in hex, exactly, without BigInt (slow at one per event): the milliseconds
 * are split at 2^24 so that every partial product stays an exact double.
 */
export function nanosHex(ms: number, extra: number): string {
  const TWO24 = 0x1000000
  const hi = Math.floor(ms / TWO24)
  const low = (ms % TWO24) * 1_000_000 + extra
  const high = hi * 1_000_000 + Math.floor(low / TWO24)
  const tail = (low % TWO24).toString(16)
  return high ? high.toString(16) + tail.padStart(6, '0') : tail
}

/** The field manager of each writer: the API server names it after the client's user agent. */
function managerOf(component: string): string {
  if (component === 'kubelet' || component === 'kube-proxy') return component
  if (component === 'default-scheduler') return 'kube-scheduler'
  return 'kube-controller-manager'
}

export interface RecorderState {
  seq: number
  /** The scheduler's series: event key → event name. */
  recent: [string, string][]
  /** Absent in snapshots taken before events were correlated. */
  correlator?: CorrelatorState
}

/** Events expire after the API server's --event-ttl (1h). */
export const EVENT_TTL_MS = 60 * 60 * 1000

/**
 * Writes core/v1 Events the way client-go's recorder does: the kube-controller-manager's and the
 * kubelet's through the event correlator (aggregation, counting, spam filter); the scheduler's
 * (events.k8s.io, recorded with an `action`) only counted when identical.
 */
export class EventRecorder {
  /**
   * Each controller and each node's kubelet has its own correlator of 4,096 entries; one shared
   * by all, keyed by writer and object, behaves the same until thousands of objects are about and
   * keeps a cluster of 10,000 pods from remembering every one of them.
   */
  private readonly correlator = new EventCorrelator()
  private readonly series = new Map<string, string>()
  /** Not state: a cache of what the API server would work out anyway. */
  private readonly managedCache = new Map<
    string,
    ({ at: string; entries: readonly ManagedFieldsEntry[] } | undefined)[]
  >()
  private seq = 0

  constructor(
    private readonly api: ApiServer,
    private readonly clock: VirtualClock,
  ) {}

  normal(obj: KObject, reason: string, message: string, opts: RecordOptions = {}): void {
    this.record(obj, 'Normal', reason, message, opts)
  }

  warning(obj: KObject, reason: string, message: string, opts: RecordOptions = {}): void {
    this.record(obj, 'Warning', reason, message, opts)
  }

  record(
    obj: KObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    opts: RecordOptions = {},
  ): void {
    const source = opts.source ?? { component: 'kube-controller-manager' }
    const namespace = obj.metadata.namespace || 'default'
    const now = this.clock.now()
    const nowIso = this.clock.iso()
    // client-go names events <object>.<unix nanoseconds in hex>; the sequence keeps them unique.
    const newName = `${obj.metadata.name}.${nanosHex(now, this.seq++ % 1_000_000)}`
    const facts: EventFacts = {
      source: source.component,
      host: source.host ?? '',
      kind: obj.kind,
      namespace,
      name: obj.metadata.name ?? '',
      uid: obj.metadata.uid ?? '',
      apiVersion: obj.apiVersion,
      fieldPath: opts.fieldPath ?? '',
      type,
      reason,
      message,
    }
    const c =
      opts.action === undefined
        ? this.correlator.correlate(facts, now, nowIso, newName)
        : this.seriesOf(facts, newName, nowIso)
    if (c.skip) return
    if (c.update) {
      const existing = this.api.tryGet('events', namespace, c.name)
      if (existing) {
        this.api.update(
          'events',
          {
            ...existing,
            count: c.count,
            message: c.message,
            lastTimestamp: nowIso,
            metadata: { ...existing.metadata },
          },
          { internal: true },
        )
        return
      }
    }
    const m = obj.metadata
    // Built in its final shape: deleting a key would leave a slow dictionary object behind.
    const involvedObject: Record<string, unknown> = m.namespace
      ? {
          kind: obj.kind,
          namespace: m.namespace,
          name: m.name,
          uid: m.uid,
          apiVersion: obj.apiVersion,
          resourceVersion: m.resourceVersion,
        }
      : {
          kind: obj.kind,
          name: m.name,
          uid: m.uid,
          apiVersion: obj.apiVersion,
          resourceVersion: m.resourceVersion,
        }
    if (opts.fieldPath) involvedObject.fieldPath = opts.fieldPath
    // Built in the order the API server stores it, metadata fields it fills in included, so the
    // server keeps this object as it is instead of building it again.
    const ev: KObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        creationTimestamp: undefined,
        managedFields: undefined,
        name: c.name,
        namespace,
        resourceVersion: undefined,
        uid: undefined,
      },
      type,
      involvedObject,
      reason,
      message: c.message,
      source:
        source.host === undefined
          ? { component: source.component }
          : { component: source.component, host: source.host },
      // An event that went missing (expired) is written again under its name with its count.
      firstTimestamp: c.firstTimestamp,
      lastTimestamp: nowIso,
      count: c.count,
      eventTime: null,
      reportingComponent: c.aggregate ? '' : source.component,
      reportingInstance: c.aggregate ? '' : (source.host ?? ''),
    }
    const fieldManager = managerOf(source.component)
    // Events written alike (same fields present, same writer, same second) own the same fields:
    // worked out once, not for each of the thousands a scale-up writes.
    const shape =
      (opts.fieldPath ? 1 : 0) |
      (m.namespace ? 2 : 0) |
      (m.name !== undefined ? 4 : 0) |
      (m.uid !== undefined ? 8 : 0) |
      (m.resourceVersion !== undefined ? 16 : 0) |
      (source.host !== undefined ? 32 : 0) |
      (c.aggregate ? 64 : 0)
    let shapes = this.managedCache.get(fieldManager)
    if (!shapes) this.managedCache.set(fieldManager, (shapes = []))
    const cached = shapes[shape]
    const managed = cached?.at === nowIso ? cached.entries : undefined
    try {
      const { object } = this.api.create('events', ev, {
        internal: true,
        fieldManager,
        managed,
        owned: true,
      })
      if (!managed && object.metadata.managedFields)
        shapes[shape] = {
          at: nowIso,
          entries: object.metadata.managedFields as ManagedFieldsEntry[],
        }
    } catch {
      // Events are best effort, as in client-go: a namespace being deleted refuses them.
    }
  }

  /** events.k8s.io recorders only merge identical events (their series). */
  private seriesOf(e: EventFacts, newName: string, nowIso: string): Correlated {
    // Every fact, in EventFacts' order (snapshots hold these keys).
    const key = `${e.source}${SEP}${e.host}${SEP}${e.kind}${SEP}${e.namespace}${SEP}${e.name}${SEP}${e.uid}${SEP}${e.apiVersion}${SEP}${e.fieldPath}${SEP}${e.type}${SEP}${e.reason}${SEP}${e.message}`
    const name = this.series.get(key)
    const existing = name ? this.api.tryGet('events', e.namespace, name) : undefined
    if (!existing) {
      this.series.set(key, newName)
      if (this.series.size > 4096) this.series.delete(this.series.keys().next().value!)
    }
    return {
      skip: false,
      message: e.message,
      aggregate: false,
      name: existing ? name! : newName,
      count: ((existing?.count as number | undefined) ?? 0) + 1,
      firstTimestamp: (existing?.firstTimestamp as string | undefined) ?? nowIso,
      update: existing !== undefined,
    }
  }

  saveState(): RecorderState {
    return {
      seq: this.seq,
      recent: [...this.series.entries()],
      correlator: this.correlator.saveState(),
    }
  }

  loadState(state: RecorderState): void {
    this.seq = state.seq
    this.series.clear()
    for (const [k, v] of state.recent) this.series.set(k, v)
    this.correlator.loadState(state.correlator)
  }
}

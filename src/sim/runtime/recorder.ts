import type { KObject } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import type { VirtualClock } from './clock.ts'

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

/** Events expire after the API server's --event-ttl (1h). */
export const EVENT_TTL_MS = 60 * 60 * 1000

/**
 * Writes core/v1 Events the way client-go's recorder does, including the correlator's
 * aggregation: an identical event (same object, reason, message, source) bumps count and
 * lastTimestamp instead of creating another object.
 */
export class EventRecorder {
  private readonly recent = new Map<string, string>()
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
    const aggKey = [
      source.component,
      source.host ?? '',
      obj.kind,
      namespace,
      obj.metadata.name,
      obj.metadata.uid,
      opts.fieldPath ?? '',
      type,
      reason,
      message,
    ].join('\u0000')
    const now = this.clock.iso()
    const existingName = this.recent.get(aggKey)
    if (existingName) {
      const existing = this.api.tryGet('events', namespace, existingName)
      if (existing) {
        this.api.update(
          'events',
          {
            ...existing,
            count: (existing.count ?? 1) + 1,
            lastTimestamp: now,
            metadata: { ...existing.metadata },
          },
          { internal: true },
        )
        return
      }
    }
    // client-go names events <object>.<unix nanoseconds in hex>; the sequence keeps them unique.
    const nanos = BigInt(this.clock.now()) * 1_000_000n + BigInt(this.seq++ % 1_000_000)
    const name = `${obj.metadata.name}.${nanos.toString(16)}`
    const involvedObject: Record<string, unknown> = {
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: obj.metadata.resourceVersion,
    }
    if (opts.fieldPath) involvedObject.fieldPath = opts.fieldPath
    if (!obj.metadata.namespace) delete involvedObject.namespace
    const ev: KObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject,
      reason,
      message,
      source: { ...source },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    }
    try {
      this.api.create('events', ev, { internal: true })
      this.recent.set(aggKey, name)
      if (this.recent.size > 4096) this.recent.delete(this.recent.keys().next().value!)
    } catch {
      // Events are best effort, as in client-go: a namespace being deleted refuses them.
    }
  }

  saveState(): { seq: number; recent: [string, string][] } {
    return { seq: this.seq, recent: [...this.recent.entries()] }
  }

  loadState(state: { seq: number; recent: [string, string][] }): void {
    this.seq = state.seq
    this.recent.clear()
    for (const [k, v] of state.recent) this.recent.set(k, v)
  }
}

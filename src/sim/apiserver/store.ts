import type { KObject, WatchEvent } from '../api/types.ts'

export type WatchListener = (ev: WatchEvent) => void

/** How many past events a watch may resume from before it gets 410 Gone. */
const EVENT_LOG_LIMIT = 20_000

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name
}

/**
 * The etcd of the simulated cluster: objects per resource, one global resourceVersion, an ordered
 * event log, and synchronous fan-out to watchers. Objects here are never mutated in place.
 */
export class ObjectStore {
  private readonly tables = new Map<string, Map<string, KObject>>()
  /**
   * The same objects by namespace ('' for cluster-scoped) and name: a read by name then needs no
   * `namespace/name` key, which as a new string had to be flattened and hashed on every lookup.
   */
  private readonly named = new Map<string, Map<string, Map<string, KObject>>>()
  /** Secondary index: controller owner uid → dependents' (resource, key). */
  private readonly byOwner = new Map<string, Map<string, string>>()
  /**
   * Each table's keys in list order, kept until a key comes or goes: a list over 10,000 pods used
   * to sort them on every call, and status updates (most writes) leave the key set unchanged.
   */
  private readonly sorted = new Map<string, string[]>()
  private readonly listeners = new Set<WatchListener>()
  /** The listeners as an array, rebuilt only when one comes or goes (not copied on every write). */
  private calling: WatchListener[] = []
  /**
   * The event log as parallel columns (resourceVersion, type, resource, object): tens of
   * thousands of writes a minute each kept two small objects alive here for a while.
   */
  private log = emptyLog()
  private logStart = 1
  rv: number

  constructor(
    startRv = 1,
    private readonly freeze = false,
  ) {
    this.rv = startRv
  }

  table(resource: string): Map<string, KObject> {
    let t = this.tables.get(resource)
    if (!t) {
      t = new Map()
      this.tables.set(resource, t)
    }
    return t
  }

  /** Keys of a table sorted like etcd keys (namespace, then name). Callers must not modify it. */
  sortedKeys(resource: string): readonly string[] {
    let keys = this.sorted.get(resource)
    if (!keys) {
      keys = [...this.table(resource).keys()].sort()
      this.sorted.set(resource, keys)
    }
    return keys
  }

  get(resource: string, key: string): KObject | undefined {
    return this.tables.get(resource)?.get(key)
  }

  getNamed(resource: string, namespace: string | undefined, name: string): KObject | undefined {
    return this.named
      .get(resource)
      ?.get(namespace ?? '')
      ?.get(name)
  }

  /** Calls `fn` for a namespace's objects in the table's order. */
  forEachInNamespace(
    resource: string,
    namespace: string | undefined,
    fn: (o: KObject) => void,
  ): void {
    this.named
      .get(resource)
      ?.get(namespace ?? '')
      // The object alone: Map.forEach also passes the key and the map.
      ?.forEach((o) => fn(o))
  }

  /** How many objects a namespace ('' for cluster-scoped) holds: a check before any list. */
  countInNamespace(resource: string, namespace: string | undefined): number {
    return this.named.get(resource)?.get(namespace ?? '')?.size ?? 0
  }

  private setNamed(resource: string, obj: KObject): void {
    let byNs = this.named.get(resource)
    if (!byNs) {
      byNs = new Map()
      this.named.set(resource, byNs)
    }
    const ns = obj.metadata.namespace ?? ''
    let names = byNs.get(ns)
    if (!names) {
      names = new Map()
      byNs.set(ns, names)
    }
    names.set(obj.metadata.name!, obj)
  }

  /** Dependents of an owner uid as [resource, key] pairs. */
  dependents(ownerUid: string): [string, string][] {
    const m = this.byOwner.get(ownerUid)
    if (!m) return []
    return [...m.entries()].map(([rk, res]) => [res, rk.slice(res.length + 1)])
  }

  resources(): string[] {
    return [...this.tables.keys()]
  }

  nextRv(): string {
    this.rv += 1
    return String(this.rv)
  }

  put(resource: string, obj: KObject, type: 'ADDED' | 'MODIFIED'): void {
    const key = objectKey(obj.metadata.namespace, obj.metadata.name!)
    const t = this.table(resource)
    const old = t.get(key)
    // Most writes (status updates) keep the owner references array itself: nothing to re-index.
    const reindex = old?.metadata.ownerReferences !== obj.metadata.ownerReferences
    if (old && reindex) this.unindex(resource, key, old)
    else if (!old) this.sorted.delete(resource)
    if (this.freeze) deepFreeze(obj)
    t.set(key, obj)
    this.setNamed(resource, obj)
    if (reindex) this.index(resource, key, obj)
    this.emit({ type, resource, object: obj, old })
  }

  remove(resource: string, obj: KObject): void {
    const key = objectKey(obj.metadata.namespace, obj.metadata.name!)
    const t = this.table(resource)
    const old = t.get(key)
    if (!old) return
    this.unindex(resource, key, old)
    t.delete(key)
    this.named
      .get(resource)
      ?.get(old.metadata.namespace ?? '')
      ?.delete(old.metadata.name!)
    this.sorted.delete(resource)
    this.emit({ type: 'DELETED', resource, object: obj, old })
  }

  watch(listener: WatchListener): () => void {
    this.listeners.add(listener)
    this.calling = [...this.listeners]
    return () => {
      const had = this.listeners.delete(listener)
      this.calling = [...this.listeners]
      return had
    }
  }

  /** Events after `rv`, or null when `rv` is older than the retained log (410 Gone). */
  eventsSince(rv: number): WatchEvent[] | null {
    if (rv + 1 < this.logStart) return null
    const out: WatchEvent[] = []
    const { rvs, types, resources, objects } = this.log
    for (let i = 0; i < rvs.length; i++)
      if (rvs[i] > rv) out.push({ type: types[i], resource: resources[i], object: objects[i] })
    return out
  }

  /** Rebuilds the tables from a snapshot without emitting events. */
  load(resource: string, objects: KObject[]): void {
    const t = this.table(resource)
    this.sorted.delete(resource)
    for (const o of objects) {
      const key = objectKey(o.metadata.namespace, o.metadata.name!)
      if (this.freeze) deepFreeze(o)
      t.set(key, o)
      this.setNamed(resource, o)
      this.index(resource, key, o)
    }
    this.logStart = this.rv + 1
    this.log = emptyLog()
  }

  private emit(ev: WatchEvent): void {
    // Replayed events go to resumed watches, which (like real ones) see only the new object: not
    // keeping `old` here spares thousands of superseded object versions from staying in memory.
    const log = this.log
    log.rvs.push(Number(ev.object.metadata.resourceVersion))
    log.types.push(ev.type)
    log.resources.push(ev.resource)
    log.objects.push(ev.object)
    if (log.rvs.length > EVENT_LOG_LIMIT) {
      const drop = log.rvs.length - EVENT_LOG_LIMIT / 2
      this.log = {
        rvs: log.rvs.slice(drop),
        types: log.types.slice(drop),
        resources: log.resources.slice(drop),
        objects: log.objects.slice(drop),
      }
      this.logStart = this.log.rvs[0]
    }
    // A listener added or removed while this event is delivered gets a new array, so the loop
    // still sees the listeners as they were when the event happened.
    const calling = this.calling
    for (let i = 0; i < calling.length; i++) calling[i](ev)
  }

  private index(resource: string, key: string, obj: KObject): void {
    for (const ref of obj.metadata.ownerReferences ?? []) {
      let m = this.byOwner.get(ref.uid)
      if (!m) {
        m = new Map()
        this.byOwner.set(ref.uid, m)
      }
      m.set(`${resource}/${key}`, resource)
    }
  }

  private unindex(resource: string, key: string, obj: KObject): void {
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const m = this.byOwner.get(ref.uid)
      if (!m) continue
      m.delete(`${resource}/${key}`)
      if (m.size === 0) this.byOwner.delete(ref.uid)
    }
  }
}

interface EventLog {
  rvs: number[]
  types: WatchEvent['type'][]
  resources: string[]
  objects: KObject[]
}

function emptyLog(): EventLog {
  return { rvs: [], types: [], resources: [], objects: [] }
}

export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o)
    for (const v of Object.values(o as Record<string, unknown>)) deepFreeze(v)
  }
  return o
}

export { clone } from './jsonData.ts'

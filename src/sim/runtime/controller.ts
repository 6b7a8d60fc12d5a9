import type { KObject, WatchEvent } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import type { VirtualClock } from './clock.ts'
import type { Rng } from './rng.ts'
import type { EventRecorder } from './recorder.ts'
import type { SimProfile } from './profile.ts'
import { boundedMemo } from './memo.ts'

/** What a reconciler may touch: the API (reads and writes), time, randomness and the event recorder. */
export interface ControllerContext {
  api: ApiServer
  clock: VirtualClock
  rng: Rng
  recorder: EventRecorder
  profile: SimProfile
  /** Wake this controller for `key` at an absolute virtual time. */
  requeueAt(key: string, atMs: number): void
  requeueAfter(key: string, ms: number): void
  /** Another subsystem by name (the container runtime, the network) for cross-cutting reads. */
  service<T>(name: string): T
}

export interface WatchSpec {
  /** Storage resource id (`pods`, `deployments.apps`). */
  resource: string
  /** Keys to enqueue for an event: the object's own key, or its owner's. */
  keys(ev: WatchEvent): string[]
}

export type ReconcileResult = void | { requeueAfterMs: number }

/** A controller in the watch → queue → reconcile(key) shape of kube-controller-manager. */
export interface Controller {
  readonly name: string
  readonly watches: WatchSpec[]
  /** Level-triggered and idempotent. Throwing requeues the key with back-off. */
  reconcile(key: string, ctx: ControllerContext): ReconcileResult
  /** Keys to enqueue when the engine starts (a full resync). */
  initialKeys?(ctx: ControllerContext): string[]
  /** Serialisable state kept outside the API (runtime processes, caches that cannot be derived). */
  saveState?(): unknown
  loadState?(state: unknown): void
}

/**
 * Keys already made, per namespace and name. Every write of an object is keyed by several
 * controllers, and a key made afresh each time was a new string to flatten and hash in each of
 * their queues. A cache only: keys are a pure function of the name.
 */
const keys = new Map<string, Map<string, string>>()
const KEYS_PER_NAMESPACE = 100_000

/** `namespace/name` or `name`: the key a controller queues. */
export function keyOf(o: KObject): string {
  return nameKey(o.metadata.namespace, o.metadata.name!)
}

/** The key of a namespace and name, from the same cache as keyOf. */
export function nameKey(ns: string | undefined, name: string): string {
  if (!ns) return name
  let names = keys.get(ns)
  if (!names) {
    names = new Map()
    keys.set(ns, names)
  }
  let key = names.get(name)
  if (key === undefined) {
    if (names.size >= KEYS_PER_NAMESPACE) names.clear()
    key = nsPrefix(ns) + name
    names.set(name, key)
  }
  return key
}

/** keyOf without its cache, for objects each keyed once or twice (Events). */
export function uncachedKeyOf(o: KObject): string {
  const ns = o.metadata.namespace
  return ns ? nsPrefix(ns) + o.metadata.name : o.metadata.name!
}

/**
 * `namespace/`, made once per namespace: keys are held by queues and timers (one per Event), and
 * a fresh prefix string in each of them added up.
 */
const nsPrefix = boundedMemo(1024, (ns: string) => ns + '/')

export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf('/')
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) }
}

/** Key of the controlling owner of a given kind, for dependents that wake their owner. */
export function controllerOwnerKey(o: KObject, kind: string): string | undefined {
  const refs = o.metadata.ownerReferences
  if (!refs) return undefined
  for (const ref of refs)
    if (ref.controller && ref.kind === kind) return nameKey(o.metadata.namespace, ref.name)
  return undefined
}

/** Watch spec helper: enqueue the object's own key. */
export function selfKeys(resource: string): WatchSpec {
  return { resource, keys: (ev) => [keyOf(ev.object)] }
}

/** Watch spec helper: enqueue the key of the controlling owner of `kind`. */
export function ownerKeys(resource: string, kind: string): WatchSpec {
  return {
    resource,
    keys: (ev) => ownerKeysOf(ev, kind),
  }
}

/** The controlling owners of `kind` of an object before and after a change, each once. */
export function ownerKeysOf(ev: WatchEvent, kind: string): string[] {
  const k = controllerOwnerKey(ev.object, kind)
  const before = ev.old ? controllerOwnerKey(ev.old, kind) : undefined
  if (!k) return before ? [before] : []
  return before && before !== k ? [k, before] : [k]
}

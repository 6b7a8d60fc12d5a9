import type { KObject } from '../api/types.ts'
import {
  compare,
  difference,
  fieldKey,
  isEmpty,
  MEMO_LIMIT,
  union,
  type At,
  type Comparison,
  type Fields,
} from './managedFieldsSet.ts'
import { zeroObject } from './managedFieldsSchema.ts'
import { boundedMemo } from '../runtime/memo.ts'

/**
 * metadata.managedFields as kube-apiserver v1.32 keeps it (the fieldmanager package over
 * structured-merge-diff): one entry per manager, operation and subresource (and apiVersion for
 * updates), holding the set of fields that manager last set.
 */
export interface ManagedFieldsEntry {
  apiVersion: string
  fieldsType: 'FieldsV1'
  fieldsV1: Fields
  manager: string
  operation: 'Apply' | 'Update'
  subresource?: string
  time?: string
}

export interface ManagerId {
  manager: string
  operation: 'Apply' | 'Update'
  apiVersion: string
  subresource?: string
}

/** Who writes when the request names no field manager: the user agents of the control plane. */
export function defaultManager(resourceId: string, subresource?: string): string {
  if (subresource === 'status' && (resourceId === 'pods' || resourceId === 'nodes'))
    return 'kubelet'
  return 'kube-controller-manager'
}

/** The manager name for writes through the engine façade that name none. */
export const FACADE_MANAGER = 'kubeplay'

export function isSameManager(e: ManagedFieldsEntry, id: ManagerId): boolean {
  return (
    e.manager === id.manager &&
    e.operation === id.operation &&
    (e.subresource ?? '') === (id.subresource ?? '') &&
    (id.operation === 'Apply' || e.apiVersion === id.apiVersion)
  )
}

/** Metadata fields no manager ever owns (the field manager's stripped set). */
const STRIPPED_META = new Set([
  'name',
  'namespace',
  'creationTimestamp',
  'selfLink',
  'uid',
  'generation',
  'managedFields',
  'resourceVersion',
])

/**
 * Compares two versions of an object the way the field manager sees them: server-owned metadata
 * is left out, a status write sees only status, and a main-resource write of a kind with a status
 * subresource ignores status (its reset fields).
 */
export function compareObjects(
  kind: string,
  old: Record<string, unknown>,
  obj: Record<string, unknown>,
  part: 'status' | 'main',
  ignoreStatus: boolean,
): Comparison {
  // Go objects always hold their non-pointer structs (spec, status): absent reads as empty.
  // Plain loops, no closures: every API write runs this.
  const zero = zeroObject(kind)
  if (part === 'status') {
    const at: At = { kind, parent: '', field: 'status' }
    return wrap('f:status', compare(old.status ?? zero.status, obj.status ?? zero.status, at))
  }
  const oldMeta = (old.metadata ?? {}) as Record<string, unknown>
  const newMeta = (obj.metadata ?? {}) as Record<string, unknown>
  const meta: Acc = {}
  for (const k in newMeta)
    if (!STRIPPED_META.has(k))
      collect(meta, k, compare(oldMeta[k], newMeta[k], { kind, parent: 'metadata', field: k }))
  for (const k in oldMeta)
    if (!(k in newMeta) && !STRIPPED_META.has(k))
      collect(meta, k, compare(oldMeta[k], undefined, { kind, parent: 'metadata', field: k }))
  const rest: Acc = {}
  for (const k in obj)
    if (!skipTop(k, ignoreStatus))
      collect(
        rest,
        k,
        compare(old[k] ?? zero[k], obj[k] ?? zero[k], { kind, parent: '', field: k }),
      )
  for (const k in old)
    if (!(k in obj) && !skipTop(k, ignoreStatus))
      collect(rest, k, compare(old[k] ?? zero[k], zero[k], { kind, parent: '', field: k }))
  return {
    changed: meta.changed ? { 'f:metadata': meta.changed, ...rest.changed } : rest.changed,
    removed: meta.removed ? { 'f:metadata': meta.removed, ...rest.removed } : rest.removed,
  }
}

function skipTop(k: string, ignoreStatus: boolean): boolean {
  return k === 'apiVersion' || k === 'kind' || k === 'metadata' || (ignoreStatus && k === 'status')
}

interface Acc {
  changed?: Record<string, Fields>
  removed?: Record<string, Fields>
}

function collect(acc: Acc, k: string, c: Comparison): void {
  if (c.changed) (acc.changed ??= {})[fieldKey(k)] = c.changed
  if (c.removed) (acc.removed ??= {})[fieldKey(k)] = c.removed
}

function wrap(key: string, c: Comparison): Comparison {
  return {
    changed: c.changed ? { [key]: c.changed } : undefined,
    removed: c.removed ? { [key]: c.removed } : undefined,
  }
}

/** The entries a request may carry: kept only when they decode as managedFields entries. */
export function decodeEntries(v: unknown): ManagedFieldsEntry[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined
  for (const e of v) {
    if (typeof e !== 'object' || e === null) return undefined
    const entry = e as Partial<ManagedFieldsEntry>
    if (typeof entry.manager !== 'string' || typeof entry.fieldsV1 !== 'object') return undefined
  }
  return v as ManagedFieldsEntry[]
}

/**
 * Records an Update: fields it changed or removed leave every other entry, and the writer's entry
 * gains what it changed with a new time. A write that changed nothing leaves the entries as they
 * were (the same array), so controllers' no-op writes cost nothing here.
 */
export function recordUpdate(
  entries: readonly ManagedFieldsEntry[],
  cmp: Comparison,
  id: ManagerId,
  now: string,
): readonly ManagedFieldsEntry[] {
  if (isEmpty(cmp.changed) && isEmpty(cmp.removed)) return entries
  const out: ManagedFieldsEntry[] = []
  let previous: ManagedFieldsEntry | undefined
  for (const e of entries) {
    const kept = difference(difference(e.fieldsV1, cmp.changed), cmp.removed)
    if (isSameManager(e, id)) previous = { ...e, fieldsV1: kept ?? {} }
    else if (!isEmpty(kept)) out.push(kept === e.fieldsV1 ? e : { ...e, fieldsV1: kept! })
  }
  if (!entries.length && !isEmpty(cmp.changed)) return createdEntries(id, cmp.changed!, now)
  if (!isEmpty(cmp.changed)) {
    const fields = union(previous?.fieldsV1, cmp.changed)!
    // A status names what is the object's own (a pod's IPs, a node's addresses), so no two are
    // alike: looking for an equal one to share only costs.
    out.push(
      entryOf(id, id.subresource === 'status' ? sortedFields(fields) : sharedSorted(fields), now),
    )
  } else if (previous && !isEmpty(previous.fieldsV1)) out.push(previous)
  return sortEntries(out)
}

/**
 * A bounded cache of values found by a hash and then a compare of their own. Nothing in one is
 * state, so none is part of snapshots; at its limit it starts again empty.
 */
class HashedCache<T> {
  private readonly buckets = new Map<number, T[]>()
  private size = 0

  find(hash: number, matches: (v: T) => boolean): T | undefined {
    for (const v of this.buckets.get(hash) ?? []) if (matches(v)) return v
    return undefined
  }

  add(hash: number, v: T): T {
    if (this.size >= CACHE_LIMIT) {
      this.buckets.clear()
      this.size = 0
    }
    const bucket = this.buckets.get(hash)
    if (bucket) bucket.push(v)
    else this.buckets.set(hash, [v])
    this.size++
    return v
  }
}

const CACHE_LIMIT = 1024

/**
 * Objects created alike (the pods of one ReplicaSet, a component's events) share one entries list:
 * the same writer, time and fields, so thousands of objects do not each hold a copy. Looked up by
 * a hash of the tree as the compare built it, then the tree itself: a JSON text of every created
 * pod's fields as the key cost more than the rest of the bookkeeping.
 */
const created = new HashedCache<{
  writer: string
  now: string
  changed: Fields
  entries: readonly ManagedFieldsEntry[]
}>()

function createdEntries(
  id: ManagerId,
  changed: Fields,
  now: string,
): readonly ManagedFieldsEntry[] {
  const writer = `${id.manager}\u0000${id.apiVersion}\u0000${id.subresource ?? ''}`
  const hash = hashFields(changed, hashString(now, hashString(writer, 17)))
  const hit = created.find(
    hash,
    (c) => c.writer === writer && c.now === now && sameFields(c.changed, changed),
  )
  if (hit) return hit.entries
  const entries = [entryOf(id, sortedFields(changed), now)]
  return created.add(hash, { writer, now, changed, entries }).entries
}

/**
 * The sorted form of a field set, shared with every earlier set alike: the kubelet's first status
 * write owns the same fields in every pod of a workload.
 */
const sorted = new HashedCache<{ fields: Fields; sorted: Fields }>()

function sharedSorted(f: Fields): Fields {
  const hash = hashFields(f, 17)
  const hit = sorted.find(hash, (c) => sameFields(c.fields, f))
  return (hit ?? sorted.add(hash, { fields: f, sorted: sortedFields(f) })).sorted
}

function hashString(s: string, h: number): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619)
  return h
}

/** Order matters, as it did for the JSON text this replaced: trees differing in order are kept apart. */
function hashFields(f: Fields, h: number): number {
  for (const k in f) h = hashFields(f[k], Math.imul(h ^ keyHash(k), 16777619) ^ 0x5bd1e995)
  return Math.imul(h, 31) + 1
}

/** Each path element's own hash, worked out once: the same few hundred come back in every set. */
const keyHash = boundedMemo(MEMO_LIMIT, (k: string) => hashString(k, 17))

function sameFields(a: Fields, b: Fields): boolean {
  if (a === b) return true
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  if (ka.length !== kb.length) return false
  for (let i = 0; i < ka.length; i++)
    if (ka[i] !== kb[i] || !sameFields(a[ka[i]], b[kb[i]])) return false
  return true
}

export function entryOf(
  id: ManagerId,
  fields: Fields,
  time: string | undefined,
): ManagedFieldsEntry {
  const e: ManagedFieldsEntry = {
    apiVersion: id.apiVersion,
    fieldsType: 'FieldsV1',
    fieldsV1: fields,
    manager: id.manager,
    operation: id.operation,
  }
  if (id.subresource) e.subresource = id.subresource
  if (time !== undefined) e.time = time
  return e
}

/** The order the API server stores entries in: operation, time, manager, apiVersion, subresource. */
export function sortEntries(entries: ManagedFieldsEntry[]): ManagedFieldsEntry[] {
  // An insertion sort (stable, like the sort it replaces): objects have a few entries, and a
  // sort with a comparator copies its array first on every write.
  for (let i = 1; i < entries.length; i++) {
    const e = entries[i]
    let j = i - 1
    for (; j >= 0 && compareEntries(entries[j], e) > 0; j--) entries[j + 1] = entries[j]
    entries[j + 1] = e
  }
  return entries
}

function compareEntries(p: ManagedFieldsEntry, q: ManagedFieldsEntry): number {
  return (
    cmpStr(p.operation, q.operation) ||
    cmpStr(p.time ?? '', q.time ?? '') ||
    cmpStr(p.manager, q.manager) ||
    cmpStr(p.apiVersion, q.apiVersion) ||
    cmpStr(p.subresource ?? '', q.subresource ?? '')
  )
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Keys in the order Go writes them; a tree already in order is returned as is, and so is every
 * subtree already in order (most are: leaves, and whole lists the compare walked in order).
 */
export function sortedFields(f: Fields): Fields {
  let keys: string[] | undefined
  let subs: Fields[] | undefined
  let prev: string | undefined
  let inOrder = true
  let i = 0
  for (const k in f) {
    const sub = f[k]
    const s = sortedFields(sub)
    if (s !== sub && !subs) {
      // The first subtree that had to change: from here on every child is kept.
      keys = Object.keys(f)
      subs = keys.map((key) => f[key])
    }
    if (subs) subs[i] = s
    if (prev !== undefined && prev > k) inOrder = false
    prev = k
    i++
  }
  if (inOrder && !subs) return f
  keys ??= Object.keys(f)
  subs ??= keys.map((key) => f[key])
  if (keys.length > 64) {
    const index = keys.map((_, j) => j).sort((a, b) => cmpStr(keys![a], keys![b]))
    const out: Record<string, Fields> = {}
    for (const j of index) out[keys[j]] = subs[j]
    return out
  }
  // Insertion sort of both arrays together: these maps are small, and a sort with a comparator
  // copies its array first (a status write sorts dozens of them).
  for (let j = 1; j < keys.length; j++) {
    const k = keys[j]
    const sub = subs[j]
    let m = j - 1
    for (; m >= 0 && keys[m] > k; m--) {
      keys[m + 1] = keys[m]
      subs[m + 1] = subs[m]
    }
    keys[m + 1] = k
    subs[m + 1] = sub
  }
  const out: Record<string, Fields> = {}
  for (let j = 0; j < keys.length; j++) out[keys[j]] = subs[j]
  return out
}

/** The entries an object carries. */
export function entriesOf(obj: KObject): readonly ManagedFieldsEntry[] {
  return (obj.metadata.managedFields as ManagedFieldsEntry[] | undefined) ?? []
}

import { boundedMemo } from '../runtime/memo.ts'
import { isAtomicStruct, keyDefault, listTypeOf, type ListType } from './managedFieldsSchema.ts'

/**
 * A set of field paths in its FieldsV1 form, used as is: `f:name` for a field, `k:{...}` for an
 * associative list item, `v:...` for a set item; a node is a member itself when it has no children
 * or holds `.`. Trees are never changed once built, so objects can share them.
 */
export type Fields = { readonly [pe: string]: Fields }

const LEAF: Fields = Object.freeze({})
const DOT = '.'

/**
 * Path elements built once per name: a key built by concatenation has to be looked up in the
 * engine's string table each time it names a property, which was most of the cost of every walk.
 * Nothing here is state; at its limit the memo starts again empty.
 */
export const MEMO_LIMIT = 10_000

/** `f:` + a field name. */
export const fieldKey = boundedMemo(MEMO_LIMIT, (name: string) => 'f:' + name)

type Obj = Record<string, unknown>

function isMap(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isMember(n: Fields): boolean {
  for (const _ in n) return DOT in n
  return true
}

function hasChildren(n: Fields): boolean {
  for (const k in n) if (k !== DOT) return true
  return false
}

/** Builds a node from its membership and children (children with nothing in them dropped). */
function node(member: boolean, children: Record<string, Fields> | undefined): Fields | undefined {
  if (!children) return member ? LEAF : undefined
  if (member) return { [DOT]: LEAF, ...children }
  return children
}

export function isEmpty(f: Fields | undefined): boolean {
  return !f || Object.keys(f).length === 0
}

export function union(a: Fields | undefined, b: Fields | undefined): Fields | undefined {
  if (!a || a === b) return b ?? a
  if (!b) return a
  const member = isMember(a) || isMember(b)
  let children: Record<string, Fields> | undefined
  for (const k in a) if (k !== DOT) (children ??= {})[k] = a[k]
  for (const k in b) {
    if (k === DOT) continue
    const merged = children?.[k] ? union(children[k], b[k])! : b[k]
    ;(children ??= {})[k] = merged
  }
  return node(member, children)
}

/** `a` without the members of `b`; returns `a` itself when nothing is taken out. */
export function difference(a: Fields | undefined, b: Fields | undefined): Fields | undefined {
  if (!a || !b) return a
  if (a === b) return undefined
  let changed = false
  const member = isMember(a) && !isMember(b)
  if (isMember(a) !== member) changed = true
  let children: Record<string, Fields> | undefined
  for (const k in a) {
    if (k === DOT) continue
    const sub = k in b ? difference(a[k], b[k]) : a[k]
    if (sub !== a[k]) changed = true
    if (sub) (children ??= {})[k] = sub
  }
  return changed ? node(member, children) : a
}

export function intersection(a: Fields | undefined, b: Fields | undefined): Fields | undefined {
  if (!a || !b) return undefined
  const member = isMember(a) && isMember(b)
  let children: Record<string, Fields> | undefined
  for (const k in a) {
    if (k === DOT || !(k in b)) continue
    const sub = intersection(a[k], b[k])
    if (sub) (children ??= {})[k] = sub
  }
  return node(member, children)
}

/** Member paths in the order structured-merge-diff lists them: members first, then children. */
export function paths(f: Fields | undefined, prefix = ''): string[] {
  if (!f) return []
  const keys = Object.keys(f)
    .filter((k) => k !== DOT)
    .sort()
  const out: string[] = []
  for (const k of keys) if (isMember(f[k])) out.push(prefix + pathElement(k))
  for (const k of keys) if (hasChildren(f[k])) out.push(...paths(f[k], prefix + pathElement(k)))
  return out
}

/** `f:spec` → `.spec`, `k:{"name":"x"}` → `[name="x"]`, `v:"a"` → `[="a"]`. */
function pathElement(pe: string): string {
  const body = pe.slice(2)
  if (pe.startsWith('f:')) return '.' + body
  if (pe.startsWith('v:')) return `[=${body}]`
  if (pe.startsWith('i:')) return `[${body}]`
  const key = JSON.parse(body) as Obj
  return (
    '[' +
    Object.keys(key)
      .map((k) => `${k}=${JSON.stringify(key[k])}`)
      .join(',') +
    ']'
  )
}

// ---- the schema-aware walk ------------------------------------------------------------------

/** Where a value sits: the object's kind, the field holding it, and that field's parent. */
export interface At {
  kind: string
  parent: string
  field: string
}

function listType(at: At): ListType {
  return listTypeOf(at.kind, at.parent, at.field)
}

function child(at: At, field: string): At {
  return { kind: at.kind, parent: at.field, field }
}

/** Each list type's key names in the order Go's JSON encoder writes them. */
const sortedKeys = new WeakMap<readonly string[], readonly string[]>()

/** Path elements of single-key list items by key name, then value (`k:{"type":"Ready"}`). */
const singleKeys = new Map<string, Map<string, string>>()
let singleKeyCount = 0

export function itemKey(item: unknown, keys: readonly string[]): string {
  if (keys.length === 1 && isMap(item) && typeof item[keys[0]] === 'string') {
    const name = keys[0]
    const value = item[name] as string
    let byValue = singleKeys.get(name)
    if (!byValue) singleKeys.set(name, (byValue = new Map()))
    let pe = byValue.get(value)
    if (pe === undefined) {
      if (singleKeyCount >= MEMO_LIMIT) {
        singleKeys.clear()
        singleKeyCount = 0
        singleKeys.set(name, (byValue = new Map()))
      }
      pe = 'k:{' + JSON.stringify(name) + ':' + JSON.stringify(value) + '}'
      byValue.set(value, pe)
      singleKeyCount++
    }
    return pe
  }
  let names = sortedKeys.get(keys)
  if (!names) {
    names = [...keys].sort()
    sortedKeys.set(keys, names)
  }
  // Written out directly (as JSON.stringify of the key object would): every list item of every
  // compared object gets one.
  let out = 'k:{'
  for (const k of names) {
    const v = isMap(item) && item[k] !== undefined ? item[k] : keyDefault(k)
    if (v === undefined) continue
    if (out.length > 3) out += ','
    out += JSON.stringify(k) + ':' + JSON.stringify(v)
  }
  return out + '}'
}

/** The path element of each item of a list, or undefined for an atomic list. */
export function itemElements(list: unknown[], lt: ListType): string[] | undefined {
  if (lt.type === 'map') return list.map((item) => itemKey(item, lt.keys))
  if (lt.type === 'set') return list.map((v) => 'v:' + JSON.stringify(v))
  return undefined
}

function isEmptyMap(o: Obj): boolean {
  for (const _ in o) return false
  return true
}

function isAtomic(v: unknown, at: At): boolean {
  if (isMap(v)) return isAtomicStruct(at.kind, at.field) || isEmptyMap(v)
  if (Array.isArray(v)) return v.length === 0 || listType(at).type === 'atomic'
  return true
}

const ITEM = '[]'

/**
 * Every path of a value present on one side only (the compare walk with the other side nil): the
 * value itself is a member, and so is each map, field and item inside it.
 */
export function allPaths(v: unknown, at: At): Fields {
  if (isAtomic(v, at)) return LEAF
  if (isMap(v)) {
    const flat = flatPaths(v)
    if (flat) return flat
  }
  // Built in place, `.` first: this runs over every field of every object created.
  const out: Record<string, Fields> = { [DOT]: LEAF }
  if (isMap(v)) {
    for (const k in v) {
      const x = v[k]
      if (x === undefined) continue
      // Scalars are leaves wherever they sit: no need to work out where.
      out[fieldKey(k)] = typeof x === 'object' && x !== null ? allPaths(x, child(at, k)) : LEAF
    }
  } else {
    const list = v as unknown[]
    const lt = listType(at)
    const pes = itemElements(list, lt)!
    const itemAt = child(at, ITEM)
    const deep = lt.type === 'map' && !lt.atomicItems
    for (let i = 0; i < list.length; i++) out[pes[i]] = deep ? allPaths(list[i], itemAt) : LEAF
  }
  return out
}

/**
 * The paths of maps whose members are all scalars (a condition, a port, an address), shared and
 * already in order: they depend on the member names alone, and thousands of objects have the same
 * few. Found by walking a trie of member names, so no key text is built. A cache only: at its
 * limit it starts again empty.
 */
interface FlatNode {
  next: Map<string, FlatNode>
  fields?: Fields
}

let flatRoot: FlatNode = { next: new Map() }
let flatNodes = 0

function flatPaths(v: Obj): Fields | undefined {
  let node = flatRoot
  for (const k in v) {
    const x = v[k]
    if (x === undefined) continue
    if (typeof x === 'object' && x !== null) return undefined
    let n = node.next.get(k)
    if (!n) {
      if (flatNodes >= MEMO_LIMIT) {
        flatRoot = { next: new Map() }
        flatNodes = 0
        return undefined
      }
      n = { next: new Map() }
      node.next.set(k, n)
      flatNodes++
    }
    node = n
  }
  if (!node.fields) {
    const names: string[] = []
    for (const k in v) if (v[k] !== undefined) names.push(fieldKey(k))
    names.sort()
    const out: Record<string, Fields> = { [DOT]: LEAF }
    for (const pe of names) out[pe] = LEAF
    node.fields = out
  }
  return node.fields
}

/** The fields a value sets, as an applied configuration claims them (ToFieldSet). */
export function fieldSetOf(v: unknown, at: At): Fields | undefined {
  if (Array.isArray(v)) {
    if (listType(at).type === 'atomic') return LEAF
    // An empty associative list or set claims nothing, as structured-merge-diff has it.
    if (v.length === 0) return undefined
  } else if (!isMap(v) || isAtomic(v, at)) return LEAF
  let children: Record<string, Fields> | undefined
  if (isMap(v)) {
    for (const k in v) {
      if (v[k] === undefined) continue
      const sub = fieldSetOf(v[k], child(at, k))
      if (sub) (children ??= {})[fieldKey(k)] = sub
    }
    return node(false, children)
  }
  const list = v as unknown[]
  const lt = listType(at)
  const pes = itemElements(list, lt)!
  const itemAt = child(at, ITEM)
  list.forEach((item, i) => {
    let sub: Fields = LEAF
    if (lt.type === 'map' && !lt.atomicItems) {
      const inner = fieldSetOf(item, itemAt)
      sub = inner && inner !== LEAF ? { [DOT]: LEAF, ...inner } : LEAF
    }
    ;(children ??= {})[pes[i]] = sub
  })
  return node(false, children)
}

export interface Comparison {
  /** Modified and added paths. */
  changed?: Fields
  removed?: Fields
}

/**
 * Compares two versions of a value. Unchanged subtrees are skipped by identity first, so status
 * writes that share everything but a few fields with the stored object cost little.
 */
export function compare(l: unknown, r: unknown, at: At): Comparison {
  if (l === r) return {}
  if (l === undefined) return { changed: allPaths(r, at) }
  if (r === undefined) return { removed: allPaths(l, at) }
  // null is an empty map or list here; two empty ones compare as one value.
  if ((isMap(l) || isMap(r)) && (isMap(l) || l === null) && (isMap(r) || r === null)) {
    const lm = (l ?? {}) as Obj
    const rm = (r ?? {}) as Obj
    if (!isAtomicStruct(at.kind, at.field) && !(isEmptyMap(lm) && isEmptyMap(rm)))
      return compareMaps(lm, rm, at)
  }
  const la = Array.isArray(l) || l === null
  const ra = Array.isArray(r) || r === null
  if (la && ra && (Array.isArray(l) || Array.isArray(r))) {
    const lt = listType(at)
    const ll = (l ?? []) as unknown[]
    const rl = (r ?? []) as unknown[]
    if (lt.type !== 'atomic' && (ll.length || rl.length)) return compareLists(ll, rl, lt, at)
  }
  return jsonSame(l, r) ? {} : { changed: LEAF }
}

function compareMaps(l: Obj, r: Obj, at: At): Comparison {
  let changed: Record<string, Fields> | undefined
  let removed: Record<string, Fields> | undefined
  for (const k in r) {
    const a = l[k]
    const b = r[k]
    // The same value (shared with the stored version) is unchanged: skipped without a walk.
    if (a === b) continue
    const c = compare(a, b, child(at, k))
    if (c.changed) (changed ??= {})[fieldKey(k)] = c.changed
    if (c.removed) (removed ??= {})[fieldKey(k)] = c.removed
  }
  for (const k in l) {
    if (k in r) continue
    const c = compare(l[k], undefined, child(at, k))
    if (c.changed) (changed ??= {})[fieldKey(k)] = c.changed
    if (c.removed) (removed ??= {})[fieldKey(k)] = c.removed
  }
  return { changed: node(false, changed), removed: node(false, removed) }
}

function compareLists(l: unknown[], r: unknown[], lt: ListType, at: At): Comparison {
  const itemAt = child(at, ITEM)
  const lk = itemElements(l, lt)!
  const rk = itemElements(r, lt)!
  const left = new Map<string, unknown>()
  for (let i = 0; i < lk.length; i++) left.set(lk[i], l[i])
  const right = new Map<string, unknown>()
  for (let i = 0; i < rk.length; i++) right.set(rk[i], r[i])
  let changed: Record<string, Fields> | undefined
  let removed: Record<string, Fields> | undefined
  const atomicItems = lt.type !== 'map' || lt.atomicItems
  // Duplicate keys: the last item of each key counts, at its first key's place, as a Map has it.
  for (const k of right.keys()) {
    const rv = right.get(k)
    const lv = left.get(k)
    if (lv === undefined) (changed ??= {})[k] = atomicItems ? LEAF : allPaths(rv, itemAt)
    else if (atomicItems) {
      if (!jsonSame(lv, rv)) (changed ??= {})[k] = LEAF
    } else {
      const c = compare(lv, rv, itemAt)
      if (c.changed) (changed ??= {})[k] = c.changed
      if (c.removed) (removed ??= {})[k] = c.removed
    }
  }
  for (const k of left.keys())
    if (!right.has(k)) (removed ??= {})[k] = atomicItems ? LEAF : allPaths(left.get(k), itemAt)
  return { changed: node(false, changed), removed: node(false, removed) }
}

function jsonSame(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    return a.length === bb.length && a.every((x, i) => jsonSame(x, bb[i]))
  }
  const ak = Object.keys(a).filter((k) => (a as Obj)[k] !== undefined)
  const bk = Object.keys(b).filter((k) => (b as Obj)[k] !== undefined)
  return ak.length === bk.length && ak.every((k) => jsonSame((a as Obj)[k], (b as Obj)[k]))
}

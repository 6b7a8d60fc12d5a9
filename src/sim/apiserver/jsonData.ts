/**
 * Copy and compare plain JSON data exactly as a JSON.stringify round trip would, without building
 * the text: every API write copies and compares whole objects, and at thousands of pods the
 * serialise-then-parse round trip was the engine's largest single cost.
 */

/** Whether a value is left out of an object by JSON.stringify (and written as null in an array). */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol'
}

/** Objects JSON treats specially (toJSON, boxed primitives, class instances) take the slow path. */
function plain(o: object): boolean {
  const proto = Object.getPrototypeOf(o)
  return (
    (proto === Object.prototype || proto === null || Array.isArray(o)) &&
    typeof (o as { toJSON?: unknown }).toJSON !== 'function'
  )
}

function viaText(v: unknown): unknown {
  const text = JSON.stringify(v)
  return text === undefined ? undefined : JSON.parse(text)
}

/**
 * The string itself, made one flat piece of text. Strings built with `+` and templates are trees
 * of their parts (several times the text's size) until something reads them character by
 * character; stored objects keep them for their lifetime. Reading one character flattens the
 * string in place, and the garbage collector then drops the tree. Shorter strings are always flat.
 */
export function flat(s: string): string {
  if (s.length > 12) s.charCodeAt(0)
  return s
}

/** The value a JSON round trip yields, or undefined when the value would be omitted. */
function copyValue(v: unknown): unknown {
  if (typeof v === 'string') return flat(v)
  if (v === null || typeof v === 'boolean') return v
  if (typeof v === 'number') return Number.isFinite(v) ? (v === 0 ? 0 : v) : null
  if (typeof v !== 'object') return typeof v === 'bigint' ? viaText(v) : undefined
  if (!plain(v)) return viaText(v)
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length)
    for (let i = 0; i < v.length; i++) out[i] = omitted(v[i]) ? null : copyValue(v[i])
    return out
  }
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k]
    if (omitted(x)) continue
    // JSON.parse makes "__proto__" an own property; plain assignment would set the prototype.
    if (k === '__proto__')
      Object.defineProperty(out, k, {
        value: copyValue(x),
        enumerable: true,
        writable: true,
        configurable: true,
      })
    else out[k] = copyValue(x)
  }
  return out
}

/** Deep copy of plain JSON data, identical to JSON.parse(JSON.stringify(o)). */
export function clone<T>(o: T): T {
  if (o === undefined) return o
  if (omitted(o)) return JSON.parse(JSON.stringify(o) as string) as T
  return copyValue(o) as T
}

/** The primitive JSON writes for a value in an array slot, or the value itself if structured. */
function inArray(v: unknown): unknown {
  if (omitted(v)) return null
  if (typeof v === 'number' && !Number.isFinite(v)) return null
  return v
}

function keysOf(o: Record<string, unknown>): string[] {
  const keys = Object.keys(o)
  // Members JSON would leave out are rare: filter (a second array) only when there are some.
  for (let i = 0; i < keys.length; i++)
    if (omitted(o[keys[i]])) return keys.filter((k) => !omitted(o[k]))
  return keys
}

function equalValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a === 'number' && typeof b === 'number')
    return Number.isFinite(a) || Number.isFinite(b) ? a === b : true
  if (typeof a === 'number' && !Number.isFinite(a)) return b === null
  if (typeof b === 'number' && !Number.isFinite(b)) return a === null
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (!plain(a) || !plain(b)) return JSON.stringify(a) === JSON.stringify(b)
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    if (a.length !== bb.length) return false
    for (let i = 0; i < a.length; i++) if (!equalValue(inArray(a[i]), inArray(bb[i]))) return false
    return true
  }
  const ao = a as Record<string, unknown>
  const bo = b as Record<string, unknown>
  const ak = keysOf(ao)
  const bk = keysOf(bo)
  if (ak.length !== bk.length) return false
  // Key order matters: JSON text with the same members in another order is different text.
  for (let i = 0; i < ak.length; i++) {
    if (ak[i] !== bk[i] || !equalValue(ao[ak[i]], bo[bk[i]])) return false
  }
  return true
}

/** JSON.stringify(a) === JSON.stringify(b), for plain data, without writing either out. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (omitted(a) || omitted(b)) return omitted(a) && omitted(b)
  return equalValue(a, b)
}

/**
 * jsonEqual of two objects with one member of one of their members left out on both sides
 * (metadata.resourceVersion), without building the stripped copies.
 */
export function jsonEqualExcept(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  member: string,
  skip: string,
): boolean {
  const ak = keysOf(a)
  const bk = keysOf(b)
  if (ak.length !== bk.length) return false
  for (let i = 0; i < ak.length; i++) {
    const k = ak[i]
    if (k !== bk[i]) return false
    const x = a[k]
    const y = b[k]
    if (k !== member || !isRecord(x) || !isRecord(y)) {
      if (!equalValue(x, y)) return false
      continue
    }
    const xk = keysOf(x).filter((key) => key !== skip)
    const yk = keysOf(y).filter((key) => key !== skip)
    if (xk.length !== yk.length) return false
    for (let j = 0; j < xk.length; j++)
      if (xk[j] !== yk[j] || !equalValue(x[xk[j]], y[yk[j]])) return false
  }
  return true
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && plain(v)
}

/**
 * clone(v), except that parts JSON-equal to the same place in `prev` (same members in the same
 * order) are `prev`'s own objects, and `prev` itself comes back when nothing differs. For writes
 * whose previous version is stored and never mutated: unchanged parts are then recognised by
 * identity by every later compare, and versions share their memory.
 */
export function cloneSharing<T>(v: T, prev: unknown): T {
  if (prev === undefined || omitted(v)) return clone(v)
  return copyShared(v, prev) as T
}

const own = Object.prototype.hasOwnProperty

function copyShared(v: unknown, prev: unknown): unknown {
  // The stored value handed back as it is (stored values are never mutated): nothing to walk.
  if (v === prev && typeof v === 'object') return prev
  if (
    typeof v !== 'object' ||
    v === null ||
    typeof prev !== 'object' ||
    prev === null ||
    Array.isArray(v) !== Array.isArray(prev) ||
    !plain(v) ||
    !plain(prev)
  )
    return copyValue(v)
  if (Array.isArray(v)) {
    const p = prev as unknown[]
    const out: unknown[] = new Array(v.length)
    let same = v.length === p.length
    for (let i = 0; i < v.length; i++) {
      const x = omitted(v[i]) ? null : i < p.length ? copyShared(v[i], p[i]) : copyValue(v[i])
      out[i] = x
      if (x !== p[i]) same = false
    }
    return same ? prev : out
  }
  const p = prev as Record<string, unknown>
  const prevKeys = Object.keys(p)
  const out: Record<string, unknown> = {}
  let same = true
  let n = 0
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k]
    if (omitted(x)) continue
    if (k === '__proto__') {
      Object.defineProperty(out, k, {
        value: copyValue(x),
        enumerable: true,
        writable: true,
        configurable: true,
      })
      same = false
      continue
    }
    const c = own.call(p, k) ? copyShared(x, p[k]) : copyValue(x)
    out[k] = c
    if (same && (prevKeys[n] !== k || c !== p[k])) same = false
    n++
  }
  return same && n === prevKeys.length ? prev : out
}

import type { KObject } from '../../sim/api/types.ts'
import { CliError } from '../cli/errors.ts'
import { goSorted } from './goSort.ts'

/** `{.status.containerStatuses[0].restartCount}` or `.metadata.name` → path steps. */
function parsePath(expr: string): (string | number)[] {
  let e = expr.trim()
  if (e.startsWith('{') && e.endsWith('}')) e = e.slice(1, -1)
  if (!e.startsWith('.')) e = '.' + e
  const steps: (string | number)[] = []
  for (const m of e.matchAll(/\.([^.[\]]+)|\[(\d+)\]/g))
    steps.push(m[1] !== undefined ? m[1] : Number(m[2]))
  return steps
}

function valueAt(obj: unknown, steps: (string | number)[]): unknown {
  let cur: any = obj
  for (const s of steps) {
    if (cur === null || cur === undefined) return undefined
    cur = cur[s]
  }
  return cur
}

const QUANTITY = /^([+-]?\d+(?:\.\d*)?|[+-]?\.\d+)(m|Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|[eE][+-]?\d+)?$/
const SCALE: Record<string, number> = {
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
  Ei: 1024 ** 6,
}

function quantity(s: string): number | undefined {
  const m = QUANTITY.exec(s)
  if (!m) return undefined
  const suffix = m[2] ?? ''
  if (/^[eE]/.test(suffix)) return Number(m[1]) * 10 ** Number(suffix.slice(1))
  return Number(m[1]) * (SCALE[suffix] ?? 1)
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9'

/** `sortorder.NaturalLess`: digit runs compare as numbers, digits before other characters. */
export function naturalLess(s1: string, s2: string): boolean {
  let i1 = 0
  let i2 = 0
  while (i1 < s1.length && i2 < s2.length) {
    const c1 = s1[i1]
    const c2 = s2[i2]
    const d1 = isDigit(c1)
    const d2 = isDigit(c2)
    if (d1 !== d2) return d1
    if (!d1) {
      if (c1 !== c2) return c1 < c2
      i1++
      i2++
      continue
    }
    while (i1 < s1.length && s1[i1] === '0') i1++
    while (i2 < s2.length && s2[i2] === '0') i2++
    const nz1 = i1
    const nz2 = i2
    while (i1 < s1.length && isDigit(s1[i1])) i1++
    while (i2 < s2.length && isDigit(s2[i2])) i2++
    if (i1 - nz1 !== i2 - nz2) return i1 - nz1 < i2 - nz2
    const n1 = s1.slice(nz1, i1)
    const n2 = s2.slice(nz2, i2)
    if (n1 !== n2) return n1 < n2
    if (nz1 !== nz2) return nz1 < nz2
  }
  return s1.length < s2.length
}

/** kubectl's RuntimeSort.Less on two field values (undefined: the field is missing). */
function fieldLess(a: unknown, b: unknown): boolean {
  if (a === undefined) return true
  if (b === undefined) return false
  if (typeof a === 'number' && typeof b === 'number') return a < b
  if (typeof a === 'string' && typeof b === 'string') {
    const qa = quantity(a)
    const qb = quantity(b)
    if (qa !== undefined && qb !== undefined) return qa < qb
    return naturalLess(a, b)
  }
  return JSON.stringify(a) < JSON.stringify(b)
}

/** --sort-by: Go's (unstable) sort.Sort on one JSONPath field, as kubectl's RuntimeSort. */
export function sortObjects(objs: KObject[], expr: string): KObject[] {
  const steps = parsePath(expr)
  if (objs.length && objs.every((o) => valueAt(o, steps) === undefined))
    throw new CliError(
      `couldn't find any field with path "{${expr.replace(/^\{|\}$/g, '')}}" in the list of objects`,
    )
  return goSorted(
    objs.map((o) => ({ o, v: valueAt(o, steps) })),
    (x, y) => fieldLess(x.v, y.v),
  ).map((x) => x.o)
}

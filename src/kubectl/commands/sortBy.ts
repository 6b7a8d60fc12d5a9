import type { KObject } from '../../sim/api/types.ts'
import { CliError } from '../cli/errors.ts'

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

const QUANTITY = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/
const SCALE: Record<string, number> = {
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
}

function compare(a: unknown, b: unknown): number {
  if (a === undefined) return b === undefined ? 0 : -1
  if (b === undefined) return 1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'string' && typeof b === 'string') {
    const qa = QUANTITY.exec(a)
    const qb = QUANTITY.exec(b)
    if (qa && qb) return Number(qa[1]) * (SCALE[qa[2]] ?? 1) - Number(qb[1]) * (SCALE[qb[2]] ?? 1)
    return a < b ? -1 : a > b ? 1 : 0
  }
  const sa = JSON.stringify(a)
  const sb = JSON.stringify(b)
  return sa < sb ? -1 : sa > sb ? 1 : 0
}

/** --sort-by: a stable sort on one JSONPath field, as kubectl's RuntimeSort. */
export function sortObjects(objs: KObject[], expr: string): KObject[] {
  const steps = parsePath(expr)
  if (objs.length && objs.every((o) => valueAt(o, steps) === undefined))
    throw new CliError(
      `couldn't find any field with path "{${expr.replace(/^\{|\}$/g, '')}}" in the list of objects`,
    )
  return objs
    .map((o, i) => ({ o, i, v: valueAt(o, steps) }))
    .sort((x, y) => compare(x.v, y.v) || x.i - y.i)
    .map((x) => x.o)
}

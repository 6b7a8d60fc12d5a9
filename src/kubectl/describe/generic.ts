import type { KObject } from '../../sim/api/types.ts'
import { goPrint } from '../printers/goValue.ts'
import {
  describeEvents,
  printAnnotationsMultiline,
  printLabelsMultiline,
  searchEvents,
  type DescribeContext,
} from './common.ts'
import { tabbed, type PrefixWriter } from './writer.ts'

const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID'])

/** fatih/camelcase.Split: runs of lower, upper, digit and other runes; `HTMLParser` → HTML, Parser. */
function camelSplit(s: string): string[] {
  const kind = (c: string) =>
    /\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{N}/u.test(c) ? 3 : 4
  const runs: string[][] = []
  let last = 0
  for (const c of s) {
    const k = kind(c)
    if (k === last) runs[runs.length - 1].push(c)
    else runs.push([c])
    last = k
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (kind(runs[i][0]) === 2 && kind(runs[i + 1][0]) === 1) {
      runs[i + 1].unshift(runs[i].pop()!)
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''))
}

/** smartLabelFor: `creationTimestamp` → `Creation Timestamp`, `apiVersion` → `API Version`. */
export function smartLabel(field: string): string {
  if ([...field].some((c) => !/\p{L}/u.test(c) && c !== '-')) return field
  return camelSplit(field)
    .filter((p) => p !== '_')
    .map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : p[0].toUpperCase() + p.slice(1)))
    .join(' ')
}

const SKIP = new Set([
  '.metadata.managedFields',
  '.metadata.name',
  '.metadata.namespace',
  '.metadata.labels',
  '.metadata.annotations',
])

function content(
  w: PrefixWriter,
  level: number,
  obj: Record<string, unknown>,
  prefix: string,
): void {
  for (const field of Object.keys(obj).sort()) {
    const value = obj[field]
    const path = `${prefix}.${field}`
    if (SKIP.has(path)) continue
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`)
      content(w, level + 1, value as Record<string, unknown>, path)
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`)
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child))
          content(w, level + 1, child as Record<string, unknown>, path)
        else w.write(level + 1, `${goPrint(child)}\n`)
      }
    } else w.write(level, `${smartLabel(field)}:\t${goPrint(value)}\n`)
  }
}

/** The generic describer for kinds without a dedicated one (Lease, Event, ControllerRevision, CRs…). */
export function describeGeneric(obj: KObject, ctx: DescribeContext): string {
  const ev = ctx.showEvents === false ? undefined : searchEvents(obj, ctx)
  return tabbed((w) => {
    w.write(0, `Name:\t${obj.metadata.name}\n`)
    w.write(0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`)
    printLabelsMultiline(w, 'Labels', obj.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations)
    content(w, 0, obj as Record<string, unknown>, '')
    describeEvents(ev, w, ctx.now)
  })
}

import type { KObject } from '../../sim/api/types.ts'
import type { ResourceInfo } from '../../sim/api/resources.ts'
import { RESOURCES } from '../../sim/api/resources.ts'
import { defaultTable, tableFor } from './columns/index.ts'
import type { Cell, KindTable } from './columns/index.ts'
import { formatLabels } from './columns/util.ts'
import { humanDuration, parseTime } from './age.ts'

/** Options of kubectl's human-readable printer (cli-runtime PrintOptions). */
export interface TableOptions {
  /** Virtual time (ms) that AGE columns are relative to. */
  now: number
  wide?: boolean
  noHeaders?: boolean
  /** --show-labels */
  showLabels?: boolean
  /** -L key1,key2 (already split). */
  labelColumns?: string[]
  /** -A / --all-namespaces: a NAMESPACE column first. */
  withNamespace?: boolean
  /** `kind.group/name` in the NAME column (several resource types, `get all`, --show-kind). */
  withKind?: boolean
}

/** Custom resources without additionalPrinterColumns get NAME and AGE from the CRD convertor. */
const customResourceTable: KindTable = {
  columns: [{ name: 'Name' }, { name: 'Age' }],
  row: (o, ctx) => {
    const t = parseTime(o.metadata.creationTimestamp)
    return [o.metadata.name ?? '', t === undefined ? '<unknown>' : humanDuration(ctx.now - t)]
  },
}

const builtIn = new Set(RESOURCES.map((r) => r.id))

export function kindTable(info: ResourceInfo): KindTable {
  const t = tableFor(info.group, info.kind)
  if (t === defaultTable && !builtIn.has(info.id)) return customResourceTable
  return t
}

/** `deployment.apps` / `pod`: GroupKind.String() lower-cased, as kubectl prefixes names. */
export function kindPrefix(info: ResourceInfo): string {
  return (info.group ? `${info.kind}.${info.group}` : info.kind).toLowerCase()
}

/** printTable: strings stop at the first line break (tabwriter would split the row) with `...`. */
function cellText(c: Cell): string {
  if (typeof c !== 'string') return String(c)
  const br = c.search(/[\f\n\r]/)
  return br < 0 ? c : c.slice(0, br) + '...'
}

/** Header cells for one kind, with kubectl's decorations. */
export function headerCells(info: ResourceInfo, opts: TableOptions): string[] {
  const cols = kindTable(info).columns.filter((c) => opts.wide || !c.priority)
  const out = cols.map((c) => c.name.toUpperCase())
  if (opts.withNamespace) out.unshift('NAMESPACE')
  for (const l of opts.labelColumns ?? []) out.push(l.split('/').pop()!.toUpperCase())
  if (opts.showLabels) out.push('LABELS')
  return out
}

/**
 * One row's cells. The API server always renders every column (Wide: true) and kubectl drops the
 * priority columns unless -o wide, so that is what happens here too.
 */
export function rowCells(obj: KObject, info: ResourceInfo, opts: TableOptions): string[] {
  const table = kindTable(info)
  const all = table.row(obj, { now: opts.now, wide: true })
  const cells: string[] = []
  table.columns.forEach((c, i) => {
    if (i >= all.length || (!opts.wide && c.priority)) return
    // decorateTable prefixes the column whose format is "name", wherever it is
    const text = cellText(all[i])
    cells.push(opts.withKind && c.name === 'Name' ? `${kindPrefix(info)}/${text}` : text)
  })
  if (opts.withNamespace) cells.unshift(obj.metadata.namespace ?? '')
  const labels = obj.metadata.labels ?? {}
  for (const l of opts.labelColumns ?? []) cells.push(labels[l] ?? '')
  if (opts.showLabels) cells.push(formatLabels(labels))
  return cells
}

/** Tab-separated lines (header first unless noHeaders or there are no rows), for the tab writer. */
export function tableText(objs: KObject[], info: ResourceInfo, opts: TableOptions): string {
  let s = ''
  if (!opts.noHeaders && objs.length > 0) s += headerCells(info, opts).join('\t') + '\n'
  for (const o of objs) s += rowCells(o, info, opts).join('\t') + '\n'
  return s
}

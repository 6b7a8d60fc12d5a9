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

function cellText(c: Cell): string {
  return typeof c === 'string' ? c : String(c)
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
    if (i < all.length && (opts.wide || !c.priority)) cells.push(cellText(all[i]))
  })
  if (opts.withKind && cells.length > 0) cells[0] = `${kindPrefix(info)}/${cells[0]}`
  if (opts.withNamespace) cells.unshift(obj.metadata.namespace ?? '')
  const labels = obj.metadata.labels ?? {}
  for (const l of opts.labelColumns ?? []) cells.push(labels[l] ?? '')
  if (opts.showLabels) cells.push(formatLabels(labels))
  return cells
}

/** Tab-separated lines (header first unless noHeaders), ready for the tab writer. */
export function tableText(objs: KObject[], info: ResourceInfo, opts: TableOptions): string {
  let s = ''
  if (!opts.noHeaders) s += headerCells(info, opts).join('\t') + '\n'
  for (const o of objs) s += rowCells(o, info, opts).join('\t') + '\n'
  return s
}

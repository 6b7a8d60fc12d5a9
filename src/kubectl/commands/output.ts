import type { KObject } from '../../sim/api/types.ts'
import type { ResourceInfo } from '../../sim/api/resources.ts'
import type { Invocation } from '../cli/command.ts'
import { opLine, type DryRun } from './common.ts'
import { CliError } from '../cli/errors.ts'
import { toYaml } from '../printers/yaml.ts'
import { toJson } from '../printers/json.ts'
import { nameLine } from '../printers/name.ts'

export { toYaml }

const FORMATS =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml'
/** Commands without a table printer do not offer the table formats. */
const OBJECT_FORMATS =
  'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml'

/** One object, or a `List` of them, as `-o yaml|json|name|jsonpath=...` prints it. */
export function formatObjects(
  inv: Invocation,
  items: { info: ResourceInfo; obj: KObject }[],
  format: string,
  mode: 'single' | 'list' = 'single',
): string {
  const value =
    mode === 'single' && items.length === 1
      ? items[0].obj
      : {
          apiVersion: 'v1',
          items: items.map((i) => i.obj),
          kind: 'List',
          metadata: { resourceVersion: '' },
        }
  if (format === 'name') return items.map((i) => nameLine(i.obj, i.info) + '\n').join('')
  if (format === 'json') return toJson(value)
  if (format === 'yaml') return toYaml(value)
  const kind = format.split('=')[0]
  if (FORMATS.split(',').includes(kind))
    throw new CliError(
      `output format "${kind}" is not available in this simulated cluster yet; use -o yaml or -o json`,
    )
  throw new CliError(
    `unable to match a printer suitable for the output format "${format}", allowed formats are: ${inv.path === 'kubectl get' ? FORMATS : OBJECT_FORMATS}`,
  )
}

/** `-o jsonpath=...` over a plain value (kubeconfig view). */
export function jsonpathOutput(_value: unknown, _template: string): string {
  throw new CliError(
    'output format "jsonpath" is not available in this simulated cluster yet; use -o yaml or -o json',
  )
}

/** What a mutating verb prints for one object: its operation line, or the object in -o format. */
export function emitResult(
  inv: Invocation,
  info: ResourceInfo,
  obj: KObject,
  op: string,
  dry: DryRun,
): void {
  const format = inv.flags.str('output')
  if (!format) {
    inv.io.out(opLine(info, obj.metadata.name ?? '', op, dry))
    return
  }
  inv.io.out(formatObjects(inv, [{ info, obj }], format))
}

import { tableText, type TableOptions } from '../printers/table.ts'
import { KUBECTL_TABWRITER, TabWriter, tabify } from '../printers/tabwriter.ts'

export function tableOptions(inv: Invocation, extra: Partial<TableOptions>): TableOptions {
  return {
    now: inv.ctx.now(),
    wide: inv.flags.str('output') === 'wide',
    noHeaders: inv.flags.bool('no-headers'),
    showLabels: inv.flags.bool('show-labels'),
    labelColumns: inv.flags.list('label-columns'),
    ...extra,
  }
}

export class TablePrinter {
  render(objs: KObject[], info: ResourceInfo, opts: TableOptions): string {
    return tabify(tableText(objs, info, opts), KUBECTL_TABWRITER)
  }
}

/** Rows printed one event at a time with widths that only grow (`get -w`). */
export class StreamPrinter {
  private readonly w = new TabWriter(KUBECTL_TABWRITER)
  constructor(
    private readonly info: ResourceInfo,
    private readonly opts: TableOptions,
  ) {}

  rows(objs: KObject[], withHeader: boolean): string {
    this.w.write(
      tableText(objs, this.info, { ...this.opts, noHeaders: !withHeader || this.opts.noHeaders }),
    )
    return this.w.flush()
  }
}

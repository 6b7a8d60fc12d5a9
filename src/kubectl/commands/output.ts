import type { KObject } from '../../sim/api/types.ts'
import type { ResourceInfo } from '../../sim/api/resources.ts'
import type { Invocation } from '../cli/command.ts'
import { opLine, type DryRun } from './common.ts'
import { CliError } from '../cli/errors.ts'
import {
  executeJsonPath,
  printObjects,
  PrintError,
  WatchPrinter,
  type PrintItem,
  type PrintOptions,
  type TableOptions,
} from '../printers/index.ts'

export { toYaml } from '../printers/index.ts'

/** Commands without a table printer offer only the object formats. */
const OBJECT_FORMATS =
  'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml'

function printOptions(inv: Invocation, extra: Partial<PrintOptions>): PrintOptions {
  const f = inv.flags
  return {
    now: inv.ctx.now(),
    noHeaders: f.knows('no-headers') && f.bool('no-headers'),
    showLabels: f.knows('show-labels') && f.bool('show-labels'),
    labelColumns: f.knows('label-columns') ? f.list('label-columns') : [],
    showManagedFields: f.knows('show-managed-fields') && f.bool('show-managed-fields'),
    template: f.knows('template') && f.has('template') ? f.str('template') : undefined,
    allowMissingTemplateKeys: f.knows('allow-missing-template-keys')
      ? f.bool('allow-missing-template-keys', true)
      : true,
    readFile: (path) => {
      const text = inv.ctx.fs.read(inv.ctx.resolve(path))
      if (text === undefined)
        throw new CliError(
          `error reading template ${path}: open ${path}: no such file or directory`,
        )
      return text
    },
    ...extra,
  }
}

/** printObjects with kubectl's error reporting (PrintError → the stderr text). */
export function print(inv: Invocation, items: PrintItem[], extra: Partial<PrintOptions>): string {
  try {
    return printObjects(items, printOptions(inv, extra))
  } catch (e) {
    if (!(e instanceof PrintError)) throw e
    if (e.stderr) throw new CliError(e.stderr.replace(/\n$/, ''), true)
    if (inv.path !== 'kubectl get' && e.message.startsWith('unable to match a printer'))
      throw new CliError(
        e.message.replace(/allowed formats are: .*$/, `allowed formats are: ${OBJECT_FORMATS}`),
      )
    throw new CliError(e.message)
  }
}

/** One object, or a `List` of them, in an -o format. */
export function formatObjects(
  inv: Invocation,
  items: PrintItem[],
  format: string,
  mode: 'single' | 'list' = 'single',
): string {
  return print(inv, items, { output: format, single: mode === 'single' })
}

/** `-o jsonpath=...` over a plain value (kubeconfig view). */
export function jsonpathOutput(value: unknown, template: string): string {
  try {
    return executeJsonPath(template, value)
  } catch (e) {
    throw new CliError(
      `error executing jsonpath ${JSON.stringify(template)}: ${(e as Error).message}`,
    )
  }
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

export function tableOptions(inv: Invocation, extra: Partial<TableOptions>): TableOptions {
  return printOptions(inv, { wide: inv.flags.str('output') === 'wide', ...extra })
}

/** Rows printed one event at a time with widths that only grow (`get -w`). */
export function watchPrinter(
  inv: Invocation,
  info: ResourceInfo,
  opts: TableOptions,
): WatchPrinter {
  return new WatchPrinter(info, {
    ...opts,
    watchEvents: inv.flags.knows('output-watch-events') && inv.flags.bool('output-watch-events'),
  })
}

/**
 * Everything kubectl prints about objects, for the command layer.
 *
 *   printObjects(items, opts): string
 *     items: { obj, info }[] in display order (ResourceInfo from src/sim/api/resources.ts).
 *     opts.output: '' (table) | 'wide' | 'yaml' | 'json' | 'name' | 'jsonpath=T' | 'jsonpath-as-json=T'
 *       | 'jsonpath-file=F' | 'custom-columns=SPEC' | 'custom-columns-file=F' | 'go-template=T'
 *       | 'go-template-file=F' | 'template=T' | 'templatefile=F' (file variants read via opts.readFile;
 *       a bare 'go-template'/'jsonpath' takes opts.template, kubectl's --template).
 *     opts.single: the user named one object (`get pod x`): yaml/json/jsonpath/go-template print the
 *       object itself; otherwise a `kind: List` wrapper, as kubectl does for lists.
 *     Tables: one header per kind group, a blank line between groups (not with --no-headers);
 *       opts.withKind gives `deployment.apps/web` names, opts.withNamespace the NAMESPACE column.
 *     Throws PrintError whose `message` is kubectl's stderr text without the `error: ` prefix;
 *       `stderr` (whole text) or `stdout` (to print first) when kubectl prints more than that.
 *
 *   new WatchPrinter(info, opts)  for `get -w`: .rows(objs, withHeader) and .event(type, obj) return
 *     the next lines; column widths persist and only grow (liggitt/tabwriter RememberWidths).
 *
 *   Lower-level pieces: tableText/rowCells/headerCells (table.ts), TabWriter/tabify (tabwriter.ts),
 *   toYaml (yaml.ts), toJson (json.ts), executeJsonPath (jsonpath.ts), executeGoTemplate
 *   (goTemplate.ts), custom columns (customColumns.ts), humanDuration/since (age.ts),
 *   canonicalQuantity (quantity.ts), podStatusCells (columns/pods.ts).
 */
import type { KObject } from '../../sim/api/types.ts'
import type { ResourceInfo } from '../../sim/api/resources.ts'
import { tableText, type TableOptions } from './table.ts'
import { KUBECTL_TABWRITER, TabWriter, tabify } from './tabwriter.ts'
import { toYaml } from './yaml.ts'
import { toCompactJson, toJson } from './json.ts'
import { nameLine } from './name.ts'
import { executeJsonPath, JsonPathError, jsonPathFailure } from './jsonpath.ts'
import {
  customColumnsText,
  CustomColumnsError,
  parseCustomColumnsFile,
  parseCustomColumnsSpec,
} from './customColumns.ts'
import { executeGoTemplate, GoTemplateError } from './goTemplate.ts'
import { goPrint } from './goValue.ts'

export { tableText, rowCells, headerCells, kindPrefix, type TableOptions } from './table.ts'
export { TabWriter, tabify, KUBECTL_TABWRITER, DESCRIBE_TABWRITER } from './tabwriter.ts'
export { toYaml } from './yaml.ts'
export { toJson } from './json.ts'
export { executeJsonPath } from './jsonpath.ts'
export { executeGoTemplate } from './goTemplate.ts'
export { humanDuration, shortHumanDuration, since } from './age.ts'
export { canonicalQuantity } from './quantity.ts'
export { nameLine } from './name.ts'

export interface PrintItem {
  obj: KObject
  info: ResourceInfo
}

export interface PrintOptions extends TableOptions {
  output?: string
  /** kubectl's --template value, for `-o go-template --template '…'`. */
  template?: string
  single?: boolean
  /** --allow-missing-template-keys (default true). */
  allowMissingTemplateKeys?: boolean
  /** Keep the objects' key order in -o json (typed objects of client-side dry runs). */
  keepKeyOrder?: boolean
  /** --show-managed-fields: without it -o yaml and -o json leave metadata.managedFields out. */
  showManagedFields?: boolean
  readFile?: (path: string) => string
}

export class PrintError extends Error {
  /**
   * `stderr`: set when the whole stderr text is fixed (jsonpath dumps), already with `error: `.
   * `stdout`: what kubectl writes to stdout before failing (go-template output and debug dump).
   */
  constructor(
    message: string,
    readonly stderr?: string,
    readonly stdout?: string,
  ) {
    super(message)
  }
}

const GET_FORMATS =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml'

function listOf(items: PrintItem[]): unknown {
  return {
    apiVersion: 'v1',
    items: items.map((i) => i.obj),
    kind: 'List',
    metadata: { resourceVersion: '' },
  }
}

function table(items: PrintItem[], opts: PrintOptions): string {
  const parts: string[] = []
  let i = 0
  while (i < items.length) {
    const info = items[i].info
    let j = i
    while (j < items.length && items[j].info.id === info.id) j++
    const text = tabify(
      tableText(
        items.slice(i, j).map((x) => x.obj),
        info,
        opts,
      ),
      KUBECTL_TABWRITER,
    )
    parts.push(text)
    i = j
  }
  return parts.join(opts.noHeaders ? '' : '\n')
}

function templateOf(format: string, arg: string | undefined, opts: PrintOptions): string {
  if (arg !== undefined) {
    if (format.endsWith('-file') || format === 'templatefile') {
      if (!opts.readFile) throw new PrintError(`error reading template ${arg}`)
      return opts.readFile(arg)
    }
    return arg
  }
  if (opts.template !== undefined) return opts.template
  throw new PrintError('template format specified but no template given')
}

/** kubectl's OmitManagedFieldsPrinter. */
export function omitManagedFields<T extends PrintItem>(item: T): T {
  if (!item.obj.metadata?.managedFields) return item
  const { managedFields: _omit, ...metadata } = item.obj.metadata
  return { ...item, obj: { ...item.obj, metadata } }
}

/** Prints objects the way `kubectl get` (and verbs with -o) do. */
export function printObjects(all: PrintItem[], opts: PrintOptions): string {
  const output = opts.output ?? ''
  const eq = output.indexOf('=')
  const format = eq < 0 ? output : output.slice(0, eq)
  // Only kubectl's JSON and YAML printers are wrapped in the omitting printer: templates,
  // jsonpath and custom columns see managedFields.
  const omit = !opts.showManagedFields && (format === 'yaml' || format === 'json')
  const items = omit ? all.map(omitManagedFields) : all
  const arg = eq < 0 ? undefined : output.slice(eq + 1)
  const data = () => (opts.single && items.length === 1 ? items[0].obj : listOf(items))
  switch (format) {
    case '':
      return table(items, opts)
    case 'wide':
      return table(items, { ...opts, wide: true })
    case 'yaml':
      return toYaml(data())
    case 'json':
      return toJson(data(), { sortKeys: !opts.keepKeyOrder })
    case 'name':
      return items.map((i) => nameLine(i.obj, i.info) + '\n').join('')
    case 'jsonpath':
    case 'jsonpath-file':
    case 'jsonpath-as-json': {
      const template = templateOf(format, arg, opts)
      const d = data()
      try {
        return executeJsonPath(template, d, {
          allowMissingKeys: opts.allowMissingTemplateKeys ?? true,
          asJson: format === 'jsonpath-as-json',
        })
      } catch (e) {
        if (!(e instanceof JsonPathError)) throw e
        const parse = /unclosed action|not in range|unterminated|invalid syntax/.test(e.message)
        const stderr = jsonPathFailure(template, e, d, parse)
        throw new PrintError(stderr.replace(/^error: /, '').replace(/\n$/, ''), stderr)
      }
    }
    case 'custom-columns':
    case 'custom-columns-file':
      try {
        const cols =
          format === 'custom-columns'
            ? parseCustomColumnsSpec(arg ?? '')
            : parseCustomColumnsFile(templateOf(format, arg, opts))
        return tabify(
          customColumnsText(
            items.map((i) => i.obj),
            cols,
            opts.noHeaders ?? false,
          ),
          KUBECTL_TABWRITER,
        )
      } catch (e) {
        if (e instanceof CustomColumnsError) throw new PrintError(e.message)
        throw e
      }
    case 'go-template':
    case 'go-template-file':
    case 'template':
    case 'templatefile': {
      const template = templateOf(format, arg, opts)
      const d = data()
      try {
        return executeGoTemplate(template, d)
      } catch (e) {
        if (!(e instanceof GoTemplateError)) throw e
        // GoTemplatePrinter writes the partial output and a debugging dump to stdout
        const stdout =
          e.partial +
          `Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
          `\ttemplate was:\n\t\t${template}\n` +
          `\traw data was:\n\t\t${toCompactJson(d)}\n` +
          `\tobject given to template engine was:\n\t\t${goPrint(d)}\n\n`
        throw new PrintError(
          `error executing template ${JSON.stringify(template)}: ${e.message}`,
          undefined,
          stdout,
        )
      }
    }
    default:
      throw new PrintError(
        `unable to match a printer suitable for the output format "${output}", allowed formats are: ${GET_FORMATS}`,
      )
  }
}

export interface WatchOptions extends TableOptions {
  /** --output-watch-events: an EVENT column first. */
  watchEvents?: boolean
}

/** formatEventType of cli-runtime: event types padded to the width of MODIFIED. */
const EVENT_TYPES: Record<string, string> = {
  ADDED: 'ADDED   ',
  MODIFIED: 'MODIFIED',
  DELETED: 'DELETED ',
  ERROR: 'ERROR   ',
}

/**
 * `kubectl get -w` table output: the header once, with the first rows there are; then rows as
 * events come, in columns whose widths never shrink.
 */
export class WatchPrinter {
  private readonly w = new TabWriter(KUBECTL_TABWRITER)
  private printedHeader = false

  constructor(
    private readonly info: ResourceInfo,
    private readonly opts: WatchOptions,
  ) {}

  /** Rows for objects (the initial listing, or later ones); `withHeader: false` never prints it. */
  rows(objs: KObject[], withHeader = true, eventType = 'ADDED'): string {
    const header = withHeader && !this.printedHeader && !this.opts.noHeaders && objs.length > 0
    if (objs.length > 0) this.printedHeader = true
    let text = tableText(objs, this.info, { ...this.opts, noHeaders: !header })
    if (this.opts.watchEvents) {
      const lines = text.split('\n')
      const type = EVENT_TYPES[eventType] ?? eventType
      text = lines
        .map((l, i) => (i === lines.length - 1 ? l : `${header && i === 0 ? 'EVENT' : type}\t${l}`))
        .join('\n')
    }
    this.w.write(text)
    return this.w.flush()
  }

  /** One watch event's row. */
  event(type: string, obj: KObject): string {
    return this.rows([obj], true, type)
  }
}

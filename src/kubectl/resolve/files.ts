import { loadAll } from 'js-yaml'
import type { CommandContext } from '../../shell/types.ts'
import type { KObject } from '../../sim/api/types.ts'
import { resourceForKind, type ResourceInfo } from '../../sim/api/resources.ts'
import { CliError } from '../cli/errors.ts'
import { yamlErrorText } from './yamlErrors.ts'
import { EXCESSIVE_ALIASING, excessiveAliasing } from './aliasBudget.ts'
import { JS_YAML_DEPTH, jsonTooDeep, jsYamlDepthMessage, yamlTooDeep } from './depthLimit.ts'

/** One object read from -f, with where it came from (kubectl's resource.Info.Source). */
export interface FileObject {
  obj: KObject
  info: ResourceInfo
  /** The file name as the user typed it, or `STDIN`. */
  source: string
}

const MANIFEST = /\.(ya?ml|json)$/

/** Every manifest path -f names: files as given, directories expanded (recursively with -R). */
function expand(ctx: CommandContext, arg: string, recursive: boolean, top = true): string[] {
  const full = ctx.resolve(arg)
  if (ctx.fs.isDir(full)) {
    const out: string[] = []
    for (const entry of ctx.fs.list(full) ?? []) {
      const child = arg.replace(/\/+$/, '') + '/' + entry
      if (ctx.fs.isDir(ctx.resolve(child))) {
        if (recursive) out.push(...expand(ctx, child, recursive, false))
      } else if (MANIFEST.test(entry)) out.push(child)
    }
    return out
  }
  if (!ctx.fs.exists(full)) {
    if (top) throw new CliError(`the path "${arg}" does not exist`)
    return []
  }
  return [arg]
}

/** Reads -f arguments into objects (documents in order), with kubectl's error texts. */
export function readManifests(
  ctx: CommandContext,
  filenames: string[],
  opts: { recursive?: boolean; validate?: boolean } = {},
): FileObject[] {
  const out: FileObject[] = []
  let expanded = 0
  for (const f of filenames) {
    if (/^https?:\/\//.test(f))
      throw new CliError(
        `unable to read URL "${f}", server reported: this simulated cluster has no Internet access; save the manifest to a file and use -f with that file`,
      )
    if (f === '-') {
      expanded++
      out.push(...parseDocuments(ctx.io.stdin, 'STDIN', opts.validate ?? true))
      continue
    }
    const paths = expand(ctx, f, opts.recursive ?? false)
    expanded += paths.length
    // the builder's check after each -f: nothing readable found yet (a directory without manifests)
    if (!expanded)
      throw new CliError(`error reading [${f}]: recognized file extensions are [.json .yaml .yml]`)
    for (const p of paths) {
      const text = ctx.fs.read(ctx.resolve(p)) ?? ''
      out.push(...parseDocuments(text, p, opts.validate ?? true))
    }
  }
  if (out.length === 0 && filenames.length) throw new CliError('no objects passed to apply')
  return out
}

/** Splits a YAML stream or JSON document into typed objects. */
export function parseDocuments(text: string, source: string, validate = true): FileObject[] {
  let docs: unknown[]
  const trimmed = text.trimStart()
  const isJson = trimmed.startsWith('{') || trimmed.startsWith('[')
  // kubectl's decoder takes only `{` as the sign of JSON; anything else goes through go-yaml.
  const deep = trimmed.startsWith('{') ? jsonTooDeep(text) : yamlTooDeep(text)
  if (deep)
    throw new CliError(
      `error parsing ${source}: ${!deep.go ? deep.sim : trimmed.startsWith('{') ? deep.go : `error converting YAML to JSON: ${deep.go}`}`,
    )
  try {
    docs = isJson
      ? [JSON.parse(text)]
      : loadAll(text, undefined, { json: true, ...JS_YAML_DEPTH } as object)
  } catch (e) {
    throw new CliError(
      `error parsing ${source}: ${jsYamlDepthMessage(e) ?? yamlErrorText(e, text)}`,
    )
  }
  if (docs.some(excessiveAliasing))
    throw new CliError(
      `error parsing ${source}: error converting YAML to JSON: ${EXCESSIVE_ALIASING}`,
    )
  const out: FileObject[] = []
  for (const doc of docs) {
    if (doc === null || doc === undefined) continue
    if (typeof doc !== 'object' || Array.isArray(doc))
      throw new CliError(
        `error parsing ${source}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(doc) ? 'array' : typeof doc} into Go value of type map[string]interface {}`,
      )
    const obj = doc as KObject
    if (
      obj.kind === 'List' ||
      (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items))
    ) {
      for (const item of obj.items ?? []) out.push(typed(item as KObject, source, validate))
      continue
    }
    out.push(typed(obj, source, validate))
  }
  return out
}

function typed(obj: KObject, source: string, validate: boolean): FileObject {
  const json = JSON.stringify(obj)
  if (!obj.kind) {
    if (validate)
      throw new CliError(
        `error validating "${source}": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false`,
      )
    throw new CliError(`unable to decode "${source}": Object 'Kind' is missing in '${json}'`)
  }
  if (!obj.apiVersion) {
    if (validate)
      throw new CliError(
        `error validating "${source}": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false`,
      )
    throw new CliError(`unable to decode "${source}": Object 'apiVersion' is missing in '${json}'`)
  }
  const info = resourceForKind(String(obj.apiVersion), String(obj.kind))
  if (!info)
    throw new CliError(
      `resource mapping not found for name: "${obj.metadata?.name ?? ''}" namespace: "${obj.metadata?.namespace ?? ''}" from "${source}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are installed first`,
    )
  if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {}
  return { obj, info, source }
}

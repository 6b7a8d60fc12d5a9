import type { KObject } from '../../sim/api/types.ts'
import type { ResourceInfo } from '../../sim/api/resources.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError, withSource } from '../cli/errors.ts'
import { selectArgs } from './args.ts'
import { readManifests } from './files.ts'
import { missingNamespace } from './missingNamespace.ts'

export interface Target {
  info: ResourceInfo
  obj: KObject
  source?: string
}

export interface Targets {
  items: Target[]
  /** Lookups that failed (NotFound...), reported after the others were handled. */
  errors: unknown[]
  /** Whether exactly one object was named (kubectl's IntoSingleItemImplied). */
  single: boolean
}

/**
 * The objects a mutating verb acts on, from `TYPE NAME...`, `TYPE/NAME`, -f, -l or --all, read
 * live from the server as kubectl's builder does with Latest().
 */
export function resolveTargets(
  inv: Invocation,
  args: string[],
  opts: { noneMessage?: string; allowTypeOnly?: boolean } = {},
): Targets {
  const files = inv.flags.knows('filename') ? inv.flags.list('filename') : []
  const selector = inv.flags.knows('selector') ? inv.flags.str('selector') : ''
  const fieldSelector = inv.flags.knows('field-selector') ? inv.flags.str('field-selector') : ''
  const all = inv.flags.knows('all') && inv.flags.bool('all')
  const allNs = inv.flags.knows('all-namespaces') && inv.flags.bool('all-namespaces')
  const out: Targets = { items: [], errors: [], single: false }
  if (files.length) {
    const objs = readManifests(inv.ctx, files, { recursive: inv.flags.bool('recursive') })
    for (const fo of objs) {
      const ns = fo.info.namespaced ? fo.obj.metadata.namespace || inv.namespace() : undefined
      try {
        out.items.push({
          info: fo.info,
          obj: inv.api.get(fo.info.id, ns, fo.obj.metadata.name ?? ''),
          source: fo.source,
        })
      } catch (e) {
        out.errors.push(withSource('getting', fo.source, e))
      }
    }
    out.single = objs.length === 1
    return out
  }
  const sel = selectArgs(args)
  if (sel.kind === 'none')
    throw new CliError(
      opts.noneMessage ??
        `You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`,
    )
  if (sel.kind === 'names') {
    if (selector || all) throw new CliError('name cannot be provided when a selector is specified')
    for (const r of sel.refs) {
      try {
        out.items.push({
          info: r.info,
          obj: inv.api.get(r.info.id, r.info.namespaced ? inv.namespace() : undefined, r.name),
        })
      } catch (e) {
        out.errors.push(missingNamespace(inv, r.info, e) ?? e)
      }
    }
    out.single = sel.refs.length === 1
    return out
  }
  if (!selector && !fieldSelector && !all && !opts.allowTypeOnly)
    throw new CliError(`resource(s) were provided, but no name was specified`)
  for (const info of sel.infos) {
    const list = inv.api.list(info.id, {
      namespace: info.namespaced && !allNs ? inv.namespace() : undefined,
      labelSelector: selector || undefined,
      fieldSelector: fieldSelector || undefined,
    })
    for (const obj of list.items) out.items.push({ info, obj })
  }
  return out
}

/** Splits `TYPE NAME key=value key-` into resource arguments and key/value pairs. */
export function splitPairs(args: string[]): { resources: string[]; pairs: string[] } {
  const resources: string[] = []
  const pairs: string[] = []
  for (const a of args) {
    if (a.includes('=') || (a.endsWith('-') && a.length > 1)) pairs.push(a)
    else resources.push(a)
  }
  return { resources, pairs }
}

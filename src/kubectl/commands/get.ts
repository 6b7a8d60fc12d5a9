import type { Proc } from '../../shell/types.ts'
import type { KObject } from '../../sim/api/types.ts'
import type { ResourceInfo } from '../../sim/api/resources.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError, errorText } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { apiHttp } from '../apiHttp.ts'
import { isNotFound } from '../../sim/api/errors.ts'
import { selectArgs } from '../resolve/args.ts'
import { readManifests } from '../resolve/files.ts'
import { nsFor } from './common.ts'
import { missingNamespace } from '../resolve/missingNamespace.ts'
import { print } from './output.ts'
import { sortObjects } from './sortBy.ts'
import { watchRows } from './getWatch.ts'

interface Group {
  info: ResourceInfo
  objs: KObject[]
}

const NO_TYPE = `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl get -h' for help and examples`

/** `get --raw PATH`: the API server's response body as is. */
function raw(inv: Invocation): number {
  const path = inv.flags.str('raw')
  if (inv.args.length) throw new CliError('arguments may not be passed when --raw is specified')
  inv.connect()
  const res = apiHttp(inv.sim, {
    method: 'GET',
    path,
    host: '',
    headers: {},
    body: '',
    remoteAddr: '127.0.0.1',
  })
  if (res.status >= 400) {
    const status = JSON.parse(res.body) as { reason?: string; message?: string }
    throw new CliError(`Error from server (${status.reason}): ${status.message}`, true)
  }
  inv.io.out(res.body)
  return 0
}

function* get(inv: Invocation): Proc {
  if (inv.flags.has('raw')) return raw(inv)
  const files = inv.flags.list('filename')
  const sel = files.length ? undefined : selectArgs(inv.args)
  if (sel?.kind === 'none') throw new CliError(NO_TYPE, true)
  inv.connect()
  const allNs = inv.flags.bool('all-namespaces')
  const labelSelector = inv.flags.str('selector') || undefined
  const fieldSelector = inv.flags.str('field-selector') || undefined
  if (sel?.kind === 'names' && (labelSelector || fieldSelector))
    throw new CliError('name cannot be provided when a selector is specified')
  const groups: Group[] = []
  const errors: unknown[] = []
  const add = (info: ResourceInfo, obj: KObject): void => {
    const last = groups[groups.length - 1]
    if (last && last.info === info) last.objs.push(obj)
    else groups.push({ info, objs: [obj] })
  }
  let single = false
  if (files.length) {
    const objects = readManifests(inv.ctx, files, { recursive: inv.flags.bool('recursive') })
    single = objects.length === 1
    for (const fo of objects) {
      const ns = fo.info.namespaced ? fo.obj.metadata.namespace || inv.namespace() : undefined
      try {
        add(fo.info, inv.api.get(fo.info.id, ns, fo.obj.metadata.name ?? ''))
      } catch (e) {
        errors.push(e)
      }
    }
  } else if (sel?.kind === 'names') {
    single = sel.refs.length === 1
    for (const ref of sel.refs) {
      try {
        add(ref.info, inv.api.get(ref.info.id, nsFor(inv, ref.info), ref.name))
      } catch (e) {
        if (inv.flags.bool('ignore-not-found') && isNotFound(e)) continue
        errors.push(missingNamespace(inv, ref.info, e) ?? e)
      }
    }
  } else if (sel?.kind === 'types') {
    for (const info of sel.infos) {
      if (!info.verbs.includes('list'))
        throw new CliError(
          `Error from server (MethodNotAllowed): the server does not allow this method on the requested resource`,
          true,
        )
      const list = inv.api.list(info.id, {
        namespace: info.namespaced && !allNs ? inv.namespace() : undefined,
        labelSelector,
        fieldSelector,
      })
      groups.push({ info, objs: list.items })
    }
  }
  const output = inv.flags.str('output')
  const sortBy = inv.flags.str('sort-by')
  if (sortBy) for (const g of groups) g.objs = sortObjects(g.objs, sortBy)
  const nonEmpty = groups.filter((g) => g.objs.length)
  const multiType =
    (sel?.kind === 'types' && sel.infos.length > 1) || new Set(groups.map((g) => g.info)).size > 1
  const watching = inv.flags.bool('watch') || inv.flags.bool('watch-only')

  if (!watching) {
    const items = nonEmpty.flatMap((g) => g.objs.map((obj) => ({ info: g.info, obj })))
    const table = !output || output === 'wide'
    // printGeneric: a single named object that failed, or nothing left after --ignore-not-found,
    // prints no list at all
    const generic =
      !table && !(single && errors.length) && !(inv.flags.bool('ignore-not-found') && !items.length)
    if (generic || items.length) {
      const withKind = multiType || inv.flags.bool('show-kind')
      inv.io.out(
        print(inv, items, {
          output,
          single: single && items.length === 1,
          withKind,
          withNamespace: allNs,
        }),
      )
    }
    if (!items.length && errors.length === 0 && sel?.kind !== 'names' && !files.length && table)
      inv.io.err(noResources(inv, groups, allNs))
    for (const e of errors) inv.io.err(errorText(e) + '\n')
    return errors.length ? 1 : 0
  }
  if (errors.length) {
    for (const e of errors) inv.io.err(errorText(e) + '\n')
    return 1
  }
  if (groups.length !== 1 && sel?.kind !== 'names')
    throw new CliError('you may only specify a single resource type')
  return yield* watchRows(
    inv,
    groups[0] ?? { info: sel!.kind === 'names' ? sel!.refs[0].info : undefined!, objs: [] },
    {
      allNs,
      labelSelector,
      fieldSelector,
      names: sel?.kind === 'names' ? sel.refs.map((r) => r.name) : undefined,
    },
  )
}

function noResources(inv: Invocation, groups: Group[], allNs: boolean): string {
  const namespaced = groups.some((g) => g.info.namespaced)
  if (allNs || !namespaced) return 'No resources found\n'
  return `No resources found in ${inv.namespace()} namespace.\n`
}

registerCommand('get', get)

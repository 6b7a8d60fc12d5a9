import type { KObject } from '../../sim/api/types.ts'
import type { ResourceInfo } from '../../sim/api/resources.ts'
import { isNotFound } from '../../sim/api/errors.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError, errorText } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { selectArgs } from '../resolve/args.ts'
import { readManifests } from '../resolve/files.ts'
import { describeObject } from '../describe/index.ts'
import { nsFor } from './common.ts'
import { missingNamespace } from '../resolve/missingNamespace.ts'

const NO_TYPE =
  'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.'

interface Found {
  info: ResourceInfo
  obj: KObject
}

/**
 * `kubectl describe`: named objects (a name that matches nothing exactly describes every object
 * whose name starts with it), whole types, -l selections or -f files.
 */
function describe(inv: Invocation): number {
  const files = inv.flags.list('filename')
  const sel = files.length ? undefined : selectArgs(inv.args)
  if (sel?.kind === 'none') throw new CliError(NO_TYPE)
  inv.connect()
  const selector = inv.flags.str('selector') || undefined
  const allNs = inv.flags.bool('all-namespaces')
  const found: Found[] = []
  const errors: unknown[] = []
  if (files.length) {
    for (const fo of readManifests(inv.ctx, files, { recursive: inv.flags.bool('recursive') })) {
      const ns = fo.info.namespaced ? fo.obj.metadata.namespace || inv.namespace() : undefined
      try {
        found.push({ info: fo.info, obj: inv.api.get(fo.info.id, ns, fo.obj.metadata.name ?? '') })
      } catch (e) {
        errors.push((ns && missingNamespace(inv, fo.info, e, ns)) || e)
      }
    }
  } else if (sel?.kind === 'names') {
    for (const ref of sel.refs) {
      const ns = nsFor(inv, ref.info)
      const exact = inv.api.tryGet(ref.info.id, ns, ref.name)
      if (exact) {
        found.push({ info: ref.info, obj: exact })
        continue
      }
      const prefixed = inv.api
        .list(ref.info.id, { namespace: ns })
        .items.filter((o) => (o.metadata.name ?? '').startsWith(ref.name))
      if (prefixed.length) for (const obj of prefixed) found.push({ info: ref.info, obj })
      else {
        try {
          inv.api.get(ref.info.id, ns, ref.name)
        } catch (e) {
          if (!isNotFound(e)) throw e
          errors.push((ns && missingNamespace(inv, ref.info, e, ns)) || e)
        }
      }
    }
  } else if (sel?.kind === 'types') {
    for (const info of sel.infos) {
      const list = inv.api.list(info.id, {
        namespace: info.namespaced && !allNs ? inv.namespace() : undefined,
        labelSelector: selector,
      })
      for (const obj of list.items) found.push({ info, obj })
    }
    if (!found.length) {
      const namespaced = sel.infos.some((i) => i.namespaced)
      inv.io.err(
        allNs || !namespaced
          ? 'No resources found\n'
          : `No resources found in ${inv.namespace()} namespace.\n`,
      )
    }
  }
  const showEvents = inv.flags.has('show-events') ? inv.flags.bool('show-events') : true
  const texts = found.map((f) =>
    describeObject(f.obj, f.info, { api: inv.api, now: inv.ctx.now(), showEvents }),
  )
  inv.io.out(texts.join('\n\n'))
  for (const e of errors) inv.io.err(errorText(e) + '\n')
  return errors.length ? 1 : 0
}

registerCommand('describe', describe)

import type { Proc } from '../../shell/types.ts'
import type { ResourceInfo } from '../../sim/api/resources.ts'
import type { PropagationPolicy } from '../../sim/apiserver/apiServer.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError, errorText, withSource } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { isNotFound } from '../../sim/api/errors.ts'
import { selectArgs } from '../resolve/args.ts'
import { readManifests } from '../resolve/files.ts'
import { kindRef } from '../resolve/types.ts'
import { dryRunOf, dryRunSuffix, nsFor } from './common.ts'
import { waitFor } from './getWatch.ts'

const NO_ARGS = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`

export const FORCE_WARNING =
  'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n'

interface Target {
  info: ResourceInfo
  namespace: string | undefined
  name: string
  source?: string
}

function cascadeOf(inv: Invocation): PropagationPolicy {
  const v = inv.flags.has('cascade') ? inv.flags.str('cascade') : 'background'
  if (v === 'background' || v === 'true') return 'Background'
  if (v === 'foreground') return 'Foreground'
  if (v === 'orphan' || v === 'false') return 'Orphan'
  throw new CliError(
    `invalid cascade value (${v}). Must be "background", "foreground", or "orphan"`,
  )
}

function* del(inv: Invocation): Proc {
  const files = inv.flags.list('filename')
  const labelSelector = inv.flags.str('selector') || undefined
  const fieldSelector = inv.flags.str('field-selector') || undefined
  const all = inv.flags.bool('all')
  const ignoreNotFound = inv.flags.bool('ignore-not-found')
  const sel = files.length ? undefined : selectArgs(inv.args)
  if (!files.length && sel?.kind === 'none') throw new CliError(NO_ARGS)
  if (sel?.kind === 'names' && (all || labelSelector))
    throw new CliError('name cannot be provided when a selector is specified')
  if (sel?.kind === 'types' && !all && !labelSelector && !fieldSelector)
    throw new CliError('resource(s) were provided, but no name was specified')
  const dry = dryRunOf(inv)
  const policy = cascadeOf(inv)
  let grace = inv.flags.int('grace-period', -1)
  const force = inv.flags.bool('force')
  if (inv.flags.bool('now')) {
    if (grace !== -1) throw new CliError('--now and --grace-period cannot be specified together')
    grace = 1
  }
  if (grace === 0 && !force) grace = 1
  if (force && grace < 0) grace = 0
  inv.connect()

  const targets: Target[] = []
  const errors: unknown[] = []
  if (files.length) {
    for (const fo of readManifests(inv.ctx, files, { recursive: inv.flags.bool('recursive') })) {
      const ns = fo.info.namespaced ? fo.obj.metadata.namespace || inv.namespace() : undefined
      targets.push({
        info: fo.info,
        namespace: ns,
        name: fo.obj.metadata.name ?? '',
        source: fo.source,
      })
    }
  } else if (sel?.kind === 'names') {
    for (const r of sel.refs)
      targets.push({ info: r.info, namespace: nsFor(inv, r.info), name: r.name })
  } else if (sel?.kind === 'types') {
    const allNs = inv.flags.bool('all-namespaces')
    for (const info of sel.infos) {
      const list = inv.api.list(info.id, {
        namespace: info.namespaced && !allNs ? inv.namespace() : undefined,
        labelSelector,
        fieldSelector,
      })
      for (const o of list.items)
        targets.push({ info, namespace: o.metadata.namespace, name: o.metadata.name ?? '' })
    }
    if (!targets.length) {
      inv.io.out('No resources found\n')
      return 0
    }
  }
  if (force && grace === 0) inv.io.err(FORCE_WARNING)
  const waitFors: { t: Target; uid: string }[] = []
  for (const t of targets) {
    try {
      const live = inv.api.get(t.info.id, t.namespace, t.name)
      if (dry !== 'client') {
        inv.api.delete(t.info.id, t.namespace, t.name, {
          dryRun: dry === 'server',
          gracePeriodSeconds: grace >= 0 ? grace : undefined,
          propagationPolicy: policy,
        })
      }
      const verb = force && grace === 0 ? 'force deleted' : 'deleted'
      if (inv.flags.str('output') === 'name') inv.io.out(`${kindRef(t.info)}/${t.name}\n`)
      else inv.io.out(`${kindRef(t.info)} "${t.name}" ${verb}${dryRunSuffix(dry)}\n`)
      if (dry === 'none') waitFors.push({ t, uid: live.metadata.uid ?? '' })
    } catch (e) {
      if (ignoreNotFound && isNotFound(e)) continue
      errors.push(withSource('deleting', t.source, e))
    }
  }
  const waitOn = inv.flags.has('wait') ? inv.flags.bool('wait') : true
  if (waitOn && waitFors.length) {
    const timeout = inv.flags.duration('timeout', 0)
    const deadline = inv.ctx.now() + (timeout > 0 ? timeout : 7 * 24 * 3600_000)
    for (const { t, uid } of waitFors) {
      const gone = (): boolean =>
        inv.api.tryGet(t.info.id, t.namespace, t.name)?.metadata.uid !== uid
      const ok = yield* waitFor(inv, gone, deadline)
      if (!ok) {
        if (inv.io.interrupted()) return 130
        errors.push(
          new CliError(`timed out waiting for the condition on ${t.info.plural}/${t.name}`),
        )
        break
      }
    }
  }
  for (const e of errors) inv.io.err(errorText(e) + '\n')
  return errors.length ? 1 : 0
}

registerCommand('delete', del)

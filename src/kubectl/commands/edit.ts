import type { Proc } from '../../shell/types.ts'
import type { KObject } from '../../sim/api/types.ts'
import { isStatusError } from '../../sim/api/errors.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { resolveTargets, type Target } from '../resolve/targets.ts'
import { parseDocuments } from '../resolve/files.ts'
import { omitManagedFields, toJson, toYaml } from '../printers/index.ts'
import { LAST_APPLIED, withLastApplied } from './applyMerge.ts'
import { emitResult } from './output.ts'

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`

type Json = any

/** RFC 7386 merge patch turning `a` into `b` (jsonpatch.CreateMergePatch). */
export function mergeDiff(a: Json, b: Json): Json {
  const out: Record<string, Json> = {}
  for (const k of Object.keys(b)) {
    const av = a?.[k]
    const bv = b[k]
    if (JSON.stringify(av) === JSON.stringify(bv)) continue
    const bothObjects =
      av &&
      bv &&
      typeof av === 'object' &&
      typeof bv === 'object' &&
      !Array.isArray(av) &&
      !Array.isArray(bv)
    out[k] = bothObjects ? mergeDiff(av, bv) : bv
  }
  for (const k of Object.keys(a ?? {})) if (!(k in b)) out[k] = null
  return out
}

function stripComments(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n')
}

function render(targets: Target[], format: string, showManagedFields: boolean): string {
  const objs = showManagedFields ? targets : targets.map(omitManagedFields)
  const value =
    objs.length === 1
      ? objs[0].obj
      : {
          apiVersion: 'v1',
          items: objs.map((t) => t.obj),
          kind: 'List',
          metadata: { resourceVersion: '' },
        }
  return format === 'json' ? toJson(value) : toYaml(value)
}

function errorHeader(errors: string[]): string {
  return `${HEADER}${errors.map((e) => `# ${e.replace(/\n/g, '\n# ')}\n`).join('')}#\n`
}

/** What the edit loop reports inside the re-opened file for a failed save. */
function describeFailure(t: Target, e: unknown): string {
  if (isStatusError(e) && e.status.reason === 'Invalid') {
    const causes = (e.status.details?.causes ?? []).map(
      (c) => `* ${c.field ? c.field + ': ' : ''}${c.message}`,
    )
    return `${t.info.plural}${t.info.group ? '.' + t.info.group : ''} "${t.obj.metadata.name}" was not valid:\n${causes.join('\n')}`
  }
  return isStatusError(e) ? e.status.message : (e as Error).message
}

function* edit(inv: Invocation): Proc {
  const format = inv.flags.str('output') || 'yaml'
  if (format !== 'yaml' && format !== 'json')
    throw new CliError(`the edit mode "${format}" is not supported`)
  inv.connect()
  const targets = resolveTargets(inv, inv.args)
  if (targets.errors.length) throw targets.errors[0]
  if (!targets.items.length) throw new CliError('edit cancelled, no objects found')
  const path = `/tmp/kubectl-edit-${inv.sim.rng.int(1e9).toString().padStart(9, '0')}.${format === 'json' ? 'json' : 'yaml'}`
  let items = targets.items
  const showManaged =
    inv.flags.knows('show-managed-fields') && inv.flags.bool('show-managed-fields')
  let body = render(items, format, showManaged)
  let header = HEADER
  let previousAttempt: string | undefined
  for (;;) {
    inv.ctx.fs.write(path, header + body)
    yield { type: 'edit', path }
    const saved = inv.ctx.fs.read(path) ?? ''
    const content = stripComments(saved)
    if (content.trim() === '') throw new CliError('Edit cancelled, saved file was empty.')
    if (content === stripComments(header + body) && previousAttempt === undefined) {
      inv.io.err('Edit cancelled, no changes made.\n')
      return 0
    }
    if (previousAttempt !== undefined && content === previousAttempt) {
      inv.io.err(`A copy of your changes has been stored to "${path}"\n`)
      throw new CliError('Edit cancelled, no valid changes were saved.')
    }
    let edited: KObject[]
    try {
      edited = parseDocuments(content, path).map((fo) => fo.obj)
      if (edited.length === 1 && edited[0].kind === 'List') edited = edited[0].items ?? []
    } catch (e) {
      header = errorHeader([
        `The edited file had a syntax error: ${(e as Error).message.replace(/^error parsing [^:]+: /, '')}`,
      ])
      body = content.replace(/^\n+/, '')
      previousAttempt = content
      continue
    }
    const failures: string[] = []
    // Retries diff against the objects as first fetched, as kubectl does; the file shows the edits.
    const failed: Target[] = []
    const failedEdits: Target[] = []
    for (const t of items) {
      const next = edited.find(
        (o) => o.metadata?.name === t.obj.metadata.name && o.kind === t.obj.kind,
      )
      if (!next) continue
      const patch = mergeDiff(t.obj, next)
      if (Object.keys(patch).length === 0) continue
      try {
        let p = patch
        if (t.obj.metadata.annotations?.[LAST_APPLIED] || inv.flags.bool('save-config'))
          p = mergeDiff(t.obj, withLastApplied(next))
        const res = inv.api.patch(
          t.info.id,
          t.obj.metadata.namespace,
          t.obj.metadata.name ?? '',
          'merge',
          p,
        )
        emitResult(inv, t.info, res.object, 'edited', 'none')
      } catch (e) {
        failures.push(describeFailure(t, e))
        failed.push(t)
        failedEdits.push({ ...t, obj: next })
      }
    }
    if (!failures.length) return 0
    items = failed
    header = errorHeader(failures)
    body = render(failedEdits, format, showManaged)
    previousAttempt = stripComments(header + body)
  }
}

registerCommand('edit', edit)

import type { KObject } from '../../sim/api/types.ts'
import { labelValue } from '../../sim/api/names.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError, MultiError, errorText } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { resolveTargets, splitPairs } from '../resolve/targets.ts'
import { dryRunOf, printWarnings } from './common.ts'
import { emitResult } from './output.ts'

type Field = 'labels' | 'annotations'

function parsePairs(
  pairs: string[],
  field: Field,
): { set: Record<string, string>; remove: string[] } {
  const set: Record<string, string> = {}
  const remove: string[] = []
  const what = field === 'labels' ? 'label' : 'annotation'
  for (const spec of pairs) {
    if (spec.includes('=')) {
      const i = spec.indexOf('=')
      const parts = spec.split('=')
      if (field === 'labels' && parts.length !== 2)
        throw new CliError(`invalid label spec: ${spec}`)
      const value = spec.slice(i + 1)
      if (field === 'labels') {
        const errs = labelValue(value)
        if (errs.length) throw new CliError(`invalid label value: "${spec}": ${errs.join(';')}`)
      }
      set[spec.slice(0, i)] = value
    } else if (spec.endsWith('-')) remove.push(spec.slice(0, -1))
    else throw new CliError(`unknown ${what} spec: ${spec}`)
  }
  for (const r of remove)
    if (r in set)
      throw new CliError(
        `can not both modify and remove ${field === 'labels' ? 'a label' : 'an annotation'} in the same command`,
      )
  return { set, remove }
}

/** `kubectl label` and `kubectl annotate`: merge-patch metadata maps, with kubectl's messages. */
function mutateMeta(inv: Invocation, field: Field): number {
  const { resources, pairs } = splitPairs(inv.args)
  const files = inv.flags.list('filename')
  if (!resources.length && !files.length)
    throw new CliError(
      field === 'labels'
        ? 'one or more resources must be specified as <resource> <name> or <resource>/<name>'
        : 'one or more resources must be specified as <resource> <name> or <resource>/<name>',
    )
  const list = field === 'labels' && inv.flags.bool('list')
  if (!pairs.length && !list)
    throw new CliError(
      `at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`,
    )
  const { set, remove } = parsePairs(pairs, field)
  const overwrite = inv.flags.bool('overwrite')
  const dry = dryRunOf(inv)
  inv.connect()
  const targets = resolveTargets(inv, resources, { allowTypeOnly: false })
  const errors = [...targets.errors]
  for (const t of targets.items) {
    try {
      const current: Record<string, string> = t.obj.metadata[field] ?? {}
      if (list) {
        for (const [k, v] of Object.entries(current)) inv.io.out(`${k}=${v}\n`)
        continue
      }
      if (!overwrite) {
        const clashes = Object.keys(set)
          .filter((k) => k in current)
          .map(
            (k) =>
              new Error(`'${k}' already has a value (${current[k]}), and --overwrite is false`),
          )
        if (clashes.length) throw clashes.length === 1 ? clashes[0] : new MultiError(clashes)
      }
      if (dry === 'none')
        for (const r of remove)
          if (!(r in current))
            inv.io.out(`${field === 'labels' ? 'label' : 'annotation'} "${r}" not found.\n`)
      const next: Record<string, string> = { ...current, ...set }
      for (const r of remove) delete next[r]
      const changed = JSON.stringify(next) !== JSON.stringify(current)
      const bigger = JSON.stringify(next).length >= JSON.stringify(current).length
      const verb = field === 'labels' ? 'labeled' : 'annotated'
      const msg = !changed ? `not ${verb}` : !overwrite && !bigger ? `un${verb}` : verb
      let result: KObject = { ...t.obj, metadata: { ...t.obj.metadata, [field]: next } }
      if (dry !== 'client' && changed) {
        const patch = {
          metadata: {
            [field]: Object.fromEntries([...Object.entries(set), ...remove.map((r) => [r, null])]),
          },
        }
        const res = inv.api.patch(
          t.info.id,
          t.obj.metadata.namespace,
          t.obj.metadata.name ?? '',
          'merge',
          patch,
          {
            dryRun: dry === 'server',
          },
        )
        printWarnings(inv.io, res.warnings)
        result = res.object
      }
      emitResult(inv, t.info, result, msg, dry)
    } catch (e) {
      errors.push(e)
    }
  }
  for (const e of errors) inv.io.err(errorText(e) + '\n')
  return errors.length ? 1 : 0
}

registerCommand('label', (inv) => mutateMeta(inv, 'labels'))
registerCommand('annotate', (inv) => mutateMeta(inv, 'annotations'))

import type { Proc } from '../../shell/types.ts'
import type { KObject } from '../../sim/api/types.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError, MultiError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { resolveTargets } from '../resolve/targets.ts'
import { dryRunOf } from './common.ts'
import { emitResult } from './output.ts'
import { waitFor } from './getWatch.ts'

function* scale(inv: Invocation): Proc {
  const replicas = inv.flags.int('replicas', -1)
  if (replicas < 0)
    throw new CliError(
      'The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
    )
  const current = inv.flags.int('current-replicas', -1)
  const dry = dryRunOf(inv)
  inv.connect()
  const targets = resolveTargets(inv, inv.args)
  if (!targets.items.length) {
    // kubectl 1.32 wraps the lookup errors into this one line: one error as is, several as [a, b]
    const texts = targets.errors.map((e) => (e instanceof Error ? e.message : String(e)))
    const detail =
      texts.length === 1 ? ` ${texts[0]}` : texts.length ? ` [${texts.join(', ')}]` : ''
    throw new CliError(`no objects passed to scale${detail}`)
  }
  const errors: unknown[] = [...targets.errors]
  const scaled: { id: string; ns?: string; name: string }[] = []
  for (const t of targets.items) {
    if (!t.info.subresources?.includes('scale')) {
      errors.push(
        new Error(
          `cannot scale ${t.info.plural}/${t.obj.metadata.name}: the server could not find the requested resource`,
        ),
      )
      continue
    }
    const now = t.obj.spec?.replicas ?? 1
    if (current >= 0 && current !== now) {
      errors.push(new Error(`Expected replicas to be ${current}, was ${now}`))
      continue
    }
    let obj: KObject = { ...t.obj, spec: { ...t.obj.spec, replicas } }
    if (dry !== 'client') {
      try {
        obj = inv.api.patch(
          t.info.id,
          t.obj.metadata.namespace,
          t.obj.metadata.name ?? '',
          'merge',
          { spec: { replicas } },
          // kubectl scale writes through the scale subresource.
          { dryRun: dry === 'server', managerSubresource: 'scale' },
        ).object
      } catch (e) {
        errors.push(e)
        continue
      }
    }
    emitResult(inv, t.info, obj, 'scaled', dry)
    scaled.push({ id: t.info.id, ns: t.obj.metadata.namespace, name: t.obj.metadata.name ?? '' })
  }
  const timeout = inv.flags.duration('timeout', 0)
  if (timeout > 0 && dry === 'none') {
    const deadline = inv.ctx.now() + timeout
    for (const s of scaled) {
      const done = (): boolean => {
        const o = inv.api.tryGet(s.id, s.ns, s.name)
        return (
          !!o &&
          (o.status?.replicas ?? 0) === replicas &&
          (o.status?.observedGeneration ?? 0) >= (o.metadata.generation ?? 0)
        )
      }
      if (!(yield* waitFor(inv, done, deadline))) {
        errors.push(new Error('timed out waiting for the condition'))
        break
      }
    }
  }
  if (errors.length) throw errors.length === 1 ? errors[0] : new MultiError(errors)
  return 0
}

registerCommand('scale', scale, ['replicas'])

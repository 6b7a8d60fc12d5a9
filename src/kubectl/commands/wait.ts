import type { Proc } from '../../shell/types.ts'
import type { KObject } from '../../sim/api/types.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError, MultiError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { executeJsonPathResults } from '../printers/jsonpath.ts'
import { resolveTargets, type Target } from '../resolve/targets.ts'
import { kindRef } from '../resolve/types.ts'
import { waitFor } from './getWatch.ts'

type Condition =
  | { kind: 'delete' }
  | { kind: 'create' }
  | { kind: 'condition'; type: string; status: string }
  | { kind: 'jsonpath'; path: string; value?: string }

function parseFor(spec: string): Condition {
  if (spec === 'delete') return { kind: 'delete' }
  if (spec === 'create') return { kind: 'create' }
  if (spec.startsWith('condition=')) {
    const rest = spec.slice(10)
    const eq = rest.indexOf('=')
    return eq < 0
      ? { kind: 'condition', type: rest, status: 'true' }
      : { kind: 'condition', type: rest.slice(0, eq), status: rest.slice(eq + 1).toLowerCase() }
  }
  if (spec.startsWith('jsonpath=')) {
    const rest = spec.slice(9)
    const close = rest.lastIndexOf('}')
    const path = close >= 0 ? rest.slice(0, close + 1) : rest
    const after = rest.slice(path.length)
    if (after && !after.startsWith('=')) throw new CliError(`unrecognized condition: "${spec}"`)
    const value = after
      ? after
          .slice(1)
          .replace(/^'(.*)'$/, '$1')
          .replace(/^"(.*)"$/, '$1')
      : undefined
    return { kind: 'jsonpath', path: path.replace(/^'|'$/g, ''), value }
  }
  throw new CliError(`unrecognized condition: "${spec}"`)
}

function met(obj: KObject, c: Condition): boolean {
  if (c.kind === 'condition') {
    const cond = (obj.status?.conditions ?? []).find(
      (x: { type: string }) => x.type.toLowerCase() === c.type.toLowerCase(),
    )
    return !!cond && String(cond.status).toLowerCase() === c.status
  }
  if (c.kind === 'jsonpath') {
    let results: unknown[]
    try {
      results = executeJsonPathResults(c.path.startsWith('{') ? c.path : `{${c.path}}`, obj).flat()
    } catch {
      return false
    }
    if (c.value === undefined) return results.length > 0
    return (
      results.length > 0 &&
      results.every((r) => (typeof r === 'object' ? JSON.stringify(r) : String(r)) === c.value)
    )
  }
  return true
}

function* wait(inv: Invocation): Proc {
  const forSpec = inv.flags.str('for')
  const cond = parseFor(forSpec)
  const timeout = inv.flags.has('timeout') ? inv.flags.duration('timeout', 30_000) : 30_000
  inv.connect()
  const targets = resolveTargets(inv, inv.args, { allowTypeOnly: false })
  const deadline = inv.ctx.now() + (timeout < 0 ? 7 * 24 * 3600_000 : timeout)
  const errors: unknown[] = []
  if (!targets.items.length && cond.kind !== 'create') {
    if (targets.errors.length && cond.kind === 'delete') return 0
    if (targets.errors.length)
      throw targets.errors.length === 1 ? targets.errors[0] : new MultiError(targets.errors)
    throw new CliError('no matching resources found')
  }
  for (const t of targets.items) {
    const ok = yield* waitFor(inv, () => satisfied(inv, t, cond), deadline)
    if (ok) inv.io.out(`${kindRef(t.info)}/${t.obj.metadata.name} condition met\n`)
    else {
      if (inv.io.interrupted()) return 130
      errors.push(
        new Error(`timed out waiting for the condition on ${t.info.plural}/${t.obj.metadata.name}`),
      )
    }
  }
  if (errors.length) throw errors.length === 1 ? errors[0] : new MultiError(errors)
  return 0
}

function satisfied(inv: Invocation, t: Target, cond: Condition): boolean {
  const live = inv.api.tryGet(t.info.id, t.obj.metadata.namespace, t.obj.metadata.name ?? '')
  if (cond.kind === 'delete') return !live || live.metadata.uid !== t.obj.metadata.uid
  if (!live) return false
  return met(live, cond)
}

registerCommand('wait', wait)

import type { KObject } from '../../sim/api/types.ts'
import type { ResourceInfo } from '../../sim/api/resources.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError, usageError } from '../cli/errors.ts'
import { withLastApplied } from './applyMerge.ts'
import { dryRunOf } from './common.ts'
import { createObject } from './create.ts'

/**
 * Sends an object built from flags (create deployment, run, expose...). Like kubectl, the
 * namespace appears in the object only when -n was given; the request itself always has one.
 */
export function createGenerated(
  inv: Invocation,
  info: ResourceInfo,
  obj: KObject,
  op = 'created',
): number {
  const dry = dryRunOf(inv)
  let o = obj
  if (info.namespaced && inv.explicitNamespace)
    o = { ...o, metadata: { ...o.metadata, namespace: inv.namespace() } }
  if (inv.flags.bool('save-config')) o = withLastApplied(o)
  if (dry !== 'client' && info.namespaced && !o.metadata.namespace)
    o = { ...o, metadata: { ...o.metadata, namespace: inv.namespace() } }
  if (dry !== 'client') inv.connect()
  createObject(inv, info, o, dry, undefined, op)
  return 0
}

/** The NAME argument of `create <kind> NAME` (arguments after `--` do not count). */
export function nameArg(inv: Invocation): string {
  const before = inv.dashAt >= 0 ? inv.args.slice(0, inv.dashAt) : inv.args
  if (before.length !== 1)
    throw usageError(inv.path, `exactly one NAME is required, got ${before.length}`)
  return before[0]
}

/** Arguments after `--` (the container command). */
export function commandArgs(inv: Invocation): string[] {
  return inv.dashAt >= 0 ? inv.args.slice(inv.dashAt) : []
}

/** Container name kubectl derives from an image: last path segment without tag or digest. */
export function containerNameFromImage(image: string): string {
  let name = image.split('/').pop() ?? image
  name = name.split(':')[0].split('@')[0]
  return name.replace(/_/g, '-')
}

export function meta(name: string, extra: Record<string, unknown> = {}): KObject['metadata'] {
  return { creationTimestamp: null as unknown as string, name, ...extra }
}

/** `--from-literal=key=value` style pairs. */
export function splitPair(s: string, what: string): [string, string] {
  const i = s.indexOf('=')
  if (i <= 0) throw new CliError(`invalid ${what} format "${s}", expected key=value`)
  return [s.slice(0, i), s.slice(i + 1)]
}

import type { IO } from '../../shell/types.ts'
import type { KObject } from '../../sim/api/types.ts'
import type { ResourceInfo } from '../../sim/api/resources.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError } from '../cli/errors.ts'
import { kindRef } from '../resolve/types.ts'

export type DryRun = 'none' | 'client' | 'server'

/** `--dry-run` as kubectl 1.32 reads it; the bare flag still means client, with a warning. */
export function dryRunOf(inv: Invocation): DryRun {
  if (!inv.flags.has('dry-run')) return 'none'
  const v = inv.flags.str('dry-run')
  if (v === 'unchanged') {
    inv.io.err(
      klogWarning(
        inv,
        'helpers.go:702',
        '--dry-run is deprecated and can be replaced with --dry-run=client.',
      ),
    )
    return 'client'
  }
  if (v === 'client' || v === 'server' || v === 'none') return v
  throw new CliError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`)
}

/** A klog warning line (`W0106 09:00:00.000000   4242 file.go:1] msg`) stamped with virtual time. */
export function klogWarning(inv: Invocation, where: string, msg: string): string {
  const d = new Date(inv.ctx.now())
  const p = (n: number, w = 2): string => String(n).padStart(w, '0')
  const stamp = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds() * 1000, 6)}`
  return `W${stamp}   ${KUBECTL_PID} ${where}] ${msg}\n`
}

/** The process id kubectl's klog lines show; fixed so output stays deterministic. */
const KUBECTL_PID = 4242

export function dryRunSuffix(d: DryRun): string {
  return d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : ''
}

export function printWarnings(io: IO, warnings: string[]): void {
  for (const w of warnings) io.err(`Warning: ${w}\n`)
}

/** `deployment.apps/web created` style operation line. */
export function opLine(info: ResourceInfo, name: string, op: string, dry: DryRun): string {
  return `${kindRef(info)}/${name} ${op}${dryRunSuffix(dry)}\n`
}

/**
 * Places a manifest object in the namespace kubectl would: its own, else the command's. An
 * explicit -n that disagrees with the manifest is an error, as in kubectl.
 */
export function placeObject(inv: Invocation, info: ResourceInfo, obj: KObject): KObject {
  if (!info.namespaced) return obj
  const ns = inv.namespace()
  const own = obj.metadata.namespace
  if (own && inv.explicitNamespace && own !== ns)
    throw new CliError(
      `the namespace from the provided object "${own}" does not match the namespace "${ns}". You must pass '--namespace=${own}' to perform this operation.`,
    )
  return { ...obj, metadata: { ...obj.metadata, namespace: own || ns } }
}

/** Namespace used for a type: none for cluster-scoped kinds. */
export function nsFor(inv: Invocation, info: ResourceInfo): string | undefined {
  return info.namespaced ? inv.namespace() : undefined
}

export function fieldValidation(inv: Invocation): 'Strict' | 'Warn' | 'Ignore' {
  const v = inv.flags.has('validate') ? inv.flags.str('validate') : 'strict'
  switch (v) {
    case 'strict':
    case 'true':
      return 'Strict'
    case 'warn':
      return 'Warn'
    case 'ignore':
    case 'false':
      return 'Ignore'
  }
  throw new CliError(
    `invalid - validate option "${v}"; must be one of: strict (or true), warn, ignore (or false)`,
  )
}

export function requireFilenames(inv: Invocation): string[] {
  const files = inv.flags.list('filename')
  if (!files.length && !inv.flags.str('kustomize'))
    throw new CliError('must specify one of -f and -k')
  if (inv.flags.str('kustomize'))
    throw new CliError(
      'kustomize is not available in this simulated cluster; run `kubectl kustomize` on a real machine and apply its output with -f',
    )
  return files
}

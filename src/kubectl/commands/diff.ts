import type { KObject } from '../../sim/api/types.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { readManifests } from '../resolve/files.ts'
import { toYaml } from '../printers/index.ts'
import { LAST_APPLIED, threeWay, withLastApplied } from './applyMerge.ts'
import { fieldValidation, placeObject, requireFilenames } from './common.ts'
import { unifiedDiff } from './unifiedDiff.ts'

function clean(obj: KObject | undefined): string {
  if (!obj) return ''
  const { managedFields: _m, ...meta } = obj.metadata
  return toYaml({ ...obj, metadata: meta })
}

/** `diff` reports file times like GNU diff: `2025-01-06 09:00:00.000000000 +0000`. */
function stamp(ms: number): string {
  const iso = new Date(ms).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.000000000 +0000`
}

/**
 * `kubectl diff -f`: the live object against what apply would produce (a server-side dry run),
 * as `diff -u -N` prints it. Exit code 1 when something differs.
 */
function diff(inv: Invocation): number {
  const files = requireFilenames(inv)
  const validation = fieldValidation(inv)
  const serverSide = inv.flags.bool('server-side')
  inv.connect()
  const digits = (): string => String(1_000_000_000 + inv.sim.rng.int(3_000_000_000))
  const liveDir = `/tmp/LIVE-${digits()}`
  const mergedDir = `/tmp/MERGED-${digits()}`
  let out = ''
  for (const fo of readManifests(inv.ctx, files, { recursive: inv.flags.bool('recursive') })) {
    const obj = placeObject(inv, fo.info, fo.obj)
    const ns = obj.metadata.namespace
    const name = obj.metadata.name ?? ''
    const live = inv.api.tryGet(fo.info.id, ns, name)
    const desired = serverSide ? obj : withLastApplied(obj)
    let merged: KObject
    if (!live)
      merged = inv.api.create(fo.info.id, desired, {
        dryRun: true,
        fieldValidation: validation,
      }).object
    else {
      const raw = live.metadata.annotations?.[LAST_APPLIED]
      const original = raw ? JSON.parse(raw) : undefined
      merged = inv.api.update(
        fo.info.id,
        threeWay(serverSide ? live : original, desired, live) as KObject,
        {
          dryRun: true,
          fieldValidation: validation,
        },
      ).object
    }
    const [g, v] = fo.info.group ? [fo.info.group, fo.info.versions[0]] : ['', fo.info.versions[0]]
    const file = `${g ? g + '.' : ''}${v}.${fo.info.kind}.${ns ? ns + '.' : ''}${name}`
    const body = unifiedDiff(clean(live), clean(merged))
    if (!body) continue
    const when = stamp(inv.ctx.now())
    out += `diff -u -N ${liveDir}/${file} ${mergedDir}/${file}\n--- ${liveDir}/${file}\t${when}\n+++ ${mergedDir}/${file}\t${when}\n${body}`
  }
  if (inv.flags.bool('prune'))
    throw new CliError('--prune is not available in this simulated cluster')
  inv.io.out(out)
  return out ? 1 : 0
}

registerCommand('diff', diff)

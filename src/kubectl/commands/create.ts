import type { KObject } from '../../sim/api/types.ts'
import type { ResourceInfo } from '../../sim/api/resources.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError, MultiError, withSource } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { readManifests } from '../resolve/files.ts'
import { withLastApplied } from './applyMerge.ts'
import {
  dryRunOf,
  fieldValidation,
  placeObject,
  printWarnings,
  requireFilenames,
  type DryRun,
} from './common.ts'
import { emitResult } from './output.ts'

/** `kubectl create -f`: every object in the files, errors reported after the rest were tried. */
function create(inv: Invocation): number {
  if (inv.args.length)
    throw new CliError(
      `error: Unexpected args: [${inv.args.join(' ')}]\nSee '${inv.path} -h' for help and examples`,
      true,
    )
  const files = requireFilenames(inv)
  const dry = dryRunOf(inv)
  const validation = fieldValidation(inv)
  inv.connect()
  const objects = readManifests(inv.ctx, files, {
    recursive: inv.flags.bool('recursive'),
    validate: validation !== 'Ignore',
  })
  const errors: unknown[] = []
  for (const fo of objects) {
    try {
      const obj = placeObject(inv, fo.info, fo.obj)
      createObject(
        inv,
        fo.info,
        inv.flags.bool('save-config') ? withLastApplied(obj) : obj,
        dry,
        fo.source,
      )
    } catch (e) {
      errors.push(e)
    }
  }
  if (errors.length) throw errors.length === 1 ? errors[0] : new MultiError(errors)
  return 0
}

/** Sends one object to the server (or not, for client dry run) and prints the outcome. */
export function createObject(
  inv: Invocation,
  info: ResourceInfo,
  obj: KObject,
  dry: DryRun,
  source?: string,
  op = 'created',
): KObject {
  if (dry === 'client') {
    emitResult(inv, info, obj, op, dry)
    return obj
  }
  try {
    const res = inv.api.create(info.id, obj, {
      dryRun: dry === 'server',
      fieldValidation: fieldValidation(inv),
    })
    printWarnings(inv.io, res.warnings)
    emitResult(inv, info, res.object, op, dry)
    return res.object
  } catch (e) {
    throw withSource('creating', source, e)
  }
}

registerCommand('create', create)

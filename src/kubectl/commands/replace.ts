import type { Proc } from '../../shell/types.ts'
import type { Invocation } from '../cli/command.ts'
import { MultiError, withSource } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { readManifests } from '../resolve/files.ts'
import { kindRef } from '../resolve/types.ts'
import {
  dryRunOf,
  fieldValidation,
  placeObject,
  printWarnings,
  requireFilenames,
} from './common.ts'
import { emitResult } from './output.ts'
import { waitFor } from './getWatch.ts'
import { withLastApplied } from './applyMerge.ts'

/** `kubectl replace -f`: a full update; with --force, delete, wait until gone, create. */
function* replace(inv: Invocation): Proc {
  const files = requireFilenames(inv)
  const dry = dryRunOf(inv)
  const validation = fieldValidation(inv)
  const force = inv.flags.bool('force')
  inv.connect()
  const objects = readManifests(inv.ctx, files, {
    recursive: inv.flags.bool('recursive'),
    validate: validation !== 'Ignore',
  })
  const errors: unknown[] = []
  for (const fo of objects) {
    let obj = placeObject(inv, fo.info, fo.obj)
    if (inv.flags.bool('save-config')) obj = withLastApplied(obj)
    const ns = obj.metadata.namespace
    const name = obj.metadata.name ?? ''
    try {
      if (force) {
        const live = inv.api.tryGet(fo.info.id, ns, name)
        if (live && dry === 'none') {
          inv.api.delete(fo.info.id, ns, name, {
            gracePeriodSeconds:
              inv.flags.int('grace-period', -1) >= 0
                ? inv.flags.int('grace-period', -1)
                : undefined,
          })
          inv.io.out(`${kindRef(fo.info)} "${name}" deleted\n`)
          const timeout = inv.flags.duration('timeout', 0)
          const gone = (): boolean =>
            inv.api.tryGet(fo.info.id, ns, name)?.metadata.uid !== live.metadata.uid
          const ok = yield* waitFor(
            inv,
            gone,
            inv.ctx.now() + (timeout > 0 ? timeout : 7 * 24 * 3600_000),
          )
          if (!ok)
            throw new Error(`timed out waiting for the condition on ${fo.info.plural}/${name}`)
        }
        const { metadata } = obj
        const fresh = {
          ...obj,
          metadata: { ...metadata, resourceVersion: undefined, uid: undefined },
        }
        if (dry === 'client') emitResult(inv, fo.info, fresh, 'replaced', dry)
        else {
          const res = inv.api.create(fo.info.id, fresh, {
            dryRun: dry === 'server',
            fieldValidation: validation,
          })
          printWarnings(inv.io, res.warnings)
          emitResult(inv, fo.info, res.object, 'replaced', dry)
        }
        continue
      }
      if (dry === 'client') {
        emitResult(inv, fo.info, obj, 'replaced', dry)
        continue
      }
      const res = inv.api.update(fo.info.id, obj, {
        dryRun: dry === 'server',
        fieldValidation: validation,
      })
      printWarnings(inv.io, res.warnings)
      emitResult(inv, fo.info, res.object, 'replaced', dry)
    } catch (e) {
      errors.push(withSource('replacing', fo.source, e))
    }
  }
  if (errors.length) throw errors.length === 1 ? errors[0] : new MultiError(errors)
  return 0
}

registerCommand('replace', replace)

import type { KObject } from '../../sim/api/types.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError, MultiError, withSource } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { readManifests, type FileObject } from '../resolve/files.ts'
import { LAST_APPLIED, threeWay, withLastApplied } from './applyMerge.ts'
import {
  dryRunOf,
  fieldValidation,
  nsFor,
  placeObject,
  printWarnings,
  requireFilenames,
  type DryRun,
} from './common.ts'
import { emitResult, toYaml } from './output.ts'
import { selectArgs } from '../resolve/args.ts'
import { isNotFound, isStatusError } from '../../sim/api/errors.ts'

function sameObject(a: KObject, b: KObject): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

function apply(inv: Invocation): number {
  const files = requireFilenames(inv)
  if (inv.args.length)
    throw new CliError(
      `Unexpected args: [${inv.args.join(' ')}]\nSee '${inv.path} -h' for help and examples`,
      false,
    )
  if (inv.flags.bool('prune'))
    throw new CliError(
      '--prune is not available in this simulated cluster; delete the objects you removed with kubectl delete',
    )
  const dry = dryRunOf(inv)
  const validation = fieldValidation(inv)
  const serverSide = inv.flags.bool('server-side')
  if (inv.flags.bool('force-conflicts') && !serverSide)
    throw new CliError('--force-conflicts only works with --server-side')
  if (dry === 'client' && serverSide)
    throw new CliError(
      "--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)",
    )
  inv.connect()
  const objects = readManifests(inv.ctx, files, {
    recursive: inv.flags.bool('recursive'),
    validate: validation !== 'Ignore',
  })
  const errors: unknown[] = []
  for (const fo of objects) {
    try {
      if (serverSide) applyServerSide(inv, fo, dry, validation)
      else applyOne(inv, fo, dry, validation)
    } catch (e) {
      errors.push(e)
    }
  }
  if (errors.length) throw errors.length === 1 ? errors[0] : new MultiError(errors)
  return 0
}

function applyOne(
  inv: Invocation,
  fo: FileObject,
  dry: DryRun,
  validation: 'Strict' | 'Warn' | 'Ignore',
): void {
  const { info } = fo
  const obj = placeObject(inv, info, fo.obj)
  const name = obj.metadata.name
  if (!name)
    throw new CliError(
      `error when retrieving current configuration of:\nResource: "${info.group ? info.group + '/' : ''}${info.versions[0]}, Resource=${info.plural}", GroupVersionKind: "${info.group ? info.group + '/' : ''}${info.versions[0]}, Kind=${info.kind}"\nName: "", Namespace: "${obj.metadata.namespace ?? ''}"\nfrom server for: "${fo.source}": resource name may not be empty`,
    )
  // The object's own namespace (placeObject checked it against -n) is where it lives.
  const ns = info.namespaced ? (obj.metadata.namespace ?? nsFor(inv, info)) : undefined
  const current = inv.api.tryGet(info.id, ns, name)
  const desired = withLastApplied(obj)
  const opts = { dryRun: dry === 'server', fieldValidation: validation }
  if (!current) {
    if (dry === 'client') return emitResult(inv, info, desired, 'created', dry)
    try {
      const res = inv.api.create(info.id, desired, opts)
      printWarnings(inv.io, res.warnings)
      return emitResult(inv, info, res.object, 'created', dry)
    } catch (e) {
      throw withSource('creating', fo.source, e)
    }
  }
  let original: unknown = undefined
  const raw = current.metadata.annotations?.[LAST_APPLIED]
  if (raw) {
    try {
      original = JSON.parse(raw)
    } catch {
      original = undefined
    }
  } else if (dry === 'none') {
    inv.io.err(
      `Warning: resource ${info.plural}/${name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`,
    )
  }
  const merged = threeWay(original, desired, current) as KObject
  if (sameObject(merged, current)) return emitResult(inv, info, current, 'unchanged', dry)
  if (dry === 'client') return emitResult(inv, info, merged, 'configured', dry)
  try {
    const res = inv.api.update(info.id, merged, opts)
    printWarnings(inv.io, res.warnings)
    emitResult(inv, info, res.object, 'configured', dry)
  } catch (e) {
    throw withSource('patching', fo.source, e)
  }
}

/** kubectl's advice after an apply conflict, printed under the API server's message. */
const CONFLICT_ADVICE = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`

/**
 * `kubectl apply --server-side`: the manifest goes to the API server as an apply patch under the
 * field manager `kubectl` (or --field-manager), which merges it by field ownership.
 */
function applyServerSide(
  inv: Invocation,
  fo: FileObject,
  dry: DryRun,
  validation: 'Strict' | 'Warn' | 'Ignore',
): void {
  const { info } = fo
  const obj = placeObject(inv, info, fo.obj)
  const ns = info.namespaced ? (obj.metadata.namespace ?? nsFor(inv, info)) : undefined
  // kubectl builds the request URL from the name before sending anything.
  if (!obj.metadata.name) throw new CliError('resource name may not be empty')
  const fieldManager = inv.flags.has('field-manager') ? inv.flags.str('field-manager') : 'kubectl'
  try {
    const res = inv.api.apply(info.id, ns, obj.metadata.name, obj, {
      dryRun: dry === 'server',
      fieldValidation: validation,
      fieldManager,
      force: inv.flags.bool('force-conflicts'),
    })
    printWarnings(inv.io, res.warnings)
    emitResult(inv, info, res.object, 'serverside-applied', dry)
  } catch (e) {
    if (isStatusError(e) && e.code === 409 && e.reason === 'Conflict')
      throw new CliError(`${e.message}\n${CONFLICT_ADVICE}`)
    throw e
  }
}

/** `kubectl apply view-last-applied TYPE NAME`: the annotation as YAML (default) or JSON. */
function viewLastApplied(inv: Invocation): number {
  const sel = selectArgs(inv.args)
  if (sel.kind === 'none')
    throw new CliError(
      `You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`,
    )
  if (sel.kind !== 'names')
    throw new CliError('resource(s) were provided, but no name was specified')
  const format = inv.flags.str('output', 'yaml')
  if (format !== 'yaml' && format !== 'json')
    throw new CliError(
      `Unexpected -o output mode: ${format}, the flag 'output' must be one of yaml|json`,
    )
  const out: string[] = []
  for (const ref of sel.refs) {
    const obj = inv.api.get(ref.info.id, nsFor(inv, ref.info), ref.name)
    const raw = obj.metadata.annotations?.[LAST_APPLIED]
    if (!raw)
      throw new CliError(`no last-applied-configuration annotation found on resource: ${ref.name}`)
    out.push(renderLastApplied(JSON.parse(raw), format))
  }
  inv.io.out(out.join('---\n'))
  return 0
}

function renderLastApplied(v: unknown, format: string): string {
  if (format === 'json') return JSON.stringify(v, null, 2) + '\n'
  return toYaml(v)
}

/** `kubectl apply set-last-applied -f FILE`: rewrites the annotation without changing the object. */
function setLastApplied(inv: Invocation): number {
  const files = requireFilenames(inv)
  const dry = dryRunOf(inv)
  const create = inv.flags.bool('create-annotation')
  for (const fo of readManifests(inv.ctx, files)) {
    const obj = placeObject(inv, fo.info, fo.obj)
    const name = obj.metadata.name ?? ''
    const ns = nsFor(inv, fo.info)
    let live: KObject
    try {
      live = inv.api.get(fo.info.id, ns, name)
    } catch (e) {
      if (isNotFound(e)) throw withSource('getting', fo.source, e)
      throw e
    }
    if (!live.metadata.annotations?.[LAST_APPLIED] && !create)
      throw new CliError(
        `no last-applied-configuration annotation found on resource: ${name}, to create the annotation, run the command with --create-annotation`,
      )
    const annotated = withLastApplied(obj).metadata.annotations![LAST_APPLIED]
    const next = {
      ...live,
      metadata: {
        ...live.metadata,
        annotations: { ...(live.metadata.annotations ?? {}), [LAST_APPLIED]: annotated },
      },
    }
    if (dry !== 'client') inv.api.update(fo.info.id, next, { dryRun: dry === 'server' })
    emitResult(inv, fo.info, next, 'configured', dry)
  }
  return 0
}

registerCommand('apply', apply)
registerCommand('apply view-last-applied', viewLastApplied)
registerCommand('apply set-last-applied', setLastApplied)
registerCommand('apply edit-last-applied', (inv) => {
  throw new CliError(
    `${inv.path} is not available in this simulated cluster; use kubectl apply set-last-applied -f FILE instead`,
  )
})

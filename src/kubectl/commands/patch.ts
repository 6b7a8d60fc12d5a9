import { load } from 'js-yaml'
import type { PatchType } from '../../sim/apiserver/patch.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError, MultiError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { resolveTargets } from '../resolve/targets.ts'
import { dryRunOf, printWarnings } from './common.ts'
import { EXCESSIVE_ALIASING, excessiveAliasing } from '../resolve/aliasBudget.ts'
import {
  JS_YAML_DEPTH,
  jsonTooDeep,
  jsYamlDepthMessage,
  yamlTooDeep,
} from '../resolve/depthLimit.ts'
import { emitResult } from './output.ts'
import { goQuote } from '../../sim/api/goQuote.ts'

const TYPES: Record<string, PatchType> = { strategic: 'strategic', merge: 'merge', json: 'json' }

/** -p accepts JSON or YAML, as kubectl converts YAML patches to JSON (go-yaml's limits included). */
export function parsePatch(text: string): unknown {
  const fail = (why: string): never => {
    throw new CliError(`unable to parse ${goQuote(text)}: ${why}`)
  }
  // kubectl passes JSON through unconverted, so only our own depth bound applies to it.
  const json = /^\s*[{[]/.test(text)
  const deep = json ? jsonTooDeep(text) : yamlTooDeep(text)
  if (deep) fail((!json && deep.go) || deep.sim)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    try {
      body = load(text, JS_YAML_DEPTH as object)
    } catch (e) {
      fail(
        jsYamlDepthMessage(e) ?? `yaml: ${(e as { reason?: string }).reason ?? 'invalid document'}`,
      )
    }
    if (excessiveAliasing(body)) fail(EXCESSIVE_ALIASING)
  }
  return body
}

function patch(inv: Invocation): number {
  let text = inv.flags.str('patch')
  const file = inv.flags.str('patch-file')
  if (!text && !file)
    throw new CliError('must specify --patch or --patch-file containing the contents of the patch')
  if (text && file) throw new CliError('--patch and --patch-file are mutually exclusive')
  if (file) {
    const content = inv.ctx.fs.read(inv.ctx.resolve(file))
    if (content === undefined)
      throw new CliError(`unable to read patch file: open ${file}: no such file or directory`)
    text = content
  }
  const typeName = inv.flags.str('type') || 'strategic'
  const type = TYPES[typeName]
  if (!type) throw new CliError(`--type must be one of [json merge strategic], not "${typeName}"`)
  if (inv.flags.bool('local'))
    throw new CliError('--local is not available for patch in this simulated cluster')
  const body = parsePatch(text)
  const dry = dryRunOf(inv)
  const sub = inv.flags.str('subresource')
  if (sub && sub !== 'status' && sub !== 'scale')
    throw new CliError(`invalid subresource value: "${sub}". Must be one of [status scale]`)
  inv.connect()
  const targets = resolveTargets(inv, inv.args)
  const errors: unknown[] = [...targets.errors]
  for (const t of targets.items) {
    try {
      const res = inv.api.patch(
        t.info.id,
        t.obj.metadata.namespace,
        t.obj.metadata.name ?? '',
        type,
        sub === 'scale' ? { spec: (body as any)?.spec } : body,
        {
          dryRun: dry !== 'none',
          ...(sub === 'status' ? { subresource: 'status' as const } : {}),
        },
      )
      printWarnings(inv.io, res.warnings)
      const changed =
        res.object.metadata.resourceVersion !== t.obj.metadata.resourceVersion || dry !== 'none'
      const same =
        JSON.stringify(stripVolatile(res.object)) === JSON.stringify(stripVolatile(t.obj))
      emitResult(inv, t.info, res.object, changed && !same ? 'patched' : 'patched (no change)', dry)
    } catch (e) {
      errors.push(e)
    }
  }
  if (errors.length) throw errors.length === 1 ? errors[0] : new MultiError(errors)
  return 0
}

function stripVolatile(o: any): unknown {
  return {
    ...o,
    metadata: {
      ...o.metadata,
      resourceVersion: undefined,
      generation: undefined,
      managedFields: undefined,
    },
  }
}

registerCommand('patch', patch)

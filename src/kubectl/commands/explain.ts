import type { Invocation } from '../cli/command.ts'
import { CliError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { resolveType } from '../resolve/types.ts'
import { explain as render, ExplainError } from '../explain/explain.ts'
import { explainV2 } from '../explain/explainV2.ts'
import { apiVersionOf } from '../../sim/api/resources.ts'

/** `kubectl explain TYPE[.field...]`: the rendering lives in src/kubectl/explain. */
function explain(inv: Invocation): number {
  if (!inv.args.length)
    throw new CliError(
      'You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.',
    )
  if (inv.args.length > 1) throw new CliError('We accept only this format: explain RESOURCE')
  inv.connect()
  // As kubectl: the first word names the resource; without --api-version a `plural.group`
  // prefix is the resource too (kubectl matches the prefix only then).
  const input = inv.args[0].replace(/\.$/, '')
  const [type, ...rest] = input.split('.')
  const info = resolveType(type)
  const apiVersion = inv.flags.str('api-version') || undefined
  const groupResource = info.group ? `${info.plural}.${info.group}` : info.plural
  const path =
    !apiVersion && input.startsWith(groupResource)
      ? input.length > groupResource.length
        ? input.slice(groupResource.length + 1).split('.')
        : []
      : rest
  const output = inv.flags.str('output') || 'plaintext'
  const recursive = inv.flags.bool('recursive')
  try {
    if (output === 'plaintext') inv.io.out(render(info, apiVersion, path, recursive))
    else if (output === 'plaintext-openapiv2')
      inv.io.out(explainV2(apiVersion ?? apiVersionOf(info), info.kind, path, recursive))
    else throw new CliError(`unrecognized format: ${output}`)
  } catch (e) {
    if (e instanceof ExplainError) {
      if (e.printed) inv.io.out(e.printed)
      throw new CliError(e.message)
    }
    throw e
  }
  return 0
}

registerCommand('explain', explain)

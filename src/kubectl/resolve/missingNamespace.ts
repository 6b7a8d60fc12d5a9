import type { ResourceInfo } from '../../sim/api/resources.ts'
import { isNotFound } from '../../sim/api/errors.ts'
import type { Invocation } from '../cli/command.ts'

/**
 * kubectl's builder follows a NotFound in a namespace that does not exist with a GET of the
 * namespace and reports the namespace's NotFound instead; undefined when that does not apply.
 */
export function missingNamespace(
  inv: Invocation,
  info: ResourceInfo,
  e: unknown,
  ns: string = inv.namespace(),
): unknown {
  if (!isNotFound(e) || !info.namespaced) return undefined
  if (inv.api.tryGet('namespaces', undefined, ns)) return undefined
  try {
    inv.api.get('namespaces', undefined, ns)
  } catch (nsErr) {
    return nsErr
  }
  return undefined
}

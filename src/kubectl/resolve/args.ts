import type { ResourceInfo } from '../../sim/api/resources.ts'
import { CliError } from '../cli/errors.ts'
import { expandTypes, resolveType } from './types.ts'

export interface NamedRef {
  info: ResourceInfo
  name: string
}

/** What resource arguments select: named objects, or whole types (filtered by selectors). */
export type ArgSelection =
  { kind: 'names'; refs: NamedRef[] } | { kind: 'types'; infos: ResourceInfo[] } | { kind: 'none' }

/**
 * kubectl's resource builder on positional arguments: `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...`.
 */
export function selectArgs(args: string[]): ArgSelection {
  if (args.length === 0) return { kind: 'none' }
  const slashed = args.filter((a) => a.includes('/'))
  if (slashed.length) {
    if (slashed.length !== args.length) {
      throw new CliError(
        `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
      )
    }
    return {
      kind: 'names',
      refs: args.map((a) => {
        const i = a.indexOf('/')
        const type = a.slice(0, i)
        const name = a.slice(i + 1)
        if (!type || !name)
          throw new CliError(`arguments in resource/name form must have a single resource and name`)
        return { info: resolveType(type), name }
      }),
    }
  }
  const [typeArg, ...names] = args
  const infos = expandTypes(typeArg)
  if (names.length === 0) return { kind: 'types', infos }
  if (
    typeArg.toLowerCase() === 'all' ||
    (typeArg.split(',').length > 1 && typeArg.toLowerCase().split(',').includes('all'))
  )
    throw new CliError(`you must specify only one resource`)
  return { kind: 'names', refs: infos.flatMap((info) => names.map((name) => ({ info, name }))) }
}

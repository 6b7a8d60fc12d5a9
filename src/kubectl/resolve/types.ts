import { RESOURCES, type ResourceInfo } from '../../sim/api/resources.ts'
import { CliError } from '../cli/errors.ts'

/**
 * Resource type names as kubectl's RESTMapper resolves them: plural, singular, short name or Kind,
 * optionally qualified by group (`deployment.apps`) or version and group (`deployments.v1.apps`).
 */
export function lookupType(arg: string): ResourceInfo | undefined {
  const lower = arg.toLowerCase()
  const dot = lower.indexOf('.')
  const name = dot < 0 ? lower : lower.slice(0, dot)
  const qualifier = dot < 0 ? undefined : lower.slice(dot + 1)
  const candidates = RESOURCES.filter(
    (r) =>
      r.plural === name ||
      r.singular === name ||
      r.shortNames.includes(name) ||
      r.kind.toLowerCase() === name,
  )
  if (qualifier === undefined) return preferCore(candidates)
  const byGroup = candidates.filter((r) => r.group === qualifier)
  if (byGroup.length) return byGroup[0]
  // `deployments.v1.apps`: version then group.
  const vdot = qualifier.indexOf('.')
  const version = vdot < 0 ? qualifier : qualifier.slice(0, vdot)
  const group = vdot < 0 ? '' : qualifier.slice(vdot + 1)
  return candidates.find((r) => r.group === group && r.versions.includes(version))
}

function preferCore(list: ResourceInfo[]): ResourceInfo | undefined {
  // Exact plural matches win over short names of other groups, core group over the rest.
  return list.find((r) => r.group === '') ?? list[0]
}

export function resolveType(arg: string): ResourceInfo {
  const r = lookupType(arg)
  if (r) return r
  throw new CliError(`the server doesn't have a resource type "${arg}"`)
}

/** `all` expands to the resources in the "all" category, in discovery order. */
export function expandTypes(arg: string): ResourceInfo[] {
  const out: ResourceInfo[] = []
  for (const part of arg.split(',')) {
    if (part === '') continue
    if (part.toLowerCase() === 'all')
      out.push(...RESOURCES.filter((r) => r.categories.includes('all')))
    else out.push(resolveType(part))
  }
  return out
}

/** `deployment.apps/web` style name kubectl prints: kind lower-cased, group appended. */
export function kindRef(info: ResourceInfo): string {
  const kind = info.kind.toLowerCase()
  return info.group ? `${kind}.${info.group}` : kind
}

export function objectRef(info: ResourceInfo, name: string): string {
  return `${kindRef(info)}/${name}`
}

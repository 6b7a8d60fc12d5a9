import { RESOURCES, type ResourceInfo } from '../sim/api/resources.ts'
import { KUBE_VERSION } from '../sim/cluster/spec.ts'

/** Group → versions served, preferred first, in the order a v1.32 server lists groups. */
export function groups(): { name: string; versions: string[] }[] {
  const out: { name: string; versions: string[] }[] = []
  for (const r of RESOURCES) {
    if (!r.group) continue
    let g = out.find((x) => x.name === r.group)
    if (!g) {
      g = { name: r.group, versions: [] }
      out.push(g)
    }
    for (const v of r.versions) if (!g.versions.includes(v)) g.versions.push(v)
  }
  return out
}

export function versionInfo(): Record<string, string> {
  const [major, minor] = KUBE_VERSION.slice(1).split('.')
  return {
    major,
    minor,
    gitVersion: KUBE_VERSION,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-04-22T16:03:59Z',
    goVersion: 'go1.23.8',
    compiler: 'gc',
    platform: 'linux/amd64',
  }
}

export function apiVersions(serverAddress: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  }
}

export function apiGroupList(): unknown {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups().map((g) => ({
      name: g.name,
      versions: g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v })),
      preferredVersion: { groupVersion: `${g.name}/${g.versions[0]}`, version: g.versions[0] },
    })),
  }
}

export function apiGroup(name: string): unknown | undefined {
  const g = groups().find((x) => x.name === name)
  if (!g) return undefined
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name,
    versions: g.versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${name}/${g.versions[0]}`, version: g.versions[0] },
  }
}

function resourceEntry(r: ResourceInfo): Record<string, unknown> {
  const e: Record<string, unknown> = {
    name: r.plural,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: r.verbs,
  }
  if (r.shortNames.length) e.shortNames = r.shortNames
  if (r.categories.length) e.categories = r.categories
  e.storageVersionHash = hash8(r.id)
  return e
}

/** The resource list of one group/version, subresources included (`pods/log`, `deployments/scale`). */
export function apiResourceList(group: string, version: string): unknown | undefined {
  const rs = RESOURCES.filter((r) => r.group === group && r.versions.includes(version))
  if (!rs.length) return undefined
  const resources: Record<string, unknown>[] = []
  for (const r of rs) {
    resources.push(resourceEntry(r))
    for (const sub of r.subresources ?? []) {
      resources.push({
        name: `${r.plural}/${sub}`,
        singularName: '',
        namespaced: r.namespaced,
        kind: subKind(r, sub),
        verbs: subVerbs(sub),
      })
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  }
}

function subKind(r: ResourceInfo, sub: string): string {
  switch (sub) {
    case 'scale':
      return 'Scale'
    case 'eviction':
      return 'Eviction'
    case 'binding':
      return 'Binding'
    case 'exec':
    case 'attach':
    case 'portforward':
      return 'PodExecOptions'
    case 'log':
      return 'Pod'
    default:
      return r.kind
  }
}

function subVerbs(sub: string): string[] {
  switch (sub) {
    case 'status':
    case 'scale':
      return ['get', 'patch', 'update']
    case 'log':
      return ['get']
    case 'exec':
    case 'attach':
    case 'portforward':
    case 'proxy':
      return ['create', 'get']
    default:
      return ['create']
  }
}

/** A stable short hash for storageVersionHash (clients only compare it). */
function hash8(s: string): string {
  let h = 2166136261
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0
  return Buffer.from(h.toString(16).padStart(8, '0')).toString('base64').slice(0, 11) + '='
}

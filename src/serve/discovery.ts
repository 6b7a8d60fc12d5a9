import { RESOURCES, storageId, type ResourceInfo } from '../sim/api/resources.ts'
import { KUBE_VERSION } from '../sim/cluster/spec.ts'
import { sha256 } from './sha2.ts'

/**
 * Group priorities as kube-apiserver 1.32 registers them with the aggregator (its
 * apiVersionPriorities); both discovery forms list named groups by these, highest first, ties by
 * name. apiregistration.k8s.io, the aggregator's own group, is put above every other (20001).
 */
const GROUP_PRIORITY: Record<string, number> = {
  'apiregistration.k8s.io': 20001,
  apps: 17800,
  'events.k8s.io': 17750,
  'authentication.k8s.io': 17700,
  'authorization.k8s.io': 17600,
  autoscaling: 17500,
  batch: 17400,
  'certificates.k8s.io': 17300,
  'networking.k8s.io': 17200,
  policy: 17100,
  'rbac.authorization.k8s.io': 17000,
  'storage.k8s.io': 16800,
  'admissionregistration.k8s.io': 16700,
  'apiextensions.k8s.io': 16700,
  'scheduling.k8s.io': 16600,
  'coordination.k8s.io': 16500,
  'node.k8s.io': 16300,
  'discovery.k8s.io': 16200,
  'flowcontrol.apiserver.k8s.io': 16100,
}

/** A group the aggregator has no priority for gets its default minimum. */
const DEFAULT_GROUP_PRIORITY = 1000

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
  const prio = (name: string): number => GROUP_PRIORITY[name] ?? DEFAULT_GROUP_PRIORITY
  return out.sort((a, b) => prio(b.name) - prio(a.name) || compare(a.name, b.name))
}

/** Go's string order (bytes), which the API server sorts names by. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
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

/** What a subresource answers with and allows, as its REST storage registers it in v1.32. */
export interface SubresourceInfo {
  name: string
  /** Set only when the kind is outside the parent's group and version (Scale, Eviction…). */
  group?: string
  version?: string
  kind: string
  verbs: string[]
}

const GET_PATCH_UPDATE = ['get', 'patch', 'update']
const CONNECT_GET_POST = ['create', 'get']
const PROXY_VERBS = ['create', 'delete', 'get', 'patch', 'update']

export function subresourceInfo(r: ResourceInfo, name: string): SubresourceInfo {
  switch (name) {
    case 'status':
    case 'approval':
      return { name, kind: r.kind, verbs: GET_PATCH_UPDATE }
    case 'finalize':
      return { name, kind: r.kind, verbs: ['update'] }
    case 'scale':
      return { name, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: GET_PATCH_UPDATE }
    case 'ephemeralcontainers':
      return { name, kind: 'Pod', verbs: GET_PATCH_UPDATE }
    case 'log':
      return { name, kind: 'Pod', verbs: ['get'] }
    case 'exec':
      return { name, kind: 'PodExecOptions', verbs: CONNECT_GET_POST }
    case 'attach':
      return { name, kind: 'PodAttachOptions', verbs: CONNECT_GET_POST }
    case 'portforward':
      return { name, kind: 'PodPortForwardOptions', verbs: CONNECT_GET_POST }
    case 'proxy':
      return { name, kind: `${r.kind}ProxyOptions`, verbs: PROXY_VERBS }
    case 'binding':
      return { name, kind: 'Binding', verbs: ['create'] }
    case 'eviction':
      return { name, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] }
    case 'token':
      return {
        name,
        group: 'authentication.k8s.io',
        version: 'v1',
        kind: 'TokenRequest',
        verbs: ['create'],
      }
  }
  throw new Error(`no discovery entry for subresource ${r.plural}/${name}`)
}

/** The resources served in one group/version, sorted by name as the API server installs them. */
export function servedResources(group: string, version: string): ResourceInfo[] {
  return RESOURCES.filter((r) => r.group === group && r.versions.includes(version)).sort((a, b) =>
    compare(a.plural, b.plural),
  )
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
  // Only resources kept in etcd (so watchable) have a storage version; reviews, bindings and
  // componentstatuses are computed per request.
  if (r.verbs.includes('watch')) e.storageVersionHash = storageVersionHash(r)
  return e
}

/** The resource list of one group/version, subresources included (`pods/log`, `deployments/scale`). */
export function apiResourceList(group: string, version: string): unknown | undefined {
  const rs = servedResources(group, version)
  if (!rs.length) return undefined
  const resources: Record<string, unknown>[] = []
  for (const r of rs) {
    resources.push(resourceEntry(r))
    for (const name of r.subresources ?? []) {
      const sub = subresourceInfo(r, name)
      resources.push({
        name: `${r.plural}/${name}`,
        singularName: '',
        namespaced: r.namespaced,
        ...(sub.group !== undefined ? { group: sub.group, version: sub.version } : {}),
        kind: sub.kind,
        verbs: sub.verbs,
      })
    }
  }
  resources.sort((a, b) => compare(a.name as string, b.name as string))
  // kube-apiserver writes /api/v1 without an apiVersion (its legacy group has no codec version
  // set for discovery), every named group's list with one.
  return {
    kind: 'APIResourceList',
    ...(group ? { apiVersion: 'v1' } : {}),
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  }
}

/**
 * The first 8 bytes of SHA-256 over "group/version/kind" of the storage version, base64: clients
 * only compare it, but the value is the API server's (`xPOwRZ+Yhw8=` for pods).
 */
function storageVersionHash(r: ResourceInfo): string {
  const stored = RESOURCES.find((x) => x.id === storageId(r)) ?? r
  const digest = sha256(
    new TextEncoder().encode(`${stored.group}/${stored.versions[0]}/${stored.kind}`),
  )
  return btoa(String.fromCharCode(...digest.slice(0, 8)))
}

import type { ApiRequestHead, ResponseSink } from './handler.ts'
import type { ResourceInfo } from '../sim/api/resources.ts'
import { groups, servedResources, subresourceInfo } from './discovery.ts'
import { hex, sha512 } from './sha2.ts'

/**
 * Aggregated discovery (apidiscovery.k8s.io/v2, also served as v2beta1): the whole of `/api` or
 * `/apis` in one document, which kubectl 1.32 asks for first so it needs no per-group requests.
 * Shaped as kube-apiserver 1.32 writes it: groups by priority, resources sorted by name, each with
 * its subresources, a response kind that names group and version only where they differ from the
 * parent's (as the legacy documents do), and an ETag over the JSON with `If-None-Match` → 304.
 */

export type DiscoveryVersion = 'v2' | 'v2beta1'

const GROUP = 'apidiscovery.k8s.io'
const AS = 'APIGroupDiscoveryList'

interface AcceptClause {
  type: string
  params: Record<string, string>
  q: number
}

function parseAccept(accept: string): AcceptClause[] {
  const clauses: AcceptClause[] = []
  for (const part of accept.split(',')) {
    const [type, ...rest] = part.split(';').map((s) => s.trim())
    if (!type) continue
    const params: Record<string, string> = {}
    for (const p of rest) {
      const i = p.indexOf('=')
      if (i > 0) params[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim()
    }
    const q = params.q === undefined ? 1 : Number(params.q)
    delete params.q
    clauses.push({ type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0 })
  }
  // Most preferred first; equal preferences keep the client's order (a stable sort).
  return clauses.filter((c) => c.q > 0).sort((a, b) => b.q - a.q)
}

/**
 * Which aggregated form the Accept header asks for before anything else acceptable, or undefined
 * when the legacy document is wanted (plain JSON first, or no aggregated clause we can encode).
 * As in the API server, a clause whose `as` the discovery endpoint cannot produce is passed over.
 */
export function aggregatedVersionWanted(accept: string | undefined): DiscoveryVersion | undefined {
  if (!accept) return undefined
  for (const c of parseAccept(accept)) {
    const json = c.type === 'application/json' || c.type === 'application/*' || c.type === '*/*'
    const { g, v, as } = c.params
    if (g === undefined && v === undefined && as === undefined) {
      if (json) return undefined
      continue
    }
    // Only JSON is encoded here; a protobuf or YAML aggregated clause falls through to the next.
    if (json && g === GROUP && as === AS && (v === 'v2' || v === 'v2beta1')) return v
  }
  return undefined
}

function responseKind(group?: string, version?: string, kind = ''): Record<string, string> {
  return { group: group ?? '', version: version ?? '', kind }
}

function resourceDiscovery(r: ResourceInfo): Record<string, unknown> {
  const e: Record<string, unknown> = {
    resource: r.plural,
    responseKind: responseKind(undefined, undefined, r.kind),
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  }
  if (r.shortNames.length) e.shortNames = r.shortNames
  if (r.categories.length) e.categories = r.categories
  const subs = [...(r.subresources ?? [])].sort()
  if (subs.length)
    e.subresources = subs.map((name) => {
      const s = subresourceInfo(r, name)
      return {
        subresource: name,
        responseKind: responseKind(s.group, s.version, s.kind),
        verbs: s.verbs,
      }
    })
  return e
}

function groupDiscovery(name: string, versions: string[]): Record<string, unknown> {
  return {
    // Go writes an ObjectMeta's zero creationTimestamp as null; an empty name is left out.
    metadata: name ? { name, creationTimestamp: null } : { creationTimestamp: null },
    versions: versions.map((version) => ({
      version,
      resources: servedResources(name, version).map(resourceDiscovery),
      freshness: 'Current',
    })),
  }
}

interface DiscoveryDocument {
  items: Record<string, unknown>[]
  etag: string
}

const documents = new Map<string, DiscoveryDocument>()

/** `/api` holds the core group alone; `/apis` every named group. Built once: the table is fixed. */
function documentFor(path: '/api' | '/apis'): DiscoveryDocument {
  let doc = documents.get(path)
  if (!doc) {
    const items =
      path === '/api'
        ? [groupDiscovery('', ['v1'])]
        : groups().map((g) => groupDiscovery(g.name, g.versions))
    // The API server hashes the list as Go marshals it, before kind and apiVersion are set.
    const json = JSON.stringify({ metadata: {}, items })
    doc = { items, etag: hex(sha512(new TextEncoder().encode(json))).toUpperCase() }
    documents.set(path, doc)
  }
  return doc
}

export function aggregatedDiscovery(
  path: '/api' | '/apis',
  version: DiscoveryVersion,
): { body: unknown; etag: string } {
  const doc = documentFor(path)
  return {
    body: { kind: AS, apiVersion: `${GROUP}/${version}`, metadata: {}, items: doc.items },
    etag: doc.etag,
  }
}

export function sendAggregatedDiscovery(
  req: ApiRequestHead,
  res: ResponseSink,
  path: '/api' | '/apis',
  version: DiscoveryVersion,
): void {
  const { body, etag } = aggregatedDiscovery(path, version)
  const quoted = `"${etag}"`
  const cache = { ETag: quoted, Vary: 'Accept', 'Cache-Control': 'public' }
  if (req.headers['if-none-match'] === quoted) {
    res.writeHead(304, cache)
    res.end()
    return
  }
  res.writeHead(200, {
    'Content-Type': `application/json;g=${GROUP};v=${version};as=${AS}`,
    ...cache,
  })
  res.end(JSON.stringify(body) + '\n')
}

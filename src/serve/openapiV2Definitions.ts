import data from '../generated/openapi.json'
import { NUMERIC_SCHEMAS } from './openapi.ts'

/**
 * The `definitions` of the Swagger 2.0 document, from the same generated v1.32 schema as the v3
 * documents and `kubectl explain`: each type under its Go package name (io.k8s.api.core.v1.Pod),
 * with the formats, named references and x-kubernetes-* extensions kube-apiserver publishes.
 */

export type Json = Record<string, any>

interface RawType {
  d: string
  f: [string, string, number, string][]
  n: string
  v?: Record<string, Json>
  x?: Json
}

interface Raw {
  kinds: Record<string, string>
  lists: Record<string, string>
  types: Record<string, RawType>
  scalars: Record<string, string>
  opaque: Record<string, { d: string; t?: string }>
}

const raw = data as unknown as Raw

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1'

/** The named scalar types, as kube-openapi writes them for v2. */
const SCALARS: Record<string, { name: string; schema: Json }> = {
  Time: { name: `${META}.Time`, schema: { type: 'string', format: 'date-time' } },
  MicroTime: { name: `${META}.MicroTime`, schema: { type: 'string', format: 'date-time' } },
  Quantity: { name: 'io.k8s.apimachinery.pkg.api.resource.Quantity', schema: { type: 'string' } },
  IntOrString: {
    name: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
    schema: { type: 'string', format: 'int-or-string' },
  },
}

export const ref = (name: string): Json => ({ $ref: `#/definitions/${name}` })

/** Definition name of a kind (or its list) at `group/version`, if the schema has it. */
export function definitionOf(apiVersion: string, kind: string): string | undefined {
  const id = raw.kinds[`${apiVersion}/${kind}`] ?? raw.lists[`${apiVersion}/${kind}`]
  return id ? raw.types[id]?.n : undefined
}

export function buildDefinitions(): Record<string, Json> {
  const defs: Record<string, Json> = {}
  const gvks = new Map<string, Json[]>()
  for (const table of [raw.kinds, raw.lists]) {
    for (const [key, id] of Object.entries(table)) {
      const parts = key.split('/')
      const gvk = {
        group: parts.length === 3 ? parts[0] : '',
        kind: parts[parts.length - 1],
        version: parts[parts.length - 2],
      }
      gvks.set(id, [...(gvks.get(id) ?? []), gvk])
    }
  }
  // As kube-apiserver registers them: Status in the core group only, the options and watch events
  // in every served group version.
  const groupVersions = [
    ...new Set(Object.keys(raw.kinds).map((k) => k.slice(0, k.lastIndexOf('/')))),
  ]
    .map((gv) => (gv.includes('/') ? gv.split('/') : ['', gv]))
    .sort((a, b) => (a[0] + '/' + a[1] < b[0] + '/' + b[1] ? -1 : 1))
  const metaKind = (kind: string): Json[] =>
    groupVersions.map(([group, version]) => ({ group, kind, version }))
  const one = (group: string, kind: string, version = 'v1'): Json[] => [{ group, kind, version }]
  // Kinds that subresources and discovery answer with, registered in their own groups.
  const metaGvks: Record<string, Json[]> = {
    V1DeleteOptions: metaKind('DeleteOptions'),
    V1WatchEvent: metaKind('WatchEvent'),
    V1Status: one('', 'Status'),
    V1Scale: one('autoscaling', 'Scale'),
    V1Eviction: one('policy', 'Eviction'),
    AuthenticationV1TokenRequest: one('authentication.k8s.io', 'TokenRequest'),
    V1APIResourceList: one('', 'APIResourceList'),
    V1APIGroup: one('', 'APIGroup'),
    V1APIGroupList: one('', 'APIGroupList'),
    V1APIVersions: one('', 'APIVersions'),
  }
  for (const [id, list] of Object.entries(metaGvks)) gvks.set(id, list)
  const used = new Set<string>()
  for (const [id, t] of Object.entries(raw.types)) {
    const properties: Json = {}
    for (const [name, type, , description] of t.f) {
      const facts = { ...t.v?.[name] }
      const format = facts.format as string | undefined
      const named = facts.$ref as string | undefined
      delete facts.format
      delete facts.$ref
      const schema = propertySchema(type, format, named, used)
      properties[name] = { ...(description ? { description } : {}), ...schema, ...facts }
    }
    const required = t.f.filter((f) => f[2] === 1).map((f) => f[0])
    const gvk = gvks.get(id)
    defs[t.n] = {
      ...(t.d ? { description: t.d } : {}),
      ...(required.length ? { required } : {}),
      type: 'object',
      properties,
      ...(gvk ? { 'x-kubernetes-group-version-kind': gvk } : {}),
      ...t.x,
    }
  }
  for (const [key, scalar] of Object.entries(SCALARS))
    if (used.has(scalar.name))
      defs[scalar.name] = { description: raw.scalars[key], ...scalar.schema }
  // Every opaque definition is used: by a field, or by PATCH bodies (Patch).
  for (const [name, o] of Object.entries(raw.opaque))
    defs[name] = { description: o.d, ...(o.t ? { type: o.t } : {}) }
  return sortKeys(defs)
}

/**
 * One type expression (`[]#V1Container`, `map[string]Quantity`, `integer:int64`…) as a v2 schema;
 * a format or named definition from the facts applies to the innermost value.
 */
function propertySchema(
  type: string,
  format: string | undefined,
  named: string | undefined,
  used: Set<string>,
): Json {
  if (type.startsWith('[]'))
    return { type: 'array', items: propertySchema(type.slice(2), format, named, used) }
  if (type.startsWith('map[string]'))
    return {
      type: 'object',
      additionalProperties: propertySchema(type.slice(11), format, named, used),
    }
  if (type.startsWith('#')) {
    const target = raw.types[type.slice(1)]
    if (target) return ref(target.n)
    // The client models name MicroTime as a class of its own.
    return propertySchema(type.slice(1).replace(/^V1/, ''), format, named, used)
  }
  const scalar = SCALARS[type]
  if (scalar) {
    used.add(scalar.name)
    return ref(scalar.name)
  }
  const known = NUMERIC_SCHEMAS[type]
  if (known) return { ...known }
  if (type !== 'Object') return { type: 'string', ...(format ? { format } : {}) }
  if (!named) return { type: 'object' }
  used.add(named)
  return ref(named)
}

function sortKeys(o: Record<string, Json>): Record<string, Json> {
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  )
}

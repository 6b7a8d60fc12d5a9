import data from '../../generated/openapi.json'

/**
 * Field schemas of the v1.32 API (built on install from the OpenAPI-generated client models).
 * A type expression is `string`, `integer`, `integer:int64`, `number`, `boolean`, `Time`,
 * `IntOrString`, `Quantity`, `Object`, `[]X`, `map[string]X` or `#ClassName` for a named type.
 */
export interface FieldSchema {
  name: string
  type: string
  required: boolean
  description: string
}

export interface TypeSchema {
  /** Client model name, e.g. V1DeploymentSpec. */
  id: string
  description: string
  fields: FieldSchema[]
  byName: Map<string, FieldSchema>
}

interface Raw {
  source: string
  scalars: Record<string, string>
  kinds: Record<string, string>
  types: Record<string, { d: string; f: [string, string, number, string][] }>
}

const raw = data as unknown as Raw
const cache = new Map<string, TypeSchema>()

export function typeSchema(id: string): TypeSchema | undefined {
  const hit = cache.get(id)
  if (hit) return hit
  const t = raw.types[id]
  if (!t) return undefined
  const fields = t.f.map(([name, type, req, description]) => ({
    name,
    type,
    required: req === 1,
    description,
  }))
  const schema: TypeSchema = {
    id,
    description: t.d,
    fields,
    byName: new Map(fields.map((f) => [f.name, f])),
  }
  cache.set(id, schema)
  return schema
}

/** The schema of a kind served at apiVersion, e.g. ('apps/v1', 'Deployment'). */
export function kindSchema(apiVersion: string, kind: string): TypeSchema | undefined {
  const id = raw.kinds[`${apiVersion}/${kind}`]
  return id ? typeSchema(id) : undefined
}

/** `DeploymentSpec` for `#V1DeploymentSpec`: the name kubectl explain and Go errors show. */
export function shortTypeName(id: string): string {
  return id
    .replace(/^#/, '')
    .replace(/^(CoreV1|EventsV1|[A-Z][a-z]+V\d+|V\d+(?:alpha\d+|beta\d+)?)/, '')
}

/** Which Go package a type lives in, for decode errors (`v1.Container`). */
export function goPackage(id: string): string {
  const m = id
    .replace(/^#/, '')
    .match(/^(?:CoreV1|EventsV1|[A-Z][a-z]+(V\d+)|(V\d+(?:alpha\d+|beta\d+)?))/)
  return (m?.[1] ?? m?.[2] ?? 'V1').toLowerCase()
}

/** Description of a scalar type the schema names (Time, MicroTime, Quantity, IntOrString). */
export function scalarDescription(name: string): string | undefined {
  return raw.scalars[name]
}

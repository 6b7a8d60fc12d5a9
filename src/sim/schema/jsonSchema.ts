import { RESOURCES } from '../api/resources.ts'
import { kindSchema, typeSchema } from './openapi.ts'

type JsonSchema = Record<string, unknown>

/**
 * A JSON Schema (draft-07) for every kind we serve, derived from the same v1.32 field schemas the API
 * server validates with, so the editor's markers agree with what `kubectl apply` will say.
 */
export function buildJsonSchema(): JsonSchema {
  const definitions: Record<string, JsonSchema> = {}
  const visit = (id: string): void => {
    if (definitions[id]) return
    const t = typeSchema(id)
    if (!t) return
    definitions[id] = {}
    const properties: Record<string, JsonSchema> = {}
    for (const f of t.fields)
      properties[f.name] = { ...typeOf(f.type, visit), description: f.description }
    definitions[id] = {
      type: 'object',
      description: t.description,
      properties,
      required: t.fields.filter((f) => f.required).map((f) => f.name),
      additionalProperties: false,
    }
  }
  const kinds: JsonSchema[] = []
  for (const info of RESOURCES) {
    for (const v of info.versions) {
      const apiVersion = info.group ? `${info.group}/${v}` : v
      const schema = kindSchema(apiVersion, info.kind)
      if (!schema) continue
      visit(schema.id)
      kinds.push({
        if: {
          properties: { apiVersion: { const: apiVersion }, kind: { const: info.kind } },
          required: ['apiVersion', 'kind'],
        },
        then: { $ref: `#/definitions/${schema.id}` },
      })
    }
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    required: ['apiVersion', 'kind'],
    properties: {
      apiVersion: {
        type: 'string',
        description: 'APIVersion defines the versioned schema of this representation of an object.',
      },
      kind: { type: 'string', enum: [...new Set(RESOURCES.map((r) => r.kind))].sort() },
    },
    allOf: kinds,
    definitions,
  }
}

function typeOf(type: string, visit: (id: string) => void): JsonSchema {
  if (type.startsWith('[]')) return { type: 'array', items: typeOf(type.slice(2), visit) }
  if (type.startsWith('map[string]'))
    return { type: 'object', additionalProperties: typeOf(type.slice(11), visit) }
  if (type.startsWith('#')) {
    visit(type.slice(1))
    return { $ref: `#/definitions/${type.slice(1)}` }
  }
  switch (type) {
    case 'integer':
    case 'integer:int64':
      return { type: 'integer' }
    case 'number':
      return { type: 'number' }
    case 'boolean':
      return { type: 'boolean' }
    case 'IntOrString':
    case 'Quantity':
      return { type: ['string', 'integer', 'number'] }
    case 'Object':
      return {}
    default:
      return { type: 'string' }
  }
}

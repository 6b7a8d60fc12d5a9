import type { KObject } from '../api/types.ts'
import { goPackage, kindSchema, shortTypeName, typeSchema, type TypeSchema } from './openapi.ts'

export interface FieldCheckResult {
  /** Unknown fields as the strict decoder names them: `spec.template.spec.containers[0].imagee`. */
  unknown: string[]
  /** The first JSON type mismatch in the decoder's words, if any. */
  decodeError?: string
}

/**
 * Walks an object against the kind's schema like the API server's strict JSON decoder: collects
 * unknown fields (reported or refused depending on fieldValidation) and the first type mismatch
 * (always refused: the object cannot be decoded).
 */
export function checkFields(obj: KObject): FieldCheckResult {
  const schema = kindSchema(obj.apiVersion, obj.kind)
  const result: FieldCheckResult = { unknown: [] }
  if (!schema) return result
  walkObject(obj, schema, '', [], result)
  return result
}

function walkObject(
  value: Record<string, unknown>,
  schema: TypeSchema,
  path: string,
  stack: string[],
  r: FieldCheckResult,
): void {
  for (const [key, v] of Object.entries(value)) {
    // An absent value is not a field the decoder would see (JSON has no undefined).
    if (v === undefined) continue
    const field = schema.byName.get(key)
    const childPath = path ? `${path}.${key}` : key
    if (!field) {
      r.unknown.push(childPath)
      continue
    }
    walkValue(v, field.type, childPath, [...stack, key], schema, r)
  }
}

function goTypeName(type: string): string {
  if (type.startsWith('[]')) return '[]' + goTypeName(type.slice(2))
  if (type.startsWith('map[string]')) return 'map[string]' + goTypeName(type.slice(11))
  if (type.startsWith('#')) return `${goPackage(type)}.${shortTypeName(type)}`
  switch (type) {
    case 'integer':
      return 'int32'
    case 'integer:int64':
      return 'int64'
    case 'number':
      return 'float64'
    case 'boolean':
      return 'bool'
    case 'Time':
      return 'v1.Time'
    case 'IntOrString':
      return 'intstr.IntOrString'
    case 'Quantity':
      return 'resource.Quantity'
    default:
      return type
  }
}

function jsonKind(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number') return `number ${v}`
  if (typeof v === 'boolean') return 'bool'
  return typeof v
}

function mismatch(
  v: unknown,
  type: string,
  stack: string[],
  owner: TypeSchema,
  r: FieldCheckResult,
): void {
  if (r.decodeError) return
  const got = typeof v === 'number' ? 'number' : jsonKind(v)
  r.decodeError = `json: cannot unmarshal ${got} into Go struct field ${shortTypeName(owner.id)}.${stack.join('.')} of type ${goTypeName(type)}`
}

function walkValue(
  v: unknown,
  type: string,
  path: string,
  stack: string[],
  owner: TypeSchema,
  r: FieldCheckResult,
): void {
  // JSON null decodes to the zero value for every Go type, so it is never a mismatch.
  if (v === null || v === undefined) return
  if (type.startsWith('[]')) {
    if (!Array.isArray(v)) return mismatch(v, type, stack, owner, r)
    v.forEach((item, i) => walkValue(item, type.slice(2), `${path}[${i}]`, stack, owner, r))
    return
  }
  if (type.startsWith('map[string]')) {
    if (typeof v !== 'object' || Array.isArray(v)) return mismatch(v, type, stack, owner, r)
    for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
      walkValue(item, type.slice(11), `${path}.${k}`, stack, owner, r)
    }
    return
  }
  // metav1.MicroTime is a struct in Go but a string on the wire, like metav1.Time.
  if (type === '#V1MicroTime') {
    if (typeof v !== 'string') mismatch(v, type, stack, owner, r)
    return
  }
  if (type.startsWith('#')) {
    const sub = typeSchema(type.slice(1))
    if (typeof v !== 'object' || Array.isArray(v)) return mismatch(v, type, stack, owner, r)
    if (sub) walkObject(v as Record<string, unknown>, sub, path, stack, r)
    return
  }
  switch (type) {
    case 'string':
    case 'Time':
      if (typeof v !== 'string') mismatch(v, type, stack, owner, r)
      return
    case 'integer':
    case 'integer:int64':
      if (typeof v !== 'number') return mismatch(v, type, stack, owner, r)
      if (!Number.isInteger(v) && !r.decodeError) {
        r.decodeError = `json: cannot unmarshal number ${v} into Go struct field ${shortTypeName(owner.id)}.${stack.join('.')} of type ${goTypeName(type)}`
      }
      return
    case 'number':
      if (typeof v !== 'number') mismatch(v, type, stack, owner, r)
      return
    case 'boolean':
      if (typeof v !== 'boolean') mismatch(v, type, stack, owner, r)
      return
    case 'IntOrString':
    case 'Quantity':
      if (typeof v !== 'string' && typeof v !== 'number') mismatch(v, type, stack, owner, r)
      return
    default:
      return
  }
}

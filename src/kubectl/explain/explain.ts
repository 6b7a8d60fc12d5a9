import { apiVersionOf, type ResourceInfo } from '../../sim/api/resources.ts'
import {
  kindSchema,
  scalarDescription,
  shortTypeName,
  typeSchema,
  type FieldSchema,
  type TypeSchema,
} from '../../sim/schema/openapi.ts'
import { goIndent, goWrap } from './wrap.ts'

/**
 * `kubectl explain` as v1.32 renders it from the server's OpenAPI v3 document with its plaintext
 * template. A node is either a named type or a field's type expression with the field's own text.
 */
interface Node {
  /** Type expression: `#V1PodSpec`, `[]#V1Container`, `map[string]string`, `integer`, … */
  type: string
  /** The property's own description (empty for the top-level kind). */
  description: string
}

export class ExplainError extends Error {
  /** What kubectl has printed before failing: the template's header comes before the field walk. */
  printed = ''
}

export function explain(
  info: ResourceInfo,
  apiVersion: string | undefined,
  fieldPath: string[],
  recursive: boolean,
): string {
  const version = apiVersion ?? apiVersionOf(info)
  const schema = kindSchema(version, info.kind)
  if (!schema) throw new ExplainError(`couldn't find resource for "${version}, Kind=${info.kind}"`)
  const [group, ver] = version.includes('/') ? version.split('/') : ['', version]
  let header = ''
  if (group) header += `GROUP:      ${group}\n`
  header += `KIND:       ${info.kind}\nVERSION:    ${ver}\n\n`
  try {
    return header + output({ type: '#' + schema.id, description: '' }, fieldPath, recursive) + '\n'
  } catch (e) {
    if (e instanceof ExplainError) e.printed = header
    throw e
  }
}

function output(node: Node, path: string[], recursive: boolean): string {
  if (path.length === 0) {
    let s = 'DESCRIPTION:\n'
    s += goIndent(goWrap(describe(node) || '<empty>', 76), 4) + '\n'
    const fields = fieldList(node, 1, recursive, new Set())
    if (fields) s += 'FIELDS:\n' + fields
    return s
  }
  const target = objectType(node.type)
  const field = target?.byName.get(path[0])
  if (!field) throw new ExplainError(`field "${path[path.length - 1]}" does not exist`)
  let s = ''
  if (path.length === 1) s += `FIELD: ${field.name} <${typeGuess(field.type)}>\n\n\n`
  return s + output({ type: field.type, description: field.description }, path.slice(1), recursive)
}

/** The object schema a type expression leads to, looking through lists and maps. */
function objectType(type: string): TypeSchema | undefined {
  if (type.startsWith('[]')) return objectType(type.slice(2))
  if (type.startsWith('map[string]')) return objectType(type.slice(11))
  if (type.startsWith('#')) return typeSchema(type.slice(1))
  return undefined
}

/** The "description" template: the property's text, then that of the type it refers to. */
function describe(node: Node): string {
  let s = node.description ? node.description + '\n' : ''
  const inner = innerType(node.type)
  if (inner.startsWith('#')) {
    const t = typeSchema(inner.slice(1))
    if (t?.description) s += t.description + '\n'
  } else {
    const scalar = scalarDescription(inner)
    if (scalar) s += scalar + '\n'
  }
  return s
}

function innerType(type: string): string {
  if (type.startsWith('[]')) return innerType(type.slice(2))
  if (type.startsWith('map[string]')) return innerType(type.slice(11))
  return type
}

export function typeGuess(type: string): string {
  if (type.startsWith('[]')) return '[]' + typeGuess(type.slice(2))
  if (type.startsWith('map[string]')) return 'map[string]' + typeGuess(type.slice(11))
  if (type.startsWith('#')) return shortTypeName(type)
  switch (type) {
    case 'integer:int64':
      return 'integer'
    case 'Time':
    case 'MicroTime':
      return 'string'
    case 'Quantity':
    case 'IntOrString':
    case 'Object':
      return type
    default:
      return type
  }
}

function fieldList(node: Node, level: number, recursive: boolean, seen: Set<string>): string {
  const inner = innerType(node.type)
  if (!inner.startsWith('#') || seen.has(inner)) return ''
  const t = typeSchema(inner.slice(1))
  if (!t) return ''
  const path = new Set(seen).add(inner)
  let s = ''
  for (const f of t.fields) {
    s += fieldDetail(f, level, recursive)
    if (recursive)
      s += fieldList({ type: f.type, description: f.description }, level + 1, true, path)
  }
  return s
}

function fieldDetail(f: FieldSchema, level: number, short: boolean): string {
  const indent = level * 2
  let s = ' '.repeat(indent) + `${f.name}\t<${typeGuess(f.type)}>`
  if (f.required) s += ' -required-'
  s += '\n'
  if (!short)
    s += goIndent(goWrap(f.description || '<no description>', 78 - indent), indent + 2) + '\n\n'
  return s
}

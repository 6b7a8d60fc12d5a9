import { RESOURCES } from '../sim/api/resources.ts'
import { kindSchema, scalarDescription, shortTypeName, typeSchema } from '../sim/schema/openapi.ts'
import { KUBE_VERSION } from '../sim/cluster/spec.ts'

type Doc = Record<string, any>

const SCALARS: Record<string, Doc> = {
  Time: { type: 'string', format: 'date-time' },
  MicroTime: { type: 'string', format: 'date-time' },
  Quantity: { oneOf: [{ type: 'string' }, { type: 'number' }] },
  IntOrString: { oneOf: [{ type: 'integer' }, { type: 'string' }], format: 'int-or-string' },
}

const componentName = (id: string): string => `io.k8s.kubeplay.${id}.${shortTypeName(id)}`
const scalarName = (name: string): string => `io.k8s.apimachinery.${name}`

/** `api/v1`, `apis/apps/v1`: the discovery keys of the v3 document set. */
export function openApiRoot(): Doc {
  const paths: Record<string, { serverRelativeURL: string }> = {}
  for (const key of groupVersionKeys())
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hashOf(key)}` }
  return { paths }
}

function groupVersionKeys(): string[] {
  const keys: string[] = []
  for (const r of RESOURCES) {
    for (const v of r.versions) {
      const key = r.group ? `apis/${r.group}/${v}` : `api/${v}`
      if (!keys.includes(key)) keys.push(key)
    }
  }
  return keys
}

function hashOf(s: string): string {
  let h = 2166136261
  for (const ch of s + KUBE_VERSION) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0
  return h.toString(16).toUpperCase().padStart(8, '0').repeat(16)
}

/**
 * The OpenAPI v3 document of one group/version, as kubectl reads it: `explain` walks its schemas,
 * and the field-validation check looks for the fieldValidation parameter on PATCH.
 */
export function openApiDocument(key: string): Doc | undefined {
  const m = key.match(/^(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/)
  if (!m) return undefined
  const group = m[2] ?? ''
  const version = m[1] ?? m[3]
  const resources = RESOURCES.filter((r) => r.group === group && r.versions.includes(version))
  if (!resources.length) return undefined
  const schemas: Record<string, Doc> = {}
  const paths: Record<string, Doc> = {}
  const addType = (id: string): void => {
    const name = componentName(id)
    if (schemas[name]) return
    const t = typeSchema(id)
    if (!t) return
    schemas[name] = {}
    const properties: Record<string, Doc> = {}
    for (const f of t.fields)
      properties[f.name] = {
        ...propertySchema(
          f.type,
          addType,
          (n) => (schemas[scalarName(n)] ??= { ...SCALARS[n], description: scalarDescription(n) }),
        ),
        ...(f.description ? { description: f.description } : {}),
      }
    const required = t.fields.filter((f) => f.required).map((f) => f.name)
    schemas[name] = {
      description: t.description,
      type: 'object',
      properties,
      ...(required.length ? { required } : {}),
    }
  }
  const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`
  for (const r of resources) {
    const apiVersion = group ? `${group}/${version}` : version
    const schema = kindSchema(apiVersion, r.kind)
    if (schema) {
      addType(schema.id)
      schemas[componentName(schema.id)]['x-kubernetes-group-version-kind'] = [
        { group, kind: r.kind, version },
      ]
    }
    const gvk = { group, kind: r.kind, version }
    const list = r.namespaced
      ? `${prefix}/namespaces/{namespace}/${r.plural}`
      : `${prefix}/${r.plural}`
    const writeParams = [
      { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
    ]
    const op = (action: string, params: Doc[] = []): Doc => ({
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
      parameters: params,
      responses: { '200': { description: 'OK' } },
    })
    paths[list] = { get: op('list'), post: op('post', writeParams) }
    paths[`${list}/{name}`] = {
      get: op('get'),
      put: op('put', writeParams),
      patch: op('patch', [
        ...writeParams,
        { name: 'force', in: 'query', schema: { type: 'boolean', uniqueItems: true } },
      ]),
      delete: op('delete'),
    }
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: KUBE_VERSION },
    paths,
    components: { schemas },
  }
}

function propertySchema(
  type: string,
  addType: (id: string) => void,
  addScalar: (name: string) => void,
): Doc {
  if (type.startsWith('[]'))
    return { type: 'array', items: itemSchema(type.slice(2), addType, addScalar) }
  if (type.startsWith('map[string]'))
    return { type: 'object', additionalProperties: itemSchema(type.slice(11), addType, addScalar) }
  if (type.startsWith('#')) {
    addType(type.slice(1))
    return {
      allOf: [{ $ref: `#/components/schemas/${componentName(type.slice(1))}` }],
      default: {},
    }
  }
  if (SCALARS[type]) {
    addScalar(type)
    return { allOf: [{ $ref: `#/components/schemas/${scalarName(type)}` }] }
  }
  return primitive(type)
}

function itemSchema(
  type: string,
  addType: (id: string) => void,
  addScalar: (name: string) => void,
): Doc {
  if (type.startsWith('#')) {
    addType(type.slice(1))
    return {
      allOf: [{ $ref: `#/components/schemas/${componentName(type.slice(1))}` }],
      default: {},
    }
  }
  if (SCALARS[type]) {
    addScalar(type)
    return { $ref: `#/components/schemas/${scalarName(type)}` }
  }
  return propertySchema(type, addType, addScalar)
}

/** The non-string scalars of the schema source, as both OpenAPI versions write them. */
export const NUMERIC_SCHEMAS: Readonly<Record<string, Readonly<Doc>>> = {
  integer: { type: 'integer', format: 'int32' },
  'integer:int64': { type: 'integer', format: 'int64' },
  number: { type: 'number', format: 'double' },
  boolean: { type: 'boolean' },
}

function primitive(type: string): Doc {
  const known = NUMERIC_SCHEMAS[type]
  if (known) return { ...known }
  return type === 'Object' ? { type: 'object' } : { type: 'string', default: '' }
}

import { ref, type Json } from './openapiV2Definitions.ts'
import { bodyParam, param } from './openapiV2Parameters.ts'

/**
 * Building blocks of the Swagger 2.0 `paths`: operations as the API server's installer writes
 * them, and path items as kube-openapi assembles them.
 */

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1'
export const SERIALIZED = [
  'application/json',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
  'application/cbor',
]
const STREAMED = [
  ...SERIALIZED,
  'application/json;stream=watch',
  'application/vnd.kubernetes.protobuf;stream=watch',
  'application/cbor-seq',
]
const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
  'application/apply-patch+cbor',
]

export const LIST_PARAMS = (
  [
    'allowWatchBookmarks',
    'continue',
    'fieldSelector',
    'labelSelector',
    'limit',
    'resourceVersion',
    'resourceVersionMatch',
    'sendInitialEvents',
    'timeoutSeconds',
    'watch',
  ] as const
).map((name) => param(name))
export const WRITE_PARAMS = [param('dryRun'), param('fieldManager'), param('fieldValidation')]
export const PATCH_PARAMS = [
  bodyParam(`${META}.Patch`),
  param('dryRun'),
  param('fieldManager:apply'),
  param('fieldValidation'),
  param('force'),
]
export const DELETE_PARAMS = [
  bodyParam(`${META}.DeleteOptions`, false),
  param('dryRun'),
  param('gracePeriodSeconds'),
  param('ignoreStoreReadErrorWithClusterBreakingPotential'),
  param('orphanDependents'),
  param('propagationPolicy'),
]
export const NAMESPACE = param('namespace', 'path')
export const PRETTY = param('pretty')

const STATUS_TEXT: Record<string, string> = { '200': 'OK', '201': 'Created', '202': 'Accepted' }

export interface OperationSpec {
  action?: string
  id: string
  description: string
  /** Status code → definition name, or an inline schema. */
  responses: Record<string, string | Json>
  parameters: Json[]
  gvk?: Json
  tag: string
  consumes?: string[]
  produces?: string[]
}

export function operation(o: OperationSpec): Json {
  const streams = o.action === 'list' || o.action?.startsWith('watch')
  return {
    consumes: o.consumes ?? (o.action === 'patch' ? PATCH_TYPES : ['*/*']),
    description: o.description,
    operationId: o.id,
    parameters: o.parameters,
    produces: o.produces ?? (streams ? STREAMED : SERIALIZED),
    responses: {
      ...Object.fromEntries(
        Object.entries(o.responses).map(([code, s]) => [
          code,
          { description: STATUS_TEXT[code], schema: typeof s === 'string' ? ref(s) : s },
        ]),
      ),
      '401': { description: 'Unauthorized' },
    },
    schemes: ['https'],
    tags: [o.tag],
    ...(o.action ? { 'x-kubernetes-action': o.action } : {}),
    ...(o.gvk ? { 'x-kubernetes-group-version-kind': o.gvk } : {}),
  }
}

/**
 * The path item of some operations, as kube-openapi builds it: a non-body parameter every
 * operation takes moves up to the path; each list is sorted by name.
 */
export function pathItem(ops: Record<string, Json | false>): Json | undefined {
  const present = Object.entries(ops).filter((e): e is [string, Json] => !!e[1])
  if (!present.length) return undefined
  const key = (p: Json): string => `${p.in}:${p.name}`
  const counts = new Map<string, number>()
  for (const [, o] of present)
    for (const p of o.parameters) counts.set(key(p), (counts.get(key(p)) ?? 0) + 1)
  const common = (p: Json): boolean => p.in !== 'body' && counts.get(key(p)) === present.length
  const item: Json = {}
  for (const [method, o] of present) {
    const own = (o.parameters as Json[]).filter((p) => !common(p)).sort(byName)
    const rest = { ...o }
    delete rest.parameters
    item[method] = own.length ? { ...rest, parameters: own } : rest
  }
  const shared = (present[0][1].parameters as Json[]).filter(common).sort(byName)
  if (shared.length) item.parameters = shared
  return Object.fromEntries(
    Object.keys(item)
      .sort()
      .map((k) => [k, item[k]]),
  )
}

export function nameParam(of: string): Json {
  return {
    uniqueItems: true,
    type: 'string',
    description: `name of the ${of}`,
    name: 'name',
    in: 'path',
    required: true,
  }
}

/** `rbac.authorization.k8s.io` v1 → RbacAuthorizationV1, as operation ids spell a group. */
export function operationGroup(group: string, version = ''): string {
  const words = (group || 'core').replace(/\.k8s\.io$/, '').split('.')
  return words.map(capital).join('') + (version && capital(version))
}

/** `rbac.authorization.k8s.io` v1 → rbacAuthorization_v1, the operations' tag. */
export function tag(group: string, version?: string): string {
  const words = (group || 'core').replace(/\.k8s\.io$/, '').split('.')
  return words[0] + words.slice(1).map(capital).join('') + (version ? '_' + version : '')
}

export const capital = (s: string): string => s[0].toUpperCase() + s.slice(1)

/** The API server's article for a kind in operation texts: none for plural-looking names. */
export function article(kind: string): string {
  if (kind.endsWith('s') && !kind.endsWith('ss')) return ' '
  return /^[AEIOU]/i.test(kind) ? ' an ' : ' a '
}

const byName = (a: Json, b: Json): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

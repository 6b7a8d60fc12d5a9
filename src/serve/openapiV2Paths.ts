import { RESOURCES, type ResourceInfo } from '../sim/api/resources.ts'
import { definitionOf, ref, type Json } from './openapiV2Definitions.ts'

/**
 * The `paths` of the Swagger 2.0 document: every operation kube-apiserver 1.32 lists for the
 * resources we serve (list, create, delete collection, read, replace, patch, delete, the status
 * and scale subresources, the deprecated watch paths), with its operationId, x-kubernetes-action,
 * x-kubernetes-group-version-kind and parameters. Parameters are written inline.
 */

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1'
const PRODUCES = [
  'application/json',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
  'application/cbor',
]
const PRODUCES_WATCH = [
  ...PRODUCES,
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

const query = (name: string, type: string): Json => ({ in: 'query', name, type, uniqueItems: true })
const body = (definition: string): Json => ({
  in: 'body',
  name: 'body',
  required: true,
  schema: ref(definition),
})

const LIST_PARAMS = [
  query('allowWatchBookmarks', 'boolean'),
  query('continue', 'string'),
  query('fieldSelector', 'string'),
  query('labelSelector', 'string'),
  query('limit', 'integer'),
  query('resourceVersion', 'string'),
  query('resourceVersionMatch', 'string'),
  query('sendInitialEvents', 'boolean'),
  query('timeoutSeconds', 'integer'),
  query('watch', 'boolean'),
]
const WRITE_PARAMS = [
  query('dryRun', 'string'),
  query('fieldManager', 'string'),
  query('fieldValidation', 'string'),
]
const DELETE_PARAMS = [
  body(`${META}.DeleteOptions`),
  query('dryRun', 'string'),
  query('gracePeriodSeconds', 'integer'),
  query('ignoreStoreReadErrorWithClusterBreakingPotential', 'boolean'),
  query('orphanDependents', 'boolean'),
  query('propagationPolicy', 'string'),
]
const NAMESPACE = {
  in: 'path',
  name: 'namespace',
  required: true,
  type: 'string',
  uniqueItems: true,
}
const PRETTY = query('pretty', 'string')

/** `rbac.authorization.k8s.io` v1 → RbacAuthorizationV1, as operation ids spell a group. */
function operationGroup(group: string, version: string): string {
  const words = (group || 'core').replace(/\.k8s\.io$/, '').split('.')
  return words.map(capital).join('') + capital(version)
}

function tag(group: string, version: string): string {
  const words = (group || 'core').replace(/\.k8s\.io$/, '').split('.')
  return words[0] + words.slice(1).map(capital).join('') + '_' + version
}

const capital = (s: string): string => s[0].toUpperCase() + s.slice(1)

export function buildPaths(): Record<string, Json> {
  const paths: Record<string, Json> = {}
  for (const r of RESOURCES) for (const version of r.versions) addResource(paths, r, version)
  return Object.fromEntries(
    Object.keys(paths)
      .sort()
      .map((k) => [k, paths[k]]),
  )
}

function addResource(paths: Record<string, Json>, r: ResourceInfo, version: string): void {
  const apiVersion = r.group ? `${r.group}/${version}` : version
  const kindDef = definitionOf(apiVersion, r.kind)
  if (!kindDef) return
  const listDef = definitionOf(apiVersion, `${r.kind}List`)
  const gvk = { group: r.group, kind: r.kind, version }
  const G = operationGroup(r.group, version)
  const ns = r.namespaced ? 'Namespaced' : ''
  const prefix = r.group ? `/apis/${r.group}/${version}` : `/api/${version}`
  const scope = r.namespaced ? '/namespaces/{namespace}' : ''
  const scopeParams = r.namespaced ? [NAMESPACE, PRETTY] : [PRETTY]
  const nameParam = (of: string): Json => ({
    description: `name of the ${of}`,
    in: 'path',
    name: 'name',
    required: true,
    type: 'string',
    uniqueItems: true,
  })
  const can = (verb: string): boolean => r.verbs.includes(verb)
  const op = (
    action: string,
    operationId: string,
    description: string,
    responses: Record<string, string>,
    parameters: Json[] = [],
    opGvk: Json = gvk,
  ): Json => ({
    consumes: action === 'patch' ? PATCH_TYPES : ['*/*'],
    description,
    operationId,
    ...(parameters.length ? { parameters } : {}),
    produces: action === 'list' || action.startsWith('watch') ? PRODUCES_WATCH : PRODUCES,
    responses: {
      ...Object.fromEntries(
        Object.entries(responses).map(([code, def]) => [
          code,
          { description: STATUS_TEXT[code], schema: ref(def) },
        ]),
      ),
      '401': { description: 'Unauthorized' },
    },
    schemes: ['https'],
    tags: [tag(r.group, version)],
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': opGvk,
  })
  const K = r.kind
  const collection: Json = { parameters: scopeParams }
  if (can('deletecollection'))
    collection.delete = op(
      'deletecollection',
      `delete${G}Collection${ns}${K}`,
      `delete collection of ${K}`,
      { '200': `${META}.Status` },
      [...DELETE_PARAMS, ...LIST_PARAMS.filter((p) => !WATCH_ONLY.has(p.name))].sort(byName),
    )
  if (can('list') && listDef)
    collection.get = op(
      'list',
      `list${G}${ns}${K}`,
      `list or watch objects of kind ${K}`,
      {
        '200': listDef,
      },
      LIST_PARAMS,
    )
  if (can('create'))
    collection.post = op(
      'post',
      `create${G}${ns}${K}`,
      `create a ${K}`,
      { '200': kindDef, '201': kindDef, '202': kindDef },
      [body(kindDef), ...WRITE_PARAMS],
    )
  if (Object.keys(collection).length > 1) paths[`${prefix}${scope}/${r.plural}`] = collection
  const item: Json = { parameters: [nameParam(K), ...scopeParams] }
  if (can('get'))
    item.get = op('get', `read${G}${ns}${K}`, `read the specified ${K}`, { '200': kindDef })
  if (can('update'))
    item.put = op(
      'put',
      `replace${G}${ns}${K}`,
      `replace the specified ${K}`,
      { '200': kindDef, '201': kindDef },
      [body(kindDef), ...WRITE_PARAMS],
    )
  if (can('patch'))
    item.patch = op(
      'patch',
      `patch${G}${ns}${K}`,
      `partially update the specified ${K}`,
      { '200': kindDef, '201': kindDef },
      [body(`${META}.Patch`), ...WRITE_PARAMS, query('force', 'boolean')],
    )
  if (can('delete'))
    item.delete = op(
      'delete',
      `delete${G}${ns}${K}`,
      `delete a ${K}`,
      { '200': kindDef, '202': kindDef },
      DELETE_PARAMS,
    )
  if (Object.keys(item).length > 1) paths[`${prefix}${scope}/${r.plural}/{name}`] = item
  for (const sub of r.subresources ?? []) {
    if (sub !== 'status' && sub !== 'scale') continue
    const subDef = sub === 'scale' ? 'io.k8s.api.autoscaling.v1.Scale' : kindDef
    const subGvk = sub === 'scale' ? { group: 'autoscaling', kind: 'Scale', version: 'v1' } : gvk
    const S = capital(sub)
    const of = `${sub} of the specified ${K}`
    paths[`${prefix}${scope}/${r.plural}/{name}/${sub}`] = {
      get: op('get', `read${G}${ns}${K}${S}`, `read ${of}`, { '200': subDef }, [], subGvk),
      parameters: [nameParam(sub === 'scale' ? 'Scale' : K), ...scopeParams],
      patch: op(
        'patch',
        `patch${G}${ns}${K}${S}`,
        `partially update ${of}`,
        { '200': subDef, '201': subDef },
        [body(`${META}.Patch`), ...WRITE_PARAMS, query('force', 'boolean')],
        subGvk,
      ),
      put: op(
        'put',
        `replace${G}${ns}${K}${S}`,
        `replace ${of}`,
        { '200': subDef, '201': subDef },
        [body(subDef), ...WRITE_PARAMS],
        subGvk,
      ),
    }
  }
  if (!can('watch') || !listDef) return
  const watchParams = [...LIST_PARAMS, PRETTY].sort(byName)
  const deprecated = "deprecated: use the 'watch' parameter with a list operation instead"
  const watchOp = (action: string, id: string, description: string): Json => ({
    get: op(action, id, description, { '200': `${META}.WatchEvent` }),
  })
  if (r.namespaced) {
    paths[`${prefix}/${r.plural}`] = {
      get: op('list', `list${G}${K}ForAllNamespaces`, `list or watch objects of kind ${K}`, {
        '200': listDef,
      }),
      parameters: watchParams,
    }
    paths[`${prefix}/watch/${r.plural}`] = {
      ...watchOp(
        'watchlist',
        `watch${G}${K}ListForAllNamespaces`,
        `watch individual changes to a list of ${K}. ${deprecated}.`,
      ),
      parameters: watchParams,
    }
  }
  paths[`${prefix}/watch${scope}/${r.plural}`] = {
    ...watchOp(
      'watchlist',
      `watch${G}${ns}${K}List`,
      `watch individual changes to a list of ${K}. ${deprecated}.`,
    ),
    parameters: [...watchParams, ...(r.namespaced ? [NAMESPACE] : [])].sort(byName),
  }
  paths[`${prefix}/watch${scope}/${r.plural}/{name}`] = {
    ...watchOp(
      'watch',
      `watch${G}${ns}${K}`,
      `watch changes to an object of kind ${K}. ${deprecated}, filtered to a single item with the 'fieldSelector' parameter.`,
    ),
    parameters: [...watchParams, nameParam(K), ...(r.namespaced ? [NAMESPACE] : [])].sort(byName),
  }
}

/** List parameters that only make sense for list and watch, not for deleting a collection. */
const WATCH_ONLY = new Set(['allowWatchBookmarks', 'watch'])

const byName = (a: Json, b: Json): number =>
  a.in === 'body' ? -1 : b.in === 'body' ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0

const STATUS_TEXT: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
}

import { RESOURCES, type ResourceInfo } from '../sim/api/resources.ts'
import { definitionOf, ref, type Json } from './openapiV2Definitions.ts'
import { bodyParam, param } from './openapiV2Parameters.ts'

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

const LIST_PARAMS = (
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
const WRITE_PARAMS = [param('dryRun'), param('fieldManager'), param('fieldValidation')]
const PATCH_PARAMS = [
  bodyParam(`${META}.Patch`),
  param('dryRun'),
  param('fieldManagerApply'),
  param('fieldValidation'),
  param('force'),
]
const DELETE_PARAMS = [
  bodyParam(`${META}.DeleteOptions`, false),
  param('dryRun'),
  param('gracePeriodSeconds'),
  param('ignoreStoreReadErrorWithClusterBreakingPotential'),
  param('orphanDependents'),
  param('propagationPolicy'),
]
const NAMESPACE = param('namespace', 'path')
const PRETTY = param('pretty')

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
  const K = r.kind
  const ns = r.namespaced ? 'Namespaced' : ''
  const prefix = r.group ? `/apis/${r.group}/${version}` : `/api/${version}`
  const scope = r.namespaced ? '/namespaces/{namespace}' : ''
  const scoped = r.namespaced ? [NAMESPACE, PRETTY] : [PRETTY]
  const named = (of: string): Json[] => [nameParam(of), ...scoped]
  const can = (verb: string): boolean => r.verbs.includes(verb)
  const a = article(K)
  const op = (
    action: string,
    operationId: string,
    description: string,
    responses: Record<string, string>,
    parameters: Json[],
    opGvk: Json = gvk,
  ): Json => ({
    consumes: action === 'patch' ? PATCH_TYPES : ['*/*'],
    description,
    operationId,
    parameters,
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
  const add = (path: string, ops: Record<string, Json | false>): void => {
    const item = pathItem(ops)
    if (item) paths[path] = item
  }
  const listOrWatch = can('watch') ? 'list or watch' : 'list'
  const deleted = DELETE_RETURNS_OBJECT.has(r.id) ? kindDef : `${META}.Status`
  add(`${prefix}${scope}/${r.plural}`, {
    delete:
      can('deletecollection') &&
      op(
        'deletecollection',
        `delete${G}Collection${ns}${K}`,
        `delete collection of ${K}`,
        { '200': `${META}.Status` },
        [...scoped, ...DELETE_PARAMS, ...LIST_PARAMS.filter((p) => !WATCH_ONLY.has(p.name))],
      ),
    get:
      can('list') &&
      !!listDef &&
      op('list', `list${G}${ns}${K}`, `${listOrWatch} objects of kind ${K}`, { '200': listDef }, [
        ...scoped,
        ...LIST_PARAMS,
      ]),
    post:
      can('create') &&
      op(
        'post',
        `create${G}${ns}${K}`,
        `create${a}${K}`,
        { '200': kindDef, '201': kindDef, '202': kindDef },
        [...scoped, bodyParam(kindDef), ...WRITE_PARAMS],
      ),
  })
  add(`${prefix}${scope}/${r.plural}/{name}`, {
    delete:
      can('delete') &&
      op('delete', `delete${G}${ns}${K}`, `delete${a}${K}`, { '200': deleted, '202': deleted }, [
        ...named(K),
        ...DELETE_PARAMS,
      ]),
    get:
      can('get') &&
      op('get', `read${G}${ns}${K}`, `read the specified ${K}`, { '200': kindDef }, named(K)),
    patch:
      can('patch') &&
      op(
        'patch',
        `patch${G}${ns}${K}`,
        `partially update the specified ${K}`,
        { '200': kindDef, '201': kindDef },
        [...named(K), ...PATCH_PARAMS],
      ),
    put:
      can('update') &&
      op(
        'put',
        `replace${G}${ns}${K}`,
        `replace the specified ${K}`,
        { '200': kindDef, '201': kindDef },
        [...named(K), bodyParam(kindDef), ...WRITE_PARAMS],
      ),
  })
  for (const sub of r.subresources ?? []) {
    if (sub !== 'status' && sub !== 'scale') continue
    const subDef = sub === 'scale' ? `io.k8s.api.autoscaling.v1.Scale` : kindDef
    const subGvk = sub === 'scale' ? { group: 'autoscaling', kind: 'Scale', version: 'v1' } : gvk
    const S = capital(sub)
    const of = `${sub} of the specified ${K}`
    const params = named(sub === 'scale' ? 'Scale' : K)
    add(`${prefix}${scope}/${r.plural}/{name}/${sub}`, {
      get: op('get', `read${G}${ns}${K}${S}`, `read ${of}`, { '200': subDef }, params, subGvk),
      patch: op(
        'patch',
        `patch${G}${ns}${K}${S}`,
        `partially update ${of}`,
        { '200': subDef, '201': subDef },
        [...params, ...PATCH_PARAMS],
        subGvk,
      ),
      put: op(
        'put',
        `replace${G}${ns}${K}${S}`,
        `replace ${of}`,
        { '200': subDef, '201': subDef },
        [...params, bodyParam(subDef), ...WRITE_PARAMS],
        subGvk,
      ),
    })
  }
  if (!can('watch') || !listDef) return
  const deprecated = "deprecated: use the 'watch' parameter with a list operation instead"
  const watchParams = [...LIST_PARAMS, PRETTY]
  if (r.namespaced) {
    add(`${prefix}/${r.plural}`, {
      get: op(
        'list',
        `list${G}${K}ForAllNamespaces`,
        `list or watch objects of kind ${K}`,
        { '200': listDef },
        watchParams,
      ),
    })
    add(`${prefix}/watch/${r.plural}`, {
      get: op(
        'watchlist',
        `watch${G}${K}ListForAllNamespaces`,
        `watch individual changes to a list of ${K}. ${deprecated}.`,
        { '200': `${META}.WatchEvent` },
        watchParams,
      ),
    })
  }
  const scopedWatch = r.namespaced ? [...watchParams, NAMESPACE] : watchParams
  add(`${prefix}/watch${scope}/${r.plural}`, {
    get: op(
      'watchlist',
      `watch${G}${ns}${K}List`,
      `watch individual changes to a list of ${K}. ${deprecated}.`,
      { '200': `${META}.WatchEvent` },
      scopedWatch,
    ),
  })
  add(`${prefix}/watch${scope}/${r.plural}/{name}`, {
    get: op(
      'watch',
      `watch${G}${ns}${K}`,
      `watch changes to an object of kind ${K}. ${deprecated}, filtered to a single item with the 'fieldSelector' parameter.`,
      { '200': `${META}.WatchEvent` },
      [...scopedWatch, nameParam(K)],
    ),
  })
}

/**
 * The path item of some operations, as kube-openapi builds it: a non-body parameter every
 * operation takes moves up to the path; each list is sorted by name.
 */
function pathItem(ops: Record<string, Json | false>): Json | undefined {
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
    const { parameters, ...rest } = o
    item[method] = own.length ? { ...rest, parameters: own } : rest
    void parameters
  }
  const shared = (present[0][1].parameters as Json[]).filter(common).sort(byName)
  if (shared.length) item.parameters = shared
  return Object.fromEntries(
    Object.keys(item)
      .sort()
      .map((k) => [k, item[k]]),
  )
}

function nameParam(of: string): Json {
  return {
    uniqueItems: true,
    type: 'string',
    description: `name of the ${of}`,
    name: 'name',
    in: 'path',
    required: true,
  }
}

/** The API server's article for a kind in operation texts: none for plural-looking names. */
function article(kind: string): string {
  if (kind.endsWith('s') && !kind.endsWith('ss')) return ' '
  return /^[AEIOU]/i.test(kind) ? ' an ' : ' a '
}

/** Resources whose storage answers a delete with the deleted object rather than a Status. */
const DELETE_RETURNS_OBJECT = new Set([
  'pods',
  'persistentvolumeclaims',
  'persistentvolumes',
  'podtemplates',
  'resourcequotas',
  'serviceaccounts',
  'services',
  'csidrivers.storage.k8s.io',
  'csinodes.storage.k8s.io',
  'storageclasses.storage.k8s.io',
  'volumeattachments.storage.k8s.io',
])

/** List parameters that only make sense for list and watch, not for deleting a collection. */
const WATCH_ONLY = new Set(['allowWatchBookmarks', 'watch'])

const byName = (a: Json, b: Json): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

const STATUS_TEXT: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
}

import { RESOURCES, type ResourceInfo } from '../sim/api/resources.ts'
import { definitionOf, type Json } from './openapiV2Definitions.ts'
import {
  DELETE_PARAMS,
  LIST_PARAMS,
  META,
  NAMESPACE,
  PATCH_PARAMS,
  PRETTY,
  WRITE_PARAMS,
  article,
  nameParam,
  operation,
  operationGroup,
  pathItem,
  tag,
  type OperationSpec,
} from './openapiV2Operation.ts'
import { bodyParam } from './openapiV2Parameters.ts'
import { addDiscoveryPaths, addSubresource, type ResourceScope } from './openapiV2Subresources.ts'

/**
 * The `paths` of the Swagger 2.0 document: every operation kube-apiserver 1.32 lists for the
 * resources we serve (list, create, delete collection, read, replace, patch, delete, their
 * subresources, the deprecated watch paths) and for discovery, with operationId,
 * x-kubernetes-action, x-kubernetes-group-version-kind and parameters.
 */
export function buildPaths(): Record<string, Json> {
  const paths: Record<string, Json> = {}
  for (const r of RESOURCES) for (const version of r.versions) addResource(paths, r, version)
  addDiscoveryPaths(paths)
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
  const prefix = r.group ? `/apis/${r.group}/${version}` : `/api/${version}`
  const scope: ResourceScope = {
    r,
    kindDef,
    gvk: { group: r.group, kind: r.kind, version },
    G: operationGroup(r.group, version),
    ns: r.namespaced ? 'Namespaced' : '',
    tag: tag(r.group, version),
    item: `${prefix}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}/{name}`,
    scoped: r.namespaced ? [NAMESPACE, PRETTY] : [PRETTY],
  }
  const { G, ns, gvk, scoped } = scope
  const K = r.kind
  const op = (o: Omit<OperationSpec, 'tag' | 'gvk'>): Json =>
    operation({ ...o, gvk, tag: scope.tag })
  const named = [nameParam(K), ...scoped]
  const can = (verb: string): boolean => r.verbs.includes(verb)
  const a = article(K)
  const add = (path: string, ops: Record<string, Json | false>): void => {
    const item = pathItem(ops)
    if (item) paths[path] = item
  }
  const deleted = DELETE_RETURNS_OBJECT.has(r.id) ? kindDef : `${META}.Status`
  add(scope.item.slice(0, -'/{name}'.length), {
    delete:
      can('deletecollection') &&
      op({
        action: 'deletecollection',
        id: `delete${G}Collection${ns}${K}`,
        description: `delete collection of ${K}`,
        responses: { '200': `${META}.Status` },
        parameters: [
          ...scoped,
          ...DELETE_PARAMS,
          ...LIST_PARAMS.filter((p) => !WATCH_ONLY.has(p.name)),
        ],
      }),
    get:
      can('list') &&
      !!listDef &&
      op({
        action: 'list',
        id: `list${G}${ns}${K}`,
        description: `${can('watch') ? 'list or watch' : 'list'} objects of kind ${K}`,
        responses: { '200': listDef },
        parameters: [...scoped, ...LIST_PARAMS],
      }),
    post:
      can('create') &&
      op({
        action: 'post',
        id: `create${G}${ns}${K}`,
        description: `create${a}${K}`,
        responses: { '200': kindDef, '201': kindDef, '202': kindDef },
        parameters: [...scoped, bodyParam(kindDef), ...WRITE_PARAMS],
      }),
  })
  add(scope.item, {
    delete:
      can('delete') &&
      op({
        action: 'delete',
        id: `delete${G}${ns}${K}`,
        description: `delete${a}${K}`,
        responses: { '200': deleted, '202': deleted },
        parameters: [...named, ...DELETE_PARAMS],
      }),
    get:
      can('get') &&
      op({
        action: 'get',
        id: `read${G}${ns}${K}`,
        description: `read the specified ${K}`,
        responses: { '200': kindDef },
        parameters: named,
      }),
    patch:
      can('patch') &&
      op({
        action: 'patch',
        id: `patch${G}${ns}${K}`,
        description: `partially update the specified ${K}`,
        responses: { '200': kindDef, '201': kindDef },
        parameters: [...named, ...PATCH_PARAMS],
      }),
    put:
      can('update') &&
      op({
        action: 'put',
        id: `replace${G}${ns}${K}`,
        description: `replace the specified ${K}`,
        responses: { '200': kindDef, '201': kindDef },
        parameters: [...named, bodyParam(kindDef), ...WRITE_PARAMS],
      }),
  })
  for (const sub of r.subresources ?? []) addSubresource(paths, scope, sub)
  if (!can('watch') || !listDef) return
  const deprecated = "deprecated: use the 'watch' parameter with a list operation instead"
  const watchParams = [...LIST_PARAMS, PRETTY]
  const watchEvent = { '200': `${META}.WatchEvent` }
  const plural = `/${r.plural}`
  if (r.namespaced) {
    add(`${prefix}${plural}`, {
      get: op({
        action: 'list',
        id: `list${G}${K}ForAllNamespaces`,
        description: `list or watch objects of kind ${K}`,
        responses: { '200': listDef },
        parameters: watchParams,
      }),
    })
    add(`${prefix}/watch${plural}`, {
      get: op({
        action: 'watchlist',
        id: `watch${G}${K}ListForAllNamespaces`,
        description: `watch individual changes to a list of ${K}. ${deprecated}.`,
        responses: watchEvent,
        parameters: watchParams,
      }),
    })
  }
  const scopedWatch = r.namespaced ? [...watchParams, NAMESPACE] : watchParams
  const watchPath = `${prefix}/watch${r.namespaced ? '/namespaces/{namespace}' : ''}${plural}`
  add(watchPath, {
    get: op({
      action: 'watchlist',
      id: `watch${G}${ns}${K}List`,
      description: `watch individual changes to a list of ${K}. ${deprecated}.`,
      responses: watchEvent,
      parameters: scopedWatch,
    }),
  })
  add(`${watchPath}/{name}`, {
    get: op({
      action: 'watch',
      id: `watch${G}${ns}${K}`,
      description: `watch changes to an object of kind ${K}. ${deprecated}, filtered to a single item with the 'fieldSelector' parameter.`,
      responses: watchEvent,
      parameters: [...scopedWatch, nameParam(K)],
    }),
  })
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

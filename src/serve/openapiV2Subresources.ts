import { RESOURCES, type ResourceInfo } from '../sim/api/resources.ts'
import type { Json } from './openapiV2Definitions.ts'
import {
  META,
  NAMESPACE,
  PATCH_PARAMS,
  SERIALIZED,
  WRITE_PARAMS,
  article,
  capital,
  nameParam,
  operation,
  operationGroup,
  pathItem,
  tag,
} from './openapiV2Operation.ts'
import { bodyParam, param } from './openapiV2Parameters.ts'

/** What the operations of one resource at one version share. */
export interface ResourceScope {
  r: ResourceInfo
  kindDef: string
  gvk: Json
  /** Operation id word of the group version: CoreV1, AppsV1. */
  G: string
  /** `Namespaced` or nothing, as operation ids have it. */
  ns: string
  tag: string
  /** The object's path: `/api/v1/namespaces/{namespace}/pods/{name}`. */
  item: string
  /** Namespace (if namespaced) and pretty. */
  scoped: Json[]
}

const STRING = { type: 'string' }

/** Subresources answering with another kind than their resource's. */
const OTHER_KINDS: Record<string, [definition: string, group: string, kind: string]> = {
  scale: ['io.k8s.api.autoscaling.v1.Scale', 'autoscaling', 'Scale'],
  binding: ['io.k8s.api.core.v1.Binding', '', 'Binding'],
  eviction: ['io.k8s.api.policy.v1.Eviction', 'policy', 'Eviction'],
  token: ['io.k8s.api.authentication.v1.TokenRequest', 'authentication.k8s.io', 'TokenRequest'],
}

/** The query options of the streaming subresources (connect), by subresource. */
const CONNECT_OPTIONS: Record<string, [kind: string, params: Json[]]> = {
  exec: [
    'PodExecOptions',
    [
      param('command'),
      param('container:exec'),
      param('stderr:exec'),
      param('stdin:exec'),
      param('stdout:exec'),
      param('tty:exec'),
    ],
  ],
  attach: [
    'PodAttachOptions',
    [
      param('container:attach'),
      param('stderr:attach'),
      param('stdin:attach'),
      param('stdout:attach'),
      param('tty:attach'),
    ],
  ],
  portforward: ['PodPortForwardOptions', [param('ports')]],
}

const LOG_PARAMS = [
  param('container:log'),
  param('follow'),
  param('insecureSkipTLSVerifyBackend'),
  param('limitBytes'),
  param('previous'),
  param('sinceSeconds'),
  param('stream'),
  param('tailLines'),
  param('timestamps'),
]

const PROXY_METHODS = ['delete', 'get', 'head', 'options', 'patch', 'post', 'put']

/** The operations of one subresource, as the API server's installer lists them. */
export function addSubresource(paths: Record<string, Json>, s: ResourceScope, sub: string): void {
  const { r, G, ns, gvk } = s
  const K = r.kind
  const S = capital(sub)
  const path = `${s.item}/${sub}`
  const [otherDef, group, otherKind] = OTHER_KINDS[sub] ?? [s.kindDef, r.group, K]
  const subGvk = OTHER_KINDS[sub] ? { group, kind: otherKind, version: 'v1' } : gvk
  const named = [nameParam(otherKind), ...s.scoped]
  const op = (o: Omit<Parameters<typeof operation>[0], 'tag' | 'gvk'>, opGvk = subGvk): Json =>
    operation({ ...o, tag: s.tag, gvk: opGvk })
  const add = (at: string, ops: Record<string, Json | false>): void => {
    paths[at] = pathItem(ops)!
  }
  switch (sub) {
    case 'status':
    case 'scale':
    case 'approval':
    case 'ephemeralcontainers': {
      const of = `${sub} of the specified ${K}`
      const both = { '200': otherDef, '201': otherDef }
      return add(path, {
        get: op({
          action: 'get',
          id: `read${G}${ns}${K}${S}`,
          description: `read ${of}`,
          responses: { '200': otherDef },
          parameters: named,
        }),
        patch: op({
          action: 'patch',
          id: `patch${G}${ns}${K}${S}`,
          description: `partially update ${of}`,
          responses: both,
          parameters: [...named, ...PATCH_PARAMS],
        }),
        put: op({
          action: 'put',
          id: `replace${G}${ns}${K}${S}`,
          description: `replace ${of}`,
          responses: both,
          parameters: [...named, bodyParam(otherDef), ...WRITE_PARAMS],
        }),
      })
    }
    case 'finalize':
      return add(path, {
        put: op({
          action: 'put',
          id: `replace${G}${ns}${K}${S}`,
          description: `replace ${sub} of the specified ${K}`,
          responses: { '200': otherDef, '201': otherDef },
          parameters: [...named, bodyParam(otherDef), ...WRITE_PARAMS],
        }),
      })
    case 'binding':
    case 'eviction':
    case 'token':
      return add(path, {
        post: op({
          action: 'post',
          id: `create${G}${ns}${K}${S}`,
          description: `create ${sub} of${article(K)}${K}`,
          responses: { '200': otherDef, '201': otherDef, '202': otherDef },
          parameters: [...named, bodyParam(otherDef), ...WRITE_PARAMS],
        }),
      })
    case 'log':
      return add(path, {
        get: op({
          action: 'get',
          id: `read${G}${ns}${K}${S}`,
          description: `read ${sub} of the specified ${K}`,
          responses: { '200': STRING },
          parameters: [...named, ...LOG_PARAMS],
          produces: ['text/plain', ...SERIALIZED],
        }),
      })
    case 'exec':
    case 'attach':
    case 'portforward': {
      const [optionsKind, options] = CONNECT_OPTIONS[sub]
      const params = [nameParam(optionsKind), NAMESPACE, ...options]
      const connect = (method: string): Json =>
        op(
          {
            action: 'connect',
            id: `connect${G}${capital(method)}${ns}${K}${S}`,
            description: `connect ${method.toUpperCase()} requests to ${sub} of ${K}`,
            responses: { '200': STRING },
            parameters: params,
            produces: ['*/*'],
          },
          { group: r.group, kind: optionsKind, version: 'v1' },
        )
      return add(path, { get: connect('get'), post: connect('post') })
    }
    case 'proxy': {
      const optionsKind = `${K}ProxyOptions`
      const query = param(`path:${K.toLowerCase()}` as Parameters<typeof param>[0])
      const base = [nameParam(optionsKind), ...(r.namespaced ? [NAMESPACE] : [])]
      for (const withPath of [false, true]) {
        const ops: Record<string, Json> = {}
        for (const method of PROXY_METHODS)
          ops[method] = op(
            {
              action: 'connect',
              id: `connect${G}${capital(method)}${ns}${K}${S}${withPath ? 'WithPath' : ''}`,
              description: `connect ${method.toUpperCase()} requests to ${sub} of ${K}`,
              responses: { '200': STRING },
              parameters: withPath ? [...base, param('path', 'path'), query] : [...base, query],
              produces: ['*/*'],
            },
            { group: r.group, kind: optionsKind, version: 'v1' },
          )
        add(withPath ? `${path}/{path}` : path, ops)
      }
    }
  }
}

const DISCOVERY_TYPES = [
  'application/json',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
]

/** `/api/`, `/apis/`, each group's and group version's discovery document, and `/version/`. */
export function addDiscoveryPaths(paths: Record<string, Json>): void {
  const get = (
    id: string,
    description: string,
    definition: string,
    t: string,
    types = DISCOVERY_TYPES,
  ): Json =>
    pathItem({
      get: operation({
        id,
        description,
        responses: { '200': definition },
        parameters: [],
        tag: t,
        consumes: types,
        produces: types,
      }),
    })!
  paths['/api/'] = get(
    'getCoreAPIVersions',
    'get available API versions',
    `${META}.APIVersions`,
    'core',
  )
  paths['/apis/'] = get(
    'getAPIVersions',
    'get available API versions',
    `${META}.APIGroupList`,
    'apis',
  )
  paths['/version/'] = get(
    'getCodeVersion',
    'get the code version',
    'io.k8s.apimachinery.pkg.version.Info',
    'version',
    ['application/json'],
  )
  for (const r of RESOURCES) {
    if (r.group && !paths[`/apis/${r.group}/`])
      paths[`/apis/${r.group}/`] = get(
        `get${operationGroup(r.group)}APIGroup`,
        'get information of a group',
        `${META}.APIGroup`,
        tag(r.group),
      )
    for (const version of r.versions) {
      const at = r.group ? `/apis/${r.group}/${version}/` : `/api/${version}/`
      paths[at] ??= get(
        `get${operationGroup(r.group, version)}APIResources`,
        'get available resources',
        `${META}.APIResourceList`,
        tag(r.group, version),
        SERIALIZED,
      )
    }
  }
}

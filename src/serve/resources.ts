import type { ApiRequestHead, ResponseSink } from './handler.ts'
import type { Sim } from '../sim/sim.ts'
import type { KObject } from '../sim/api/types.ts'
import { RESOURCES, apiVersionOf, type ResourceInfo } from '../sim/api/resources.ts'
import { badRequest, methodNotAllowed, StatusError } from '../sim/api/errors.ts'
import type { PatchType } from '../sim/apiserver/patch.ts'
import type { FieldValidation, PropagationPolicy } from '../sim/apiserver/apiServer.ts'
import { notFoundStatus, sendJson, sendStatus, status } from './respond.ts'
import { toTable, wantsTable } from './table.ts'
import { streamWatch } from './watch.ts'
import { handleSubresource } from './subresources.ts'
import { handleApply, isApplyPatch, requestFieldManager } from './apply.ts'

export interface ResourceTarget {
  info: ResourceInfo
  version: string
  namespace?: string
  name?: string
  subresource?: string
}

/** Splits `/apis/apps/v1/namespaces/default/deployments/web/scale` into its parts. */
export function parseResourcePath(path: string): ResourceTarget | undefined {
  const parts = path.split('/').filter(Boolean)
  let group = ''
  let version: string
  let rest: string[]
  if (parts[0] === 'api' && parts[1]) {
    version = parts[1]
    rest = parts.slice(2)
  } else if (parts[0] === 'apis' && parts[2]) {
    group = parts[1]
    version = parts[2]
    rest = parts.slice(3)
  } else return undefined
  let namespace: string | undefined
  // `namespaces/x` is the Namespace x itself unless more follows that names a namespaced resource.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const candidate = RESOURCES.find(
      (r) => r.group === group && r.plural === rest[2] && r.namespaced,
    )
    if (candidate || group !== '' || !['status', 'finalize'].includes(rest[2])) {
      namespace = rest[1]
      rest = rest.slice(2)
    }
  }
  const [plural, name, subresource] = rest
  const info = RESOURCES.find(
    (r) => r.group === group && r.plural === plural && r.versions.includes(version),
  )
  if (!info || rest.length > 3) return undefined
  if (namespace && !info.namespaced) return undefined
  return { info, version, namespace, name, subresource }
}

function writeOpts(
  url: URL,
  req: ApiRequestHead,
): { dryRun: boolean; fieldValidation?: FieldValidation; fieldManager?: string } {
  const fv = url.searchParams.get('fieldValidation') as FieldValidation | null
  return {
    dryRun: url.searchParams.getAll('dryRun').includes('All'),
    fieldValidation: fv ?? 'Ignore',
    fieldManager: requestFieldManager(req, url),
  }
}

function parseJson(body: string): any {
  try {
    return JSON.parse(body)
  } catch (e) {
    throw badRequest(`json: ${String((e as Error).message)}`)
  }
}

const PATCH_TYPES: Record<string, PatchType> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
}

export function handleResource(
  sim: Sim,
  req: ApiRequestHead,
  res: ResponseSink,
  url: URL,
  t: ResourceTarget,
  body: string,
): void {
  const api = sim.api
  const { info } = t
  if (req.method === 'PATCH' && isApplyPatch(req)) return handleApply(sim, req, res, url, t, body)
  if (t.subresource) return handleSubresource(sim, req, res, url, t, body)
  const method = req.method ?? 'GET'
  const verb =
    method === 'GET'
      ? t.name
        ? 'get'
        : url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1'
          ? 'watch'
          : 'list'
      : method === 'POST'
        ? 'create'
        : method === 'PUT'
          ? 'update'
          : method === 'PATCH'
            ? 'patch'
            : method === 'DELETE'
              ? t.name
                ? 'delete'
                : 'deletecollection'
              : ''
  if (!info.verbs.includes(verb))
    throw methodNotAllowed('the server does not allow this method on the requested resource')
  const ns = info.namespaced ? t.namespace : undefined

  switch (verb) {
    case 'get': {
      const obj = api.get(info.id, ns, t.name!)
      if (wantsTable(req.headers.accept))
        return sendJson(
          res,
          200,
          toTable(
            info,
            [obj],
            sim.now(),
            obj.metadata.resourceVersion ?? '',
            url.searchParams.get('includeObject') ?? 'Metadata',
          ),
        )
      return sendJson(res, 200, asVersion(obj, info, t.version))
    }
    case 'list': {
      const limit = Number(url.searchParams.get('limit') ?? 0)
      const list = api.list(info.id, {
        namespace: ns,
        labelSelector: url.searchParams.get('labelSelector') ?? undefined,
        fieldSelector: url.searchParams.get('fieldSelector') ?? undefined,
        limit: limit > 0 ? limit : undefined,
        continue: url.searchParams.get('continue') ?? undefined,
      })
      if (wantsTable(req.headers.accept))
        return sendJson(
          res,
          200,
          toTable(
            info,
            list.items,
            sim.now(),
            list.resourceVersion,
            url.searchParams.get('includeObject') ?? 'Metadata',
            list.continue,
          ),
        )
      return sendJson(res, 200, {
        kind: `${info.kind}List`,
        apiVersion: info.group ? `${info.group}/${t.version}` : t.version,
        metadata: {
          resourceVersion: list.resourceVersion,
          ...(list.continue ? { continue: list.continue } : {}),
        },
        // Items of a typed list carry no kind or apiVersion of their own, as the API server sends them.
        items: list.items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest),
      })
    }
    case 'watch':
      return streamWatch(sim, req, res, url, t)
    case 'create': {
      const obj = parseJson(body) as KObject
      if (info.namespaced) {
        obj.metadata = obj.metadata ?? {}
        if (obj.metadata.namespace && obj.metadata.namespace !== ns)
          throw badRequest(
            'the namespace of the provided object does not match the namespace sent on the request',
          )
        obj.metadata.namespace = ns
      }
      const { object, warnings } = api.create(info.id, obj, writeOpts(url, req))
      return sendJson(res, 201, asVersion(object, info, t.version), warnings)
    }
    case 'update': {
      const obj = parseJson(body) as KObject
      if (obj.metadata?.name !== t.name)
        throw badRequest(
          `the name of the object (${obj.metadata?.name}) does not match the name on the URL (${t.name})`,
        )
      if (info.namespaced) obj.metadata.namespace = ns
      const { object, warnings } = api.update(info.id, obj, writeOpts(url, req))
      return sendJson(res, 200, asVersion(object, info, t.version), warnings)
    }
    case 'patch': {
      const ct = (req.headers['content-type'] ?? '').split(';')[0].trim()
      const type = PATCH_TYPES[ct]
      if (!type) {
        return sendStatus(
          res,
          status(
            415,
            'UnsupportedMediaType',
            `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
          ),
        )
      }
      const { object, warnings } = api.patch(
        info.id,
        ns,
        t.name!,
        type,
        parseJson(body),
        writeOpts(url, req),
      )
      return sendJson(res, 200, asVersion(object, info, t.version), warnings)
    }
    case 'delete': {
      const opts = body.trim() ? parseJson(body) : {}
      const grace = url.searchParams.get('gracePeriodSeconds') ?? opts.gracePeriodSeconds
      const policy = (url.searchParams.get('propagationPolicy') ?? opts.propagationPolicy) as
        PropagationPolicy | undefined
      const dryRun =
        url.searchParams.getAll('dryRun').includes('All') || (opts.dryRun ?? []).includes('All')
      const before = api.get(info.id, ns, t.name!)
      const result = api.delete(info.id, ns, t.name!, {
        gracePeriodSeconds: grace === undefined || grace === null ? undefined : Number(grace),
        propagationPolicy: policy,
        preconditions: opts.preconditions,
        dryRun,
      })
      // An object that lingers (grace period, finalizers) is returned; one that is gone gets a Status.
      if (!dryRun && !api.tryGet(info.id, ns, t.name!)) {
        return sendJson(res, 200, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: {
            name: t.name,
            group: info.group || undefined,
            kind: info.plural,
            uid: before.metadata.uid,
          },
        })
      }
      return sendJson(res, 200, asVersion(result, info, t.version))
    }
    case 'deletecollection': {
      const items = api.list(info.id, {
        namespace: ns,
        labelSelector: url.searchParams.get('labelSelector') ?? undefined,
        fieldSelector: url.searchParams.get('fieldSelector') ?? undefined,
      }).items
      for (const o of items) api.delete(info.id, o.metadata.namespace, o.metadata.name!, {})
      return sendJson(res, 200, {
        kind: `${info.kind}List`,
        apiVersion: apiVersionOf(info),
        metadata: { resourceVersion: String(sim.store.rv) },
        items,
      })
    }
  }
  return sendStatus(res, notFoundStatus())
}

/** Objects are stored as written; a request for another served version gets that apiVersion. */
export function asVersion(obj: KObject, info: ResourceInfo, version: string): KObject {
  const apiVersion = info.group ? `${info.group}/${version}` : version
  return obj.apiVersion === apiVersion ? obj : { ...obj, apiVersion }
}

export { StatusError }

import type { ApiRequestHead, ResponseSink } from './handler.ts'
import type { Sim } from '../sim/sim.ts'
import type { KObject } from '../sim/api/types.ts'
import { badRequest, methodNotAllowed } from '../sim/api/errors.ts'
import type { PatchType } from '../sim/apiserver/patch.ts'
import { applyPatch } from '../sim/apiserver/patch.ts'
import { bindPod } from '../sim/registry/binding.ts'
import { evictPod } from '../sim/registry/eviction.ts'
import { formatSelector } from '../sim/api/selectors.ts'
import { notFoundStatus, sendJson, sendStatus, status } from './respond.ts'
import { sendLogs } from './logs.ts'
import { asVersion, type ResourceTarget } from './resources.ts'
import { requestFieldManager } from './apply.ts'
import { handleCsrWrite } from './csrSubresources.ts'
import { CSR } from '../sim/registry/certificates.ts'

const PATCH_TYPES: Record<string, PatchType> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
}

export function scaleOf(obj: KObject): KObject {
  const sel = obj.spec?.selector
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: {
      replicas: obj.status?.replicas ?? 0,
      selector:
        sel?.matchLabels || sel?.matchExpressions
          ? formatSelector(sel)
          : Object.entries(sel ?? {})
              .map(([k, v]) => `${k}=${v}`)
              .join(','),
    },
  }
}

export function handleSubresource(
  sim: Sim,
  req: ApiRequestHead,
  res: ResponseSink,
  url: URL,
  t: ResourceTarget,
  body: string,
): void {
  const api = sim.api
  const { info } = t
  const ns = info.namespaced ? t.namespace : undefined
  const name = t.name!
  const method = req.method ?? 'GET'
  // A subresource v1.32 does not register has no route at all: the generic 404, whatever the object.
  if (!info.subresources?.includes(t.subresource!)) return sendStatus(res, notFoundStatus())
  const parse = (): any => {
    try {
      return JSON.parse(body)
    } catch {
      throw badRequest('the request body is not valid JSON')
    }
  }
  const patchType = (): PatchType => {
    const type = PATCH_TYPES[(req.headers['content-type'] ?? '').split(';')[0].trim()]
    if (!type) throw badRequest('the body of the request was in an unknown format')
    return type
  }
  const csrWrite = t.subresource === 'approval' || t.subresource === 'status'
  if (info.id === CSR && csrWrite && method !== 'GET')
    return handleCsrWrite(sim, req, res, url, t, body)
  switch (t.subresource) {
    case 'approval':
    case 'status': {
      if (method === 'GET')
        return sendJson(res, 200, asVersion(api.get(info.id, ns, name), info, t.version))
      if (method === 'PUT')
        return sendJson(
          res,
          200,
          asVersion(
            api.update(info.id, parse(), {
              subresource: 'status',
              fieldManager: requestFieldManager(req, url),
            }).object,
            info,
            t.version,
          ),
        )
      if (method === 'PATCH')
        return sendJson(
          res,
          200,
          asVersion(
            api.patch(info.id, ns, name, patchType(), parse(), {
              subresource: 'status',
              fieldManager: requestFieldManager(req, url),
            }).object,
            info,
            t.version,
          ),
        )
      break
    }
    case 'scale': {
      const obj = api.get(info.id, ns, name)
      if (method === 'GET') return sendJson(res, 200, scaleOf(obj))
      const wanted =
        method === 'PUT'
          ? parse()
          : method === 'PATCH'
            ? applyPatch(patchType(), scaleOf(obj), parse(), info)
            : undefined
      if (!wanted) break
      const replicas = Number(wanted.spec?.replicas)
      const updated = api.patch(
        info.id,
        ns,
        name,
        'merge',
        { metadata: { resourceVersion: wanted.metadata?.resourceVersion }, spec: { replicas } },
        { fieldManager: requestFieldManager(req, url), managerSubresource: 'scale' },
      )
      return sendJson(res, 200, scaleOf(updated.object))
    }
    case 'log': {
      if (method !== 'GET') break
      return sendLogs(sim, res, url, api.get('pods', ns, name))
    }
    case 'binding': {
      if (method !== 'POST') break
      const b = parse()
      bindPod(api, ns!, name, b.target?.name)
      return sendJson(res, 201, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        code: 201,
      })
    }
    case 'eviction': {
      if (method !== 'POST') break
      const e = body.trim() ? parse() : {}
      evictPod(api, ns!, name, {
        gracePeriodSeconds: e.deleteOptions?.gracePeriodSeconds,
        dryRun: (e.deleteOptions?.dryRun ?? []).includes('All'),
      })
      return sendJson(res, 201, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        code: 201,
      })
    }
    case 'token': {
      if (method !== 'POST') break
      // No signing key is simulated; the answer says so in the words our kubectl uses.
      api.get('serviceaccounts', ns, name)
      return sendStatus(
        res,
        status(
          400,
          'BadRequest',
          `the TokenRequest API is not simulated in this cluster, so no token can be signed for serviceaccount "${name}"`,
        ),
      )
    }
    case 'exec':
    case 'attach':
    case 'portforward':
      return sendStatus(res, status(400, 'BadRequest', 'Upgrade request required'))
    default:
      // Details present but empty: kubectl debug reads them to tell a disabled subresource
      // (ephemeralcontainers here) from a missing pod.
      return sendStatus(res, notFoundStatus())
  }
  throw methodNotAllowed('the server does not allow this method on the requested resource')
}

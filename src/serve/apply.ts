import { parse as parseYaml } from 'yaml'
import type { Sim } from '../sim/sim.ts'
import type { KObject } from '../sim/api/types.ts'
import { apiVersionOf } from '../sim/api/resources.ts'
import { badRequest, methodNotAllowed, notFound } from '../sim/api/errors.ts'
import type { FieldValidation } from '../sim/apiserver/apiServer.ts'
import { sendJson } from './respond.ts'
import { scaleOf } from './subresources.ts'
import { asVersion, type ResourceTarget } from './resources.ts'

export const APPLY_PATCH = 'application/apply-patch+yaml'

/** What apply reads of a request; Node's requests and the API handler's request heads both fit. */
interface RequestHead {
  method?: string
  headers: { [name: string]: string | string[] | undefined }
}

type Sink = Parameters<typeof sendJson>[0]

function header(req: RequestHead, name: string): string {
  const v = req.headers[name]
  return (Array.isArray(v) ? v[0] : v) ?? ''
}

export function isApplyPatch(req: RequestHead): boolean {
  return header(req, 'content-type').split(';')[0].trim() === APPLY_PATCH
}

/**
 * The field manager of a request: the fieldManager parameter, else the user agent up to its first
 * `/` (what kube-apiserver records for clients that name no manager, e.g. `kubectl scale`).
 */
export function requestFieldManager(req: RequestHead, url: URL): string | undefined {
  const named = url.searchParams.get('fieldManager')
  if (named) return named
  const agent = header(req, 'user-agent')
  return agent ? agent.split('/')[0] : undefined
}

function parseBody(body: string): unknown {
  try {
    return parseYaml(body)
  } catch (e) {
    throw badRequest(`error decoding YAML: ${(e as Error).message.split('\n')[0]}`)
  }
}

/** PATCH with application/apply-patch+yaml on an object or its status or scale subresource. */
export function handleApply(
  sim: Sim,
  req: RequestHead,
  res: Sink,
  url: URL,
  t: ResourceTarget,
  body: string,
): void {
  const { info } = t
  const ns = info.namespaced ? t.namespace : undefined
  if (!t.name)
    throw methodNotAllowed('the server does not allow this method on the requested resource')
  if (!info.verbs.includes('patch'))
    throw methodNotAllowed('the server does not allow this method on the requested resource')
  const force = url.searchParams.get('force')
  const opts = {
    dryRun: url.searchParams.getAll('dryRun').includes('All'),
    fieldValidation: (url.searchParams.get('fieldValidation') ?? 'Ignore') as FieldValidation,
    // Apply requires a named manager: the user agent is not used here.
    fieldManager: url.searchParams.get('fieldManager') ?? undefined,
    force: force === 'true' || force === '1',
  }
  const config = parseBody(body)
  if (!t.subresource) {
    const { object, warnings } = sim.api.apply(info.id, ns, t.name, config, opts)
    return sendJson(res, 200, asVersion(object, info, t.version), warnings)
  }
  if (!info.subresources?.includes(t.subresource))
    throw notFound(info, `${t.name}/${t.subresource}`)
  if (t.subresource === 'status') {
    const { object, warnings } = sim.api.apply(info.id, ns, t.name, config, {
      ...opts,
      subresource: 'status',
    })
    return sendJson(res, 200, asVersion(object, info, t.version), warnings)
  }
  if (t.subresource === 'scale') return applyScale(sim, res, t, config, opts)
  throw methodNotAllowed('the server does not allow this method on the requested resource')
}

/** A Scale applied: its spec.replicas is applied to the parent under the scale subresource. */
function applyScale(
  sim: Sim,
  res: Sink,
  t: ResourceTarget,
  config: unknown,
  opts: { dryRun: boolean; fieldManager?: string; force: boolean },
): void {
  const { info } = t
  const scale = (config ?? {}) as Partial<KObject>
  if (scale.kind !== 'Scale' || scale.apiVersion !== 'autoscaling/v1')
    throw badRequest(
      `invalid object type: ${scale.apiVersion?.includes('/') ? '' : '/'}${scale.apiVersion ?? ''}, Kind=${scale.kind ?? ''}`,
    )
  const parent = {
    apiVersion: apiVersionOf(info),
    kind: info.kind,
    metadata: { name: scale.metadata?.name },
    spec: { replicas: scale.spec?.replicas },
  }
  const ns = info.namespaced ? t.namespace : undefined
  const { object } = sim.api.apply(info.id, ns, t.name!, parent, {
    ...opts,
    subresource: 'scale',
  })
  return sendJson(res, 200, scaleOf(object))
}

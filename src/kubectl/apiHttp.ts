import type { ClusterNetwork } from '../sim/network/networkApi.ts'
import type { Sim } from '../sim/sim.ts'
import type { HttpRequest, HttpResponse } from '../sim/network/http.ts'
import { RESOURCES, type ResourceInfo } from '../sim/api/resources.ts'
import { notFound } from '../sim/api/errors.ts'
import { answerApiRequest, type RequestHeaders } from '../serve/handler.ts'

const JSON_HEADERS = { 'Content-Type': 'application/json' }

function reply(status: number, body: unknown): HttpResponse {
  return {
    status,
    headers: JSON_HEADERS,
    body: JSON.stringify(body) + '\n',
  }
}

function statusBody(code: number, reason: string, message: string): unknown {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  }
}

function find(group: string, version: string, plural: string): ResourceInfo | undefined {
  return RESOURCES.find(
    (r) => r.group === group && r.versions.includes(version) && r.plural === plural,
  )
}

/** The REST API as `kubectl proxy` forwards it: the same handler `kubeplay serve` answers with. */
function serveApi(sim: Sim, req: HttpRequest): HttpResponse {
  const headers: RequestHeaders = {}
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v
  return answerApiRequest(
    sim,
    { method: req.method, url: req.path, headers, body: new TextEncoder().encode(req.body) },
    { serverAddress: sim.cluster.server.replace(/^https?:\/\//, '') },
  )
}

/**
 * `/api/v1/namespaces/NS/pods/NAME[:PORT]/proxy/PATH` (and the same for services): the API server
 * forwards the request to the pod, so the answer is the application's own.
 */
function proxySubresource(sim: Sim, req: HttpRequest, parts: string[]): HttpResponse | undefined {
  const at = parts.indexOf('proxy')
  if (parts[0] !== 'api' || parts[2] !== 'namespaces' || at !== 6) return undefined
  const [, , , ns, kind, target] = parts
  if (kind !== 'pods' && kind !== 'services') return undefined
  const [name, portText] = target.split(':')
  const rest =
    '/' +
    parts.slice(at + 1).join('/') +
    (req.path.endsWith('/') && parts.length > at + 1 ? '/' : '')
  const path =
    (rest === '/' && !req.path.endsWith('/') ? '/' : rest) +
    (req.path.includes('?') ? '?' + req.path.split('?')[1] : '')
  const info = find('', 'v1', kind)!
  const obj = sim.api.tryGet(info.id, ns, name)
  if (!obj) return reply(404, notFound(info, name).status)
  const network = sim.services.get('network') as ClusterNetwork | undefined
  if (!network)
    return reply(503, statusBody(503, 'ServiceUnavailable', 'the cluster network is not available'))
  let url: string
  if (kind === 'pods') {
    const port = portText ?? String(obj.spec?.containers?.[0]?.ports?.[0]?.containerPort ?? 80)
    if (!obj.status?.podIP)
      return reply(503, statusBody(503, 'ServiceUnavailable', `pod ${name} has no IP address yet`))
    url = `http://${obj.status.podIP}:${port}${path}`
  } else {
    const port = portText ?? String(obj.spec?.ports?.[0]?.port ?? 80)
    url = `http://${obj.spec?.clusterIP}:${port}${path}`
  }
  const origin = {
    node:
      sim.cluster.nodes.find((n) => n.role === 'control-plane')?.name ?? sim.cluster.nodes[0].name,
  }
  const res = network.http(origin, url, {
    method: req.method,
    headers: req.headers,
    body: req.body,
  })
  if (!res.ok) {
    return reply(
      503,
      statusBody(503, 'ServiceUnavailable', `error trying to reach service: ${res.detail}`),
    )
  }
  return res.response
}

/** kube-apiserver pretty-prints JSON for curl and wget (and `?pretty=true`), as learners see it. */
export function apiHttp(sim: Sim, req: HttpRequest): HttpResponse {
  // Proxied requests carry the application's own answer, untouched.
  const proxied = proxySubresource(sim, req, req.path.split('?')[0].split('/').filter(Boolean))
  if (proxied) return proxied
  const res = serveApi(sim, req)
  const agent =
    Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'user-agent')?.[1] ?? ''
  const query = req.path.includes('?') ? req.path.slice(req.path.indexOf('?') + 1) : ''
  const pretty = /^(curl|wget)/i.test(agent) || new URLSearchParams(query).get('pretty') === 'true'
  if (!pretty || !res.headers['Content-Type']?.startsWith('application/json')) return res
  // A watch is a series of JSON documents, one per line: each is indented on its own.
  const docs = res.body.split('\n').filter(Boolean)
  return {
    ...res,
    body: docs.map((d) => JSON.stringify(JSON.parse(d), null, 2) + '\n').join(''),
  }
}

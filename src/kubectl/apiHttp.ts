import { versionInfo } from '../serve/discovery.ts'
import type { ClusterNetwork } from '../sim/network/networkApi.ts'
import type { Sim } from '../sim/sim.ts'
import type { HttpRequest, HttpResponse } from '../sim/network/http.ts'
import { RESOURCES, type ResourceInfo } from '../sim/api/resources.ts'
import { isStatusError, notFound } from '../sim/api/errors.ts'

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

/**
 * The read side of the REST API as `kubectl proxy` exposes it: discovery, and GET of lists and
 * objects. Writes through the proxy are refused honestly.
 */
function serveApi(sim: Sim, req: HttpRequest): HttpResponse {
  const [path, query = ''] = req.path.split('?')
  const parts = path.split('/').filter(Boolean)
  if (req.method !== 'GET')
    return reply(
      405,
      statusBody(
        405,
        'MethodNotAllowed',
        'only GET requests are served through this simulated proxy',
      ),
    )
  if (path === '/version' || path === '/version/') return reply(200, versionInfo())
  if (path === '/healthz' || path === '/livez' || path === '/readyz')
    return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: 'ok' }
  if (path === '/api' || path === '/api/')
    return reply(200, {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [
        { clientCIDR: '0.0.0.0/0', serverAddress: sim.cluster.server.replace(/^https?:\/\//, '') },
      ],
    })
  let group = ''
  let rest: string[]
  if (parts[0] === 'api') {
    rest = parts.slice(1)
  } else if (parts[0] === 'apis' && parts.length >= 2) {
    group = parts[1]
    rest = parts.slice(2)
  } else
    return reply(
      404,
      statusBody(404, 'NotFound', 'the server could not find the requested resource'),
    )
  const version = rest[0]
  let ns: string | undefined
  let i = 1
  if (rest[i] === 'namespaces' && rest.length > i + 2) {
    ns = rest[i + 1]
    i += 2
  }
  const plural = rest[i]
  const name = rest[i + 1]
  if (!version || !plural)
    return reply(
      404,
      statusBody(404, 'NotFound', 'the server could not find the requested resource'),
    )
  const info = find(group, version, plural)
  if (!info)
    return reply(
      404,
      statusBody(404, 'NotFound', 'the server could not find the requested resource'),
    )
  const params = new URLSearchParams(query)
  try {
    if (name) {
      const obj = sim.api.tryGet(info.id, ns, name)
      if (!obj) throw notFound(info, name)
      return reply(200, obj)
    }
    const list = sim.api.list(info.id, {
      namespace: ns,
      labelSelector: params.get('labelSelector') ?? undefined,
      fieldSelector: params.get('fieldSelector') ?? undefined,
    })
    return reply(200, {
      kind: `${info.kind}List`,
      apiVersion: group ? `${group}/${version}` : version,
      metadata: { resourceVersion: list.resourceVersion },
      items: list.items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest),
    })
  } catch (e) {
    if (isStatusError(e)) return reply(e.code, e.status)
    throw e
  }
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
  return { ...res, body: JSON.stringify(JSON.parse(res.body), null, 2) + '\n' }
}

import type { ClusterNetwork, Origin } from '../../sim/network/networkApi.ts'
import type { HttpRequest, HttpResponse, HttpResult } from '../../sim/network/http.ts'

/** Where network tools run: a node or a pod, with the cluster network and local listeners. */
export interface NetEnv {
  origin(): Origin
  network(): ClusterNetwork | undefined
  /**
   * Loopback listeners of this machine (`kubectl port-forward`, `kubectl proxy` on the node):
   * the response, or undefined when nothing listens on the port.
   */
  localHttp?(port: number, req: HttpRequest): HttpResponse | undefined
}

export interface ParsedUrl {
  scheme: string
  host: string
  port: number
  path: string
}

export function parseUrl(raw: string): ParsedUrl | undefined {
  const m =
    /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?(?:[^@/]*@)?(\[[^\]]*\]|[^/:?#]*)(?::(\d*))?([^#]*)/.exec(
      raw.trim(),
    )
  if (!m) return undefined
  const scheme = (m[1] ?? 'http').toLowerCase()
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80
  const path = m[4] || '/'
  return { scheme, host: m[2], port, path: path.startsWith('/') ? path : '/' + path }
}

/** Sends an HTTP request: to a local listener for localhost ports, else through the cluster network. */
export function sendHttp(
  env: NetEnv,
  u: ParsedUrl,
  init: { method: string; headers: Record<string, string>; body: string },
): HttpResult {
  const isLocal = u.host === 'localhost' || u.host === '127.0.0.1' || u.host === '[::1]'
  const local = isLocal
    ? env.localHttp?.(u.port, {
        method: init.method,
        path: u.path,
        host: init.headers.Host ?? u.host,
        headers: init.headers,
        body: init.body,
        remoteAddr: '127.0.0.1',
      })
    : undefined
  if (local) return { ok: true, response: local, ip: '127.0.0.1', port: u.port }
  // Nothing on the loopback port: NodePorts still answer on 127.0.0.1 through kube-proxy.
  const net = env.network()
  if (!net) return { ok: false, error: 'refused', detail: 'no network' }
  const host = isLocal ? '127.0.0.1' : u.host
  return net.http(env.origin(), `${u.scheme}://${host}:${u.port}${u.path}`, init)
}

export const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

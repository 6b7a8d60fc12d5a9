import type { Sim } from '../sim/sim.ts'
import { isStatusError } from '../sim/api/errors.ts'
import { apiGroup, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery.ts'
import { aggregatedVersionWanted, sendAggregatedDiscovery } from './aggregatedDiscovery.ts'
import { openApiDocument, openApiRoot } from './openapi.ts'
import { sendOpenApiV2 } from './openapiV2.ts'
import { handleResource, parseResourcePath } from './resources.ts'
import { notFoundStatus, sendJson, sendStatus, status } from './respond.ts'
import { bodyAsJson, checkAcceptsJson } from './protobuf/body.ts'

/**
 * The Kubernetes REST API over a simulated cluster, independent of how requests arrive: Node's
 * HTTP server (`kubeplay serve`) and the in-browser `kubectl proxy` both answer through here.
 * Nothing in it may need Node at run time.
 */

export interface RequestHeaders {
  accept?: string
  'content-type'?: string
  'user-agent'?: string
  [name: string]: string | string[] | undefined
}

/** What the handlers read of a request besides its URL and body. */
export interface ApiRequestHead {
  method?: string
  /** Lower-case names, as Node gives them. */
  headers: RequestHeaders
}

export interface ApiRequest extends ApiRequestHead {
  method: string
  /** Path and query, e.g. `/api/v1/pods?limit=5`. */
  url: string
  body: Uint8Array
}

/**
 * Where an answer is written: a status line and headers, then the body at once or as a stream
 * (watch, logs -f) that ends when the handler ends it or the client goes away ('close').
 */
export interface ResponseSink {
  writeHead(status: number, headers: Record<string, string | string[]>): unknown
  write(chunk: string): unknown
  /** Bytes only for binary answers (the protobuf OpenAPI document). */
  end(chunk?: string | Uint8Array): unknown
  flushHeaders(): void
  readonly writableEnded: boolean
  on(event: 'close', listener: () => void): unknown
}

export interface ApiOptions {
  /** host:port clients reach the API server at, for `/api`'s serverAddressByClientCIDRs. */
  serverAddress: string
}

/** Answers one request; errors become the Status bodies the API server sends. */
export function handleApiRequest(
  sim: Sim,
  req: ApiRequest,
  res: ResponseSink,
  opts: ApiOptions,
): void {
  try {
    route(sim, req, res, opts)
  } catch (e) {
    if (res.writableEnded) return
    if (isStatusError(e)) sendStatus(res, e.status)
    else sendStatus(res, status(500, 'InternalError', `Internal error occurred: ${String(e)}`))
  }
}

function route(sim: Sim, req: ApiRequest, res: ResponseSink, opts: ApiOptions): void {
  const url = new URL(req.url || '/', 'http://x')
  const path = url.pathname.replace(/\/+$/, '') || '/'
  if (req.method === 'GET') {
    if (path === '/version') return sendJson(res, 200, versionInfo())
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('ok')
      return
    }
    if (path === '/api' || path === '/apis') {
      const wanted = aggregatedVersionWanted(req.headers.accept)
      if (wanted) return sendAggregatedDiscovery(req, res, path, wanted)
    }
    if (path === '/api') return sendJson(res, 200, apiVersions(opts.serverAddress))
    if (path === '/apis') return sendJson(res, 200, apiGroupList())
    if (path === '/openapi/v2') return sendOpenApiV2(req.headers, res)
    if (path === '/openapi/v3') return sendJson(res, 200, openApiRoot())
    if (path.startsWith('/openapi/v3/')) {
      const doc = openApiDocument(path.slice('/openapi/v3/'.length))
      return doc ? sendJson(res, 200, doc) : sendStatus(res, notFoundStatus())
    }
    const gv = path.match(/^\/(?:api\/(v1)|apis\/([^/]+)(?:\/([^/]+))?)$/)
    if (gv) {
      if (gv[1]) return sendJson(res, 200, apiResourceList('', 'v1'))
      if (!gv[3]) {
        const g = apiGroup(gv[2])
        return g ? sendJson(res, 200, g) : sendStatus(res, notFoundStatus())
      }
      const list = apiResourceList(gv[2], gv[3])
      return list ? sendJson(res, 200, list) : sendStatus(res, notFoundStatus())
    }
  }
  const target = parseResourcePath(path)
  if (!target) return sendStatus(res, notFoundStatus())
  checkAcceptsJson(req.headers.accept)
  const body = bodyAsJson(req.headers['content-type'], req.body)
  handleResource(sim, req, res, url, target, body)
}

export interface CollectedResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/**
 * For transports that answer at once (the simulated network): the response as written during
 * the call. A stream (watch, logs -f) holds what it sent straight away; then the client is
 * treated as gone, as a client that reads one buffer and hangs up would be.
 */
export function answerApiRequest(sim: Sim, req: ApiRequest, opts: ApiOptions): CollectedResponse {
  let code = 200
  let headers: Record<string, string> = {}
  let body = ''
  let ended = false
  const closers: (() => void)[] = []
  const sink: ResponseSink = {
    writeHead(s, h) {
      code = s
      headers = Object.fromEntries(
        Object.entries(h).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]),
      )
    },
    write(chunk) {
      body += chunk
    },
    end(chunk) {
      // A binary answer reaches a collecting client byte for byte, one char each.
      if (chunk) body += typeof chunk === 'string' ? chunk : binaryString(chunk)
      ended = true
    },
    flushHeaders() {},
    get writableEnded() {
      return ended
    },
    on(_event, listener) {
      closers.push(listener)
    },
  }
  handleApiRequest(sim, req, sink, opts)
  for (const close of closers) close()
  // Transfer-Encoding belongs to a connection; this answer is whole.
  delete headers['Transfer-Encoding']
  return { status: code, headers, body }
}

function binaryString(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 8192)
    s += String.fromCharCode(...bytes.subarray(i, i + 8192))
  return s
}

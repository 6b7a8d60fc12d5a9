import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Sim } from '../sim/sim.ts'
import { StatusError } from '../sim/api/errors.ts'
import { apiGroup, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery.ts'
import { openApiDocument, openApiRoot } from './openapi.ts'
import { handleResource, parseResourcePath } from './resources.ts'
import { notFoundStatus, sendJson, sendStatus } from './respond.ts'
import { handleUpgrade } from './upgrade.ts'
import { bodyAsJson, checkAcceptsJson } from './protobuf/body.ts'

export interface ServeOptions {
  port: number
  host?: string
  /** Virtual seconds per real second. */
  speed?: number
}

/**
 * A Kubernetes API endpoint over the simulated cluster: the same ApiServer the app and our kubectl
 * use, behind HTTP as kube-apiserver v1.32 serves it. Time follows the wall clock × speed.
 */
export function startServer(
  sim: Sim,
  opts: ServeOptions,
): Promise<{ server: Server; url: string; stop(): Promise<void> }> {
  const host = opts.host ?? '127.0.0.1'
  const speed = opts.speed ?? 1
  let last = Date.now()
  const ticker = setInterval(() => {
    const now = Date.now()
    sim.advance((now - last) * speed)
    last = now
  }, 50)
  const server = createServer((req, res) => {
    route(sim, req, res, `http://${host}:${(server.address() as { port: number }).port}`).catch(
      (e) => {
        if (e instanceof StatusError) sendStatus(res, e.status)
        else
          sendStatus(res, {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: `Internal error occurred: ${String(e)}`,
            reason: 'InternalError',
            code: 500,
          })
      },
    )
  })
  // Upgraded connections (exec, attach, port-forward) are no longer the HTTP server's to close.
  const streams = new Set<Duplex>()
  server.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    streams.add(socket)
    socket.on('close', () => streams.delete(socket))
    handleUpgrade(sim, req, socket, head)
  })
  return new Promise((resolve) => {
    server.listen(opts.port, host, () => {
      const port = (server.address() as { port: number }).port
      resolve({
        server,
        url: `http://${host}:${port}`,
        stop: () =>
          new Promise<void>((r) => {
            clearInterval(ticker)
            for (const s of streams) s.destroy()
            server.closeAllConnections()
            server.close(() => r())
          }),
      })
    })
  })
}

async function route(
  sim: Sim,
  req: IncomingMessage,
  res: ServerResponse,
  self: string,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x')
  const path = url.pathname.replace(/\/+$/, '') || '/'
  if (req.method === 'GET') {
    if (path === '/version') return sendJson(res, 200, versionInfo())
    if (path === '/healthz' || path === '/livez' || path === '/readyz') return sendText(res, 'ok')
    if (path === '/api') return sendJson(res, 200, apiVersions(self.replace(/^https?:\/\//, '')))
    if (path === '/apis') return sendJson(res, 200, apiGroupList())
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
  const body = bodyAsJson(req.headers['content-type'], await readBody(req))
  return handleResource(sim, req, res, url, target, body)
}

function sendText(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(text)
}

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > 3 * 1024 * 1024) {
        reject(
          new StatusError({
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: 'the request body is too large',
            reason: 'RequestEntityTooLarge',
            code: 413,
          }),
        )
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

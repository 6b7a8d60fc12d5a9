import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Sim } from '../sim/sim.ts'
import { StatusError } from '../sim/api/errors.ts'
import { sendStatus } from './respond.ts'
import { handleUpgrade } from './upgrade.ts'
import { handleApiRequest } from './handler.ts'

export interface ServedCluster {
  server: Server
  url: string
  /**
   * Stops (or restarts) the cluster's clock and its controllers between requests: a client's
   * requests then all see one instant (tests that need each request to see the state the last
   * one left, without controllers acting in between).
   */
  pause(paused: boolean): void
  stop(): Promise<void>
}

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
export function startServer(sim: Sim, opts: ServeOptions): Promise<ServedCluster> {
  const host = opts.host ?? '127.0.0.1'
  const speed = opts.speed ?? 1
  let last = Date.now()
  let paused = false
  const ticker = setInterval(() => {
    const now = Date.now()
    if (!paused) sim.advance((now - last) * speed)
    last = now
  }, 50)
  const server = createServer((req, res) => {
    const serverAddress = `${host}:${(server.address() as { port: number }).port}`
    readBody(req).then(
      (body) =>
        handleApiRequest(
          sim,
          { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body },
          res,
          { serverAddress },
        ),
      // A body too large gets its Status; a connection that broke mid-body is dropped.
      (e) => (e instanceof StatusError ? sendStatus(res, e.status) : res.destroy()),
    )
  })
  // Upgraded connections (exec, attach, port-forward) are no longer the HTTP server's to close.
  const streams = new Set<Duplex>()
  server.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    streams.add(socket)
    socket.on('close', () => streams.delete(socket))
    handleUpgrade(sim, req, socket, head)
  })
  return new Promise((resolve, reject) => {
    // A port already taken (or not ours to take) fails the start instead of crashing later.
    server.once('error', (e) => {
      clearInterval(ticker)
      reject(e)
    })
    server.listen(opts.port, host, () => {
      const port = (server.address() as { port: number }).port
      resolve({
        server,
        url: `http://${host}:${port}`,
        pause: (p: boolean) => {
          paused = p
        },
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

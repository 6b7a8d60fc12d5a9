import { STATUS_CODES, type IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import type { Sim } from '../sim/sim.ts'
import type { Status } from '../sim/api/types.ts'
import { StatusError } from '../sim/api/errors.ts'
import { parseResourcePath } from './resources.ts'
import { notFoundStatus, status } from './respond.ts'
import { serveRemoteCommand } from './exec.ts'
import { servePortForward } from './portForward.ts'

/** An HTTP answer on a socket that asked to upgrade: the Status body the API server would send. */
function refuse(socket: Duplex, s: Status): void {
  const body = JSON.stringify(s)
  const text = STATUS_CODES[s.code] ?? ''
  socket.end(
    `HTTP/1.1 ${s.code} ${text}\r\nContent-Type: application/json\r\nCache-Control: no-cache, private\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}

/** Upgrade requests: pods/exec, pods/attach and pods/portforward. */
export function handleUpgrade(sim: Sim, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  socket.on('error', () => socket.destroy())
  // Streams carry many small frames (keystrokes, SPDY control frames): send each at once.
  ;(socket as Partial<Socket>).setNoDelay?.(true)
  try {
    const url = new URL(req.url ?? '/', 'http://x')
    const t = parseResourcePath(url.pathname.replace(/\/+$/, ''))
    const sub = t?.subresource
    if (
      !t ||
      t.info.id !== 'pods' ||
      !t.name ||
      (sub !== 'exec' && sub !== 'attach' && sub !== 'portforward')
    )
      return refuse(socket, notFoundStatus())
    const pod = sim.api.get('pods', t.namespace, t.name)
    if (sub === 'portforward') return servePortForward(sim, req, socket, head, pod)
    return serveRemoteCommand(sim, req, socket, head, url, pod, sub)
  } catch (e) {
    if (e instanceof StatusError) return refuse(socket, e.status)
    refuse(socket, status(500, 'InternalError', `Internal error occurred: ${String(e)}`))
  }
}

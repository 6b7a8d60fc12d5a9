import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Sim } from '../sim/sim.ts'
import type { KObject } from '../sim/api/types.ts'
import type { ContainerRuntime } from '../sim/kubelet/runtimeApi.ts'
import { badRequest } from '../sim/api/errors.ts'
import { SpdySession, type SpdyStream } from './spdy.ts'
import { HttpRequestReader, httpResponseBytes } from './httpStream.ts'
import { isWebSocketUpgrade, offeredProtocols, WebSocketConn } from './websocket.ts'

const PROTOCOL = 'portforward.k8s.io'
/** kubectl 1.32 tunnels SPDY inside a WebSocket with this subprotocol. */
const TUNNEL = `SPDY/3.1+${PROTOCOL}`
/** Real milliseconds between checks that the forwarded pod still exists. */
const POD_CHECK_MS = 200

/**
 * pods/portforward as kube-apiserver v1.32 serves it: SPDY/3.1 tunnelled in a WebSocket
 * (what kubectl 1.32 tries first) or a plain SPDY upgrade (its fallback). Each forwarded
 * connection is a pair of streams sharing a requestID: `error` (ours to write a failure to)
 * and `data` (the TCP bytes), which reach the simulated application listening on that port.
 */
export function servePortForward(
  sim: Sim,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  pod: KObject,
): void {
  if (!pod.spec?.nodeName)
    throw badRequest(`pod ${pod.metadata.name} does not have a host assigned`)
  let session: SpdySession
  if (isWebSocketUpgrade(req)) {
    if (!offeredProtocols(req).includes(TUNNEL))
      throw badRequest(`kubeplay serve forwards ports with the ${TUNNEL} subprotocol only`)
    const ws = WebSocketConn.accept(req, socket, head, TUNNEL)
    session = new SpdySession((b) => ws.send(b))
    ws.onMessage = (m) => session.receive(m)
    ws.onClose = () => session.shutdown()
    session.onClose = () => ws.close()
  } else if ((req.headers.upgrade ?? '').toLowerCase() === 'spdy/3.1') {
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
        `X-Stream-Protocol-Version: ${PROTOCOL}\r\n\r\n`,
    )
    session = new SpdySession((b) => socket.write(b))
    socket.on('data', (b: Buffer) => session.receive(b))
    socket.on('close', () => session.shutdown())
    session.onClose = () => socket.end()
    if (head.length) queueMicrotask(() => session.receive(head))
  } else {
    throw badRequest('Upgrade request required')
  }
  // The kubelet drops the connection when the pod goes (kubectl: "lost connection to pod").
  const watch = setInterval(() => {
    const live = sim.api.tryGet('pods', pod.metadata.namespace, pod.metadata.name!)
    if (live?.metadata.uid !== pod.metadata.uid) session.close()
  }, POD_CHECK_MS)
  const closed = session.onClose
  session.onClose = () => {
    clearInterval(watch)
    closed()
  }
  const pairs = new Map<string, { error?: SpdyStream; data?: SpdyStream }>()
  session.onStream = (s) => {
    s.reply()
    const id = s.headers['requestid'] ?? ''
    const pair = pairs.get(id) ?? {}
    if (s.headers['streamtype'] === 'error') pair.error = s
    else if (s.headers['streamtype'] === 'data') pair.data = s
    pairs.set(id, pair)
    if (pair.error && pair.data) {
      pairs.delete(id)
      forward(sim, pod, Number(s.headers['port']), pair.error, pair.data)
    }
  }
}

/** The kubelet's sandbox id for a pod, as containerd names it in port-forward errors. */
function sandboxId(pod: KObject): string {
  return createHash('sha256').update(`sandbox/${pod.metadata.uid}`).digest('hex')
}

function forward(sim: Sim, pod: KObject, port: number, error: SpdyStream, data: SpdyStream): void {
  const done = (): void => {
    data.end()
    error.end()
  }
  const live = sim.api.tryGet('pods', pod.metadata.namespace, pod.metadata.name!)
  const rt = sim.services.get('runtime') as ContainerRuntime | undefined
  if (!live || live.metadata.uid !== pod.metadata.uid || !rt?.listening(live, port)) {
    const sandbox = sandboxId(pod)
    const netns = `/var/run/netns/cni-${sandbox.slice(0, 8)}-${sandbox.slice(8, 12)}-${sandbox.slice(12, 16)}-${sandbox.slice(16, 20)}-${sandbox.slice(20, 32)}`
    error.write(
      Buffer.from(
        `error forwarding port ${port} to pod ${sandbox}, uid : failed to execute portforward in network namespace "${netns}": failed to connect to localhost:${port} inside namespace "${sandbox}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `,
      ),
    )
    done()
    return
  }
  const reader = new HttpRequestReader()
  data.onData = (bytes) => {
    for (const r of reader.push(bytes)) {
      if (r === 'malformed') return done()
      const now = sim.api.tryGet('pods', pod.metadata.namespace, pod.metadata.name!)
      const res = now ? rt.http(now, port, { ...r.request, remoteAddr: '127.0.0.1' }) : undefined
      // The application stopped listening between requests: the connection just closes.
      if (!res) return done()
      data.write(httpResponseBytes(res, r.keepAlive))
      if (!r.keepAlive) return done()
    }
  }
  data.onEnd = done
}

import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { badRequest } from '../sim/api/errors.ts'
import {
  CLOSE,
  ERROR,
  RESIZE,
  STDERR,
  STDIN,
  STDOUT,
  V4,
  type ChannelTransport,
} from './channels.ts'
import { SpdySession, type SpdyStream } from './spdy.ts'

const CHANNELS: Record<string, number> = {
  stdin: STDIN,
  stdout: STDOUT,
  stderr: STDERR,
  error: ERROR,
  resize: RESIZE,
}

/** Real milliseconds the client has to open every stream it asked for, as the kubelet allows. */
const STREAM_CREATION_MS = 30_000

/**
 * The remote command protocol over a plain SPDY/3.1 upgrade (what kubectl sends when WebSocket
 * fails, older kubectl versions, or KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false): the client opens
 * one stream per channel, named by its `streamType` header. `ready` runs once every stream the
 * request asked for is open.
 */
export function acceptSpdyChannels(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  wanted: string[],
  ready: (t: ChannelTransport) => void,
): void {
  const offered = String(req.headers['x-stream-protocol-version'] ?? '')
    .split(',')
    .map((p) => p.trim())
  if (!offered.includes(V4))
    throw badRequest(`kubeplay serve streams exec over SPDY with the ${V4} protocol only`)
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
      `X-Stream-Protocol-Version: ${V4}\r\n\r\n`,
  )
  const session = new SpdySession((b) => socket.write(b))
  socket.on('data', (b: Buffer) => session.receive(b))
  socket.on('close', () => session.shutdown())
  if (head.length) queueMicrotask(() => session.receive(head))

  const streams = new Map<number, SpdyStream>()
  let open = true
  const t: ChannelTransport = {
    get isOpen() {
      return open
    },
    send: (channel, data) => streams.get(channel)?.write(data),
    close: () => {
      for (const s of streams.values()) s.end()
      session.close()
      socket.end()
    },
    onMessage: () => {},
    onClose: () => {},
  }
  const giveUp = setTimeout(() => session.close(), STREAM_CREATION_MS)
  session.onClose = () => {
    clearTimeout(giveUp)
    open = false
    t.onClose()
  }
  session.onStream = (s) => {
    const channel = CHANNELS[s.headers['streamtype'] ?? '']
    if (channel === undefined) return s.end()
    s.reply()
    streams.set(channel, s)
    if (channel === STDIN) {
      s.onData = (d) => t.onMessage(STDIN, d)
      s.onEnd = () => t.onMessage(CLOSE, Buffer.from([STDIN]))
    } else if (channel === RESIZE) s.onData = (d) => t.onMessage(RESIZE, d)
    if (wanted.every((w) => streams.has(CHANNELS[w]))) {
      clearTimeout(giveUp)
      ready(t)
    }
  }
}

import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'

/** RFC 6455 §1.3: the server proves it read the key by hashing it with this GUID. */
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'

const OP_CONTINUATION = 0x0
const OP_TEXT = 0x1
const OP_BINARY = 0x2
const OP_CLOSE = 0x8
const OP_PING = 0x9
const OP_PONG = 0xa

/** Client messages larger than this end the connection (kubectl sends at most 32 KiB + 1). */
const MAX_MESSAGE = 16 * 1024 * 1024

/** Whether an upgrade request asks for WebSocket (as opposed to SPDY). */
export function isWebSocketUpgrade(req: IncomingMessage): boolean {
  return (req.headers.upgrade ?? '').toLowerCase() === 'websocket'
}

/** Subprotocols the client offers, in its order of preference. */
export function offeredProtocols(req: IncomingMessage): string[] {
  return (req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
}

/**
 * The server side of one WebSocket connection: binary and text messages in, binary messages out,
 * pings answered, close handshake done. Frames from the client are masked (RFC 6455 §5.3); ours
 * are not. Extensions such as permessage-deflate are never negotiated, so frames carry raw bytes.
 */
export class WebSocketConn {
  /** The subprotocol agreed in the handshake. */
  readonly protocol: string
  onMessage: (data: Buffer) => void = () => {}
  onClose: () => void = () => {}
  private buffer: Buffer = Buffer.alloc(0)
  private fragments: Buffer[] = []
  private closed = false

  private constructor(
    private readonly socket: Duplex,
    protocol: string,
  ) {
    this.protocol = protocol
    socket.on('data', (chunk: Buffer) => this.receive(chunk))
    socket.on('close', () => this.finish())
    socket.on('error', () => this.finish())
  }

  /**
   * Completes the opening handshake with `protocol` (one the client offered) and returns the
   * connection; `head` is what Node read past the request headers.
   */
  static accept(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    protocol: string,
  ): WebSocketConn {
    const key = String(req.headers['sec-websocket-key'] ?? '')
    const accept = createHash('sha1')
      .update(key + GUID)
      .digest('base64')
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n` +
        (protocol ? `Sec-WebSocket-Protocol: ${protocol}\r\n` : '') +
        '\r\n',
    )
    const conn = new WebSocketConn(socket, protocol)
    // Bytes the client sent right after its handshake wait until the caller has set handlers.
    if (head.length) queueMicrotask(() => conn.receive(head))
    return conn
  }

  get isOpen(): boolean {
    return !this.closed
  }

  send(data: Buffer): void {
    if (!this.closed) this.socket.write(frame(OP_BINARY, data))
  }

  /** Starts the closing handshake (1000 = normal closure, which clients read as end of streams). */
  close(code = 1000): void {
    if (this.closed) return
    const payload = Buffer.alloc(2)
    payload.writeUInt16BE(code)
    this.socket.write(frame(OP_CLOSE, payload))
    this.socket.end()
    this.finish()
  }

  private finish(): void {
    if (this.closed) return
    this.closed = true
    this.onClose()
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk
    for (;;) {
      const f = parseFrame(this.buffer)
      if (!f) return
      if (f.length > MAX_MESSAGE) {
        this.close(1009)
        return
      }
      this.buffer = this.buffer.subarray(f.consumed)
      this.handle(f.opcode, f.fin, f.payload)
      if (this.closed) return
    }
  }

  private handle(opcode: number, fin: boolean, payload: Buffer): void {
    switch (opcode) {
      case OP_PING:
        this.socket.write(frame(OP_PONG, payload))
        return
      case OP_PONG:
        return
      case OP_CLOSE:
        // Echo the close frame, then the connection is over.
        this.close(payload.length >= 2 ? payload.readUInt16BE(0) : 1000)
        return
      case OP_TEXT:
      case OP_BINARY:
      case OP_CONTINUATION: {
        this.fragments.push(payload)
        if (!fin) return
        const message = Buffer.concat(this.fragments)
        this.fragments = []
        this.onMessage(message)
        return
      }
      default:
        this.close(1002)
    }
  }
}

interface Frame {
  fin: boolean
  opcode: number
  payload: Buffer
  length: number
  consumed: number
}

/** One complete frame at the start of `buf`, or undefined when more bytes are needed. */
function parseFrame(buf: Buffer): Frame | undefined {
  if (buf.length < 2) return undefined
  const fin = (buf[0] & 0x80) !== 0
  const opcode = buf[0] & 0x0f
  const masked = (buf[1] & 0x80) !== 0
  let length = buf[1] & 0x7f
  let offset = 2
  if (length === 126) {
    if (buf.length < 4) return undefined
    length = buf.readUInt16BE(2)
    offset = 4
  } else if (length === 127) {
    if (buf.length < 10) return undefined
    length = Number(buf.readBigUInt64BE(2))
    offset = 10
  }
  const maskAt = offset
  if (masked) offset += 4
  if (length > MAX_MESSAGE) return { fin, opcode, payload: Buffer.alloc(0), length, consumed: 0 }
  if (buf.length < offset + length) return undefined
  const payload = Buffer.from(buf.subarray(offset, offset + length))
  if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= buf[maskAt + (i & 3)]
  return { fin, opcode, payload, length, consumed: offset + length }
}

function frame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length
  const header = n < 126 ? Buffer.alloc(2) : n < 0x10000 ? Buffer.alloc(4) : Buffer.alloc(10)
  header[0] = 0x80 | opcode
  if (n < 126) header[1] = n
  else if (n < 0x10000) {
    header[1] = 126
    header.writeUInt16BE(n, 2)
  } else {
    header[1] = 127
    header.writeBigUInt64BE(BigInt(n), 2)
  }
  return Buffer.concat([header, payload])
}

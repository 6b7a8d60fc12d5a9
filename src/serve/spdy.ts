import { HeaderCodec } from './spdyHeaders.ts'

const VERSION = 3
const SYN_STREAM = 1
const SYN_REPLY = 2
const RST_STREAM = 3
const PING = 6
const GOAWAY = 7
const HEADERS = 8
const FLAG_FIN = 0x01
/** RST_STREAM status for DATA on a stream that is not open (SPDY/3 §2.4.2). */
const INVALID_STREAM = 2
/** Kept well under the 24-bit frame length limit, like spdystream's writer. */
const MAX_DATA = 16 * 1024

/** A stream the peer opened; this side replies, writes and half-closes it. */
export class SpdyStream {
  onData: (data: Buffer) => void = () => {}
  /** The peer half-closed (FIN) or reset the stream. */
  onEnd: () => void = () => {}
  private peerDone = false
  private localDone = false

  constructor(
    private readonly session: SpdySession,
    readonly id: number,
    readonly headers: Record<string, string>,
  ) {}

  reply(): void {
    this.session.control(SYN_REPLY, 0, [u32(this.id), this.session.headerBlock({})])
  }

  write(data: Buffer): void {
    if (this.localDone) return
    for (let at = 0; at < data.length; at += MAX_DATA)
      this.session.data(this.id, 0, data.subarray(at, at + MAX_DATA))
  }

  /** Half-closes our side: an empty DATA frame with FIN. */
  end(): void {
    if (this.localDone) return
    this.localDone = true
    this.session.data(this.id, FLAG_FIN, Buffer.alloc(0))
    this.session.settle(this)
  }

  get closed(): boolean {
    return this.peerDone && this.localDone
  }

  /** Called by the session when the peer's side ends. */
  peerEnded(reset: boolean): void {
    if (this.peerDone) return
    this.peerDone = true
    if (reset) this.localDone = true
    this.onEnd()
    this.session.settle(this)
  }
}

/**
 * The server side of a SPDY/3.1 connection (the framing kubectl's spdystream speaks): streams
 * the client opens with SYN_STREAM, DATA both ways, FIN half-closes, RST_STREAM, PING answered,
 * GOAWAY. SETTINGS and WINDOW_UPDATE are read and ignored: the client does not hold data back
 * waiting for window updates, and our writes are small.
 */
export class SpdySession {
  onStream: (s: SpdyStream) => void = () => {}
  onClose: () => void = () => {}
  private buffer: Buffer = Buffer.alloc(0)
  private readonly streams = new Map<number, SpdyStream>()
  private readonly inHeaders = new HeaderCodec()
  private readonly outHeaders = new HeaderCodec()
  private lastStream = 0
  private closed = false

  constructor(private readonly send: (bytes: Buffer) => void) {}

  receive(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk
    while (!this.closed && this.buffer.length >= 8) {
      const length = this.buffer.readUInt32BE(4) & 0xffffff
      if (this.buffer.length < 8 + length) return
      const head = this.buffer.subarray(0, 8)
      const body = this.buffer.subarray(8, 8 + length)
      this.buffer = this.buffer.subarray(8 + length)
      const flags = head[4]
      if (head[0] & 0x80) this.controlFrame(head.readUInt16BE(2), flags, body)
      else this.dataFrame(head.readUInt32BE(0) & 0x7fffffff, flags, body)
    }
  }

  /** Ends the connection: GOAWAY, then every stream is over. */
  close(): void {
    if (this.closed) return
    this.control(GOAWAY, 0, [u32(this.lastStream), u32(0)])
    this.shutdown()
  }

  /** The transport went away. */
  shutdown(): void {
    if (this.closed) return
    this.closed = true
    for (const s of [...this.streams.values()]) s.peerEnded(true)
    this.streams.clear()
    this.onClose()
  }

  headerBlock(headers: Record<string, string>): Buffer {
    return this.outHeaders.encode(headers)
  }

  control(type: number, flags: number, parts: Buffer[]): void {
    if (this.closed) return
    const body = Buffer.concat(parts)
    const head = Buffer.alloc(8)
    head.writeUInt16BE(0x8000 | VERSION, 0)
    head.writeUInt16BE(type, 2)
    head.writeUInt32BE(body.length, 4)
    head[4] = flags
    this.send(Buffer.concat([head, body]))
  }

  data(id: number, flags: number, payload: Buffer): void {
    if (this.closed) return
    const head = Buffer.alloc(8)
    head.writeUInt32BE(id & 0x7fffffff, 0)
    head.writeUInt32BE(payload.length, 4)
    head[4] = flags
    this.send(Buffer.concat([head, payload]))
  }

  settle(s: SpdyStream): void {
    if (s.closed) this.streams.delete(s.id)
  }

  private controlFrame(type: number, flags: number, body: Buffer): void {
    switch (type) {
      case SYN_STREAM: {
        const id = body.readUInt32BE(0) & 0x7fffffff
        const headers = this.inHeaders.decode(body.subarray(10))
        const s = new SpdyStream(this, id, headers)
        this.lastStream = Math.max(this.lastStream, id)
        this.streams.set(id, s)
        this.onStream(s)
        if (flags & FLAG_FIN) s.peerEnded(false)
        return
      }
      case HEADERS:
        // Decoded only to keep the compression context in step with the client's.
        this.inHeaders.decode(body.subarray(4))
        return
      case RST_STREAM: {
        const s = this.streams.get(body.readUInt32BE(0) & 0x7fffffff)
        s?.peerEnded(true)
        return
      }
      case PING:
        this.control(PING, 0, [body])
        return
      case GOAWAY:
        this.shutdown()
        return
      default:
      // SETTINGS, WINDOW_UPDATE, NOOP, CREDENTIAL: nothing to do.
    }
  }

  private dataFrame(id: number, flags: number, payload: Buffer): void {
    const s = this.streams.get(id)
    if (!s) {
      this.control(RST_STREAM, 0, [u32(id), u32(INVALID_STREAM)])
      return
    }
    if (payload.length) s.onData(Buffer.from(payload))
    if (flags & FLAG_FIN) s.peerEnded(false)
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n >>> 0)
  return b
}

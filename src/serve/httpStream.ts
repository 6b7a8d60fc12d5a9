import type { HttpRequest, HttpResponse } from '../sim/network/http.ts'
import { REASONS } from '../shell/net/netEnv.ts'

export interface ParsedRequest {
  request: Omit<HttpRequest, 'remoteAddr'>
  /** HTTP/1.1 without `Connection: close`: the connection stays open for the next request. */
  keepAlive: boolean
}

/** Request headers larger than this are not HTTP from a well-behaved client. */
const MAX_HEAD = 64 * 1024

/**
 * HTTP/1.x requests out of a forwarded byte stream, as a simulated application receives them:
 * request line, headers and a Content-Length or chunked body. Pipelined requests come out in
 * order; anything that is not HTTP ends the connection.
 */
export class HttpRequestReader {
  private buffer: Buffer = Buffer.alloc(0)

  push(bytes: Buffer): (ParsedRequest | 'malformed')[] {
    this.buffer = Buffer.concat([this.buffer, bytes])
    const out: (ParsedRequest | 'malformed')[] = []
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n')
      if (end < 0) {
        if (this.buffer.length > MAX_HEAD) out.push('malformed')
        return out
      }
      const lines = this.buffer.subarray(0, end).toString('latin1').split('\r\n')
      const start = /^([A-Z]+) (\S+) HTTP\/(1\.[01])$/.exec(lines[0])
      if (!start) {
        out.push('malformed')
        return out
      }
      const headers: Record<string, string> = {}
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':')
        if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim()
      }
      const body = this.body(end + 4, headers)
      if (body === undefined) return out
      const connection = (headers['connection'] ?? '').toLowerCase()
      out.push({
        request: {
          method: start[1],
          path: start[2],
          host: headers['host'] ?? '',
          headers,
          body: body.toString('utf8'),
        },
        keepAlive: start[3] === '1.1' ? connection !== 'close' : connection === 'keep-alive',
      })
    }
  }

  /** The body after the head (and consumes the request), or undefined until it has all arrived. */
  private body(at: number, headers: Record<string, string>): Buffer | undefined {
    if ((headers['transfer-encoding'] ?? '').toLowerCase().includes('chunked')) {
      const parts: Buffer[] = []
      let pos = at
      for (;;) {
        const eol = this.buffer.indexOf('\r\n', pos)
        if (eol < 0) return undefined
        const size = parseInt(this.buffer.subarray(pos, eol).toString('latin1'), 16)
        if (Number.isNaN(size)) return undefined
        if (size === 0) {
          const trailerEnd = this.buffer.indexOf('\r\n', eol + 2)
          if (trailerEnd < 0) return undefined
          this.buffer = this.buffer.subarray(trailerEnd + 2)
          return Buffer.concat(parts)
        }
        if (this.buffer.length < eol + 2 + size + 2) return undefined
        parts.push(this.buffer.subarray(eol + 2, eol + 2 + size))
        pos = eol + 2 + size + 2
      }
    }
    const length = Number(headers['content-length'] ?? 0) || 0
    if (this.buffer.length < at + length) return undefined
    const body = this.buffer.subarray(at, at + length)
    this.buffer = this.buffer.subarray(at + length)
    return body
  }
}

/** The application's answer on the wire, with the length the body really has. */
export function httpResponseBytes(res: HttpResponse, keepAlive: boolean): Buffer {
  const body = Buffer.from(res.body, 'utf8')
  const lines = [`HTTP/1.1 ${res.status} ${REASONS[res.status] ?? ''}`.trimEnd()]
  for (const [k, v] of Object.entries(res.headers)) {
    const name = k.toLowerCase()
    if (name !== 'content-length' && name !== 'connection' && name !== 'transfer-encoding')
      lines.push(`${k}: ${v}`)
  }
  lines.push(`Content-Length: ${body.length}`)
  lines.push(`Connection: ${keepAlive ? 'keep-alive' : 'close'}`)
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'utf8'), body])
}

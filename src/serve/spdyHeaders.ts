import { constants, inflateSync } from 'node:zlib'

/**
 * The zlib dictionary SPDY/3 header blocks are compressed with (SPDY Protocol draft 3,
 * §2.6.10.1): length-prefixed header names and common values, then a run of status codes,
 * reason phrases, dates and media types.
 */
const WORDS = [
  'options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset',
  'accept-encoding', 'accept-language', 'accept-ranges', 'age', 'allow', 'authorization',
  'cache-control', 'connection', 'content-base', 'content-encoding', 'content-language',
  'content-length', 'content-location', 'content-md5', 'content-range', 'content-type', 'date',
  'etag', 'expect', 'expires', 'from', 'host', 'if-match', 'if-modified-since', 'if-none-match',
  'if-range', 'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'pragma',
  'proxy-authenticate', 'proxy-authorization', 'range', 'referer', 'retry-after', 'server', 'te',
  'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'vary', 'via', 'warning',
  'www-authenticate', 'method', 'get', 'status', '200 OK', 'version', 'HTTP/1.1', 'url', 'public',
  'set-cookie', 'keep-alive', 'origin',
] // prettier-ignore
const TAIL =
  '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505' +
  '203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request' +
  '401 Unauthorized403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented' +
  '503 Service UnavailableJan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 ' +
  'Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMTchunked,text/html,image/png,image/jpg,image/gif,' +
  'application/xml,application/xhtml+xml,text/plain,text/javascript,publicprivatemax-age=' +
  'gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.'

export const SPDY_DICTIONARY: Buffer = Buffer.concat([
  ...WORDS.flatMap((w) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(w.length)
    return [len, Buffer.from(w, 'latin1')]
  }),
  Buffer.from(TAIL, 'latin1'),
])

function adler32(buf: Buffer): number {
  let a = 1
  let b = 0
  for (const byte of buf) {
    a = (a + byte) % 65521
    b = (b + a) % 65521
  }
  return ((b << 16) | a) >>> 0
}

/** Name/value block: u32 count, then u32-length-prefixed names and values. */
export function encodeNameValues(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = []
  const u32 = (n: number): void => {
    const b = Buffer.alloc(4)
    b.writeUInt32BE(n)
    parts.push(b)
  }
  const entries = Object.entries(headers)
  u32(entries.length)
  for (const [k, v] of entries) {
    const name = Buffer.from(k.toLowerCase(), 'utf8')
    const value = Buffer.from(v, 'utf8')
    u32(name.length)
    parts.push(name)
    u32(value.length)
    parts.push(value)
  }
  return Buffer.concat(parts)
}

export function decodeNameValues(block: Buffer): Record<string, string> {
  const out: Record<string, string> = {}
  if (block.length < 4) return out
  const count = block.readUInt32BE(0)
  let at = 4
  const take = (): string => {
    const n = block.readUInt32BE(at)
    const s = block.subarray(at + 4, at + 4 + n).toString('utf8')
    at += 4 + n
    return s
  }
  for (let i = 0; i < count && at < block.length; i++) {
    const name = take()
    out[name.toLowerCase()] = take()
  }
  return out
}

/**
 * One direction's header compression context. SPDY keeps a single zlib stream per direction for
 * the whole connection, each block ended by a sync flush.
 *
 * Reading: Node's synchronous zlib cannot keep a context between calls, so the whole stream so
 * far is inflated again and the new output taken from the end; header blocks are small and few
 * (two streams per forwarded connection), so this stays cheap and needs no asynchronous state.
 *
 * Writing: blocks are emitted as stored (uncompressed) deflate blocks, a valid continuation of
 * a dictionary-primed zlib stream that any inflater reads without needing our compressor state.
 */
export class HeaderCodec {
  private received: Buffer[] = []
  private inflated = 0
  private started = false

  decode(block: Buffer): Record<string, string> {
    this.received.push(block)
    const all = inflateSync(Buffer.concat(this.received), {
      dictionary: SPDY_DICTIONARY,
      finishFlush: constants.Z_SYNC_FLUSH,
    })
    const fresh = all.subarray(this.inflated)
    this.inflated = all.length
    return decodeNameValues(fresh)
  }

  encode(headers: Record<string, string>): Buffer {
    const plain = encodeNameValues(headers)
    const parts: Buffer[] = []
    if (!this.started) {
      this.started = true
      // CMF 0x78 (deflate, 32K window), FLG 0xBB (FDICT set; header checksum holds), DICTID.
      const head = Buffer.from([0x78, 0xbb, 0, 0, 0, 0])
      head.writeUInt32BE(adler32(SPDY_DICTIONARY), 2)
      parts.push(head)
    }
    for (let at = 0; at < plain.length; at += 0xffff) {
      const chunk = plain.subarray(at, at + 0xffff)
      const h = Buffer.alloc(5)
      h[0] = 0 // BFINAL 0, BTYPE 00 (stored)
      h.writeUInt16LE(chunk.length, 1)
      h.writeUInt16LE(~chunk.length & 0xffff, 3)
      parts.push(h, chunk)
    }
    // The empty stored block of a sync flush: inflaters hand out what they hold only on seeing it.
    parts.push(Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]))
    return Buffer.concat(parts)
  }
}

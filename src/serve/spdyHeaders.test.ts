import { constants, createDeflate, inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { HeaderCodec, SPDY_DICTIONARY } from './spdyHeaders.ts'
import { encodeNameValues } from './spdyHeaders.ts'

/** Header blocks as a SPDY client writes them: one zlib stream, sync-flushed per block. */
async function clientBlocks(blocks: Record<string, string>[]): Promise<Buffer[]> {
  const deflate = createDeflate({ dictionary: SPDY_DICTIONARY, level: 9 })
  const out: Buffer[] = []
  for (const h of blocks) {
    const chunks: Buffer[] = []
    const onData = (c: Buffer): number => chunks.push(c)
    deflate.on('data', onData)
    deflate.write(encodeNameValues(h))
    await new Promise<void>((r) => deflate.flush(constants.Z_SYNC_FLUSH, () => r()))
    deflate.off('data', onData)
    out.push(Buffer.concat(chunks))
  }
  deflate.end()
  return out
}

describe('SPDY/3 header blocks', () => {
  it('uses the 1423-byte dictionary of the SPDY/3 draft', () => {
    expect(SPDY_DICTIONARY.length).toBe(1423)
    expect(SPDY_DICTIONARY.subarray(0, 11)).toEqual(Buffer.from('\0\0\0\x07options', 'latin1'))
    expect(SPDY_DICTIONARY.subarray(-6).toString('latin1')).toBe('enq=0.')
  })

  it('reads blocks compressed in one context across frames', async () => {
    const sent = [
      { streamtype: 'error', port: '80', requestid: '0' },
      { streamtype: 'data', port: '80', requestid: '0' },
      { streamtype: 'error', port: '80', requestid: '1' },
    ]
    const codec = new HeaderCodec()
    const got = (await clientBlocks(sent)).map((b) => codec.decode(b))
    expect(got).toEqual(sent)
  })

  it('writes blocks any dictionary-primed inflater reads, frame after frame', () => {
    const codec = new HeaderCodec()
    const a = codec.encode({})
    const b = codec.encode({ status: '200 OK', version: 'HTTP/1.1' })
    const opts = { dictionary: SPDY_DICTIONARY, finishFlush: constants.Z_SYNC_FLUSH }
    expect(inflateSync(a, opts)).toEqual(encodeNameValues({}))
    expect(inflateSync(Buffer.concat([a, b]), opts)).toEqual(
      Buffer.concat([
        encodeNameValues({}),
        encodeNameValues({ status: '200 OK', version: 'HTTP/1.1' }),
      ]),
    )
    // Each block ends with the empty stored block of a sync flush, so readers release its bytes.
    expect(b.subarray(-5)).toEqual(Buffer.from([0, 0, 0, 0xff, 0xff]))
  })
})

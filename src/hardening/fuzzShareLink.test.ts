import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { deflateSync, strToU8 } from 'fflate'
import { decodePayload, encodePayload } from '../share/codec.ts'
import { assertNoPollution } from './fixture.ts'
import { CURRENT_VERSION } from '../share/payload.ts'

const b64 = (bytes: Uint8Array): string =>
  Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
const linkOf = (json: string): string => `s=1.${b64(deflateSync(strToU8(json)))}`

function decodeIsNormal(fragment: string): void {
  const r = decodePayload(fragment)
  if (r.ok) expect(r.payload.v).toBe(CURRENT_VERSION)
  else expect(typeof r.error).toBe('string')
  assertNoPollution()
}

const good = encodePayload({
  v: 2,
  lang: 'en',
  scenario: { cluster: 'kubeadm', seed: 3, script: ['kubectl get pods'], files: { 'a.yaml': 'x' } },
})

// Thousands of decodes each: wall-clock time depends on the machine's load, not on the decoder.
describe('share-link decoder under fuzzing', { timeout: 60_000 }, () => {
  it('answers every random fragment with a payload or a message', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.base64String()), (s) => {
        decodeIsNormal(s)
        decodeIsNormal('#s=1.' + s)
      }),
      { numRuns: 1500, seed: 11 },
    )
  })

  it('answers every mutation of a good link', () => {
    const chars = 'ABCabc019-_=.#@%'
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.nat({ max: good.length }), fc.nat({ max: 3 }), fc.constantFrom(...chars)),
          { minLength: 1, maxLength: 6 },
        ),
        (edits) => {
          let s = good
          for (const [at, len, ch] of edits) s = s.slice(0, at) + ch + s.slice(at + len)
          decodeIsNormal(s)
        },
      ),
      { numRuns: 1500, seed: 12 },
    )
  })

  it('refuses or sanitises any JSON content, including prototype keys', () => {
    const keyArb = fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'v',
      'scenario',
      'script',
    )
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 5 }),
        fc.dictionary(keyArb, fc.jsonValue({ maxDepth: 3 })),
        (value, extra) => {
          decodeIsNormal(linkOf(JSON.stringify(value)))
          const withKeys = JSON.stringify({ v: 1, ...extra }).replace('"prototype"', '"__proto__"')
          decodeIsNormal(linkOf(withKeys))
          decodeIsNormal(
            linkOf(
              `{"v":1,"__proto__":{"polluted":1},"scenario":{"constructor":{"prototype":{"polluted":1}}}}`,
            ),
          )
        },
      ),
      { numRuns: 600, seed: 13 },
    )
  })
})

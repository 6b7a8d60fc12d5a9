import { describe, expect, it } from 'vitest'
import { deflateSync, strToU8 } from 'fflate'
import { decodePayload, encodePayload, MAX_JSON_BYTES } from './codec.ts'

const b64 = (bytes: Uint8Array): string =>
  Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

describe('share links', () => {
  it('round-trips a scenario and stays short', () => {
    const payload = {
      v: 2 as const,
      lang: 'zh-CN' as const,
      scenario: {
        cluster: 'kubeadm' as const,
        seed: 7,
        files: { 'web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n' },
        script: ['kubectl apply -f web.yaml', 'kubectl scale deploy web --replicas=3'],
      },
    }
    const link = encodePayload(payload)
    expect(link.length).toBeLessThan(400)
    expect(decodePayload('#' + link)).toEqual({ ok: true, payload })
  })

  it('refuses damaged, foreign and future links with a message', () => {
    expect(decodePayload('#hello')).toEqual({ ok: false, error: 'this is not a Kubeplay link' })
    expect(decodePayload('#s=1.@@@')).toMatchObject({ ok: false })
    expect(decodePayload('#s=9.abc')).toMatchObject({
      ok: false,
      error: expect.stringContaining('newer'),
    })
    const good = encodePayload({ v: 2, scenario: { seed: 1 } })
    expect(decodePayload(good.slice(0, good.length - 5))).toMatchObject({ ok: false })
  })

  it('refuses decompression bombs', () => {
    const bomb = deflateSync(new Uint8Array(MAX_JSON_BYTES + 1024).fill(32), { level: 9 })
    expect(decodePayload(`s=1.${b64(bomb)}`)).toEqual({
      ok: false,
      error: 'the link is damaged or expands beyond the size limit',
    })
  })

  it('refuses prototype pollution keys and wrong types', () => {
    const evil = '{"v":1,"scenario":{"seed":1},"__proto__":{"polluted":true}}'
    expect(decodePayload(`s=1.${b64(deflateSync(strToU8(evil)))}`)).toEqual({
      ok: false,
      error: `the link's content is not valid: forbidden key "__proto__"`,
    })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const wrong = '{"v":1,"scenario":{"seed":"x"}}'
    expect(decodePayload(`s=1.${b64(deflateSync(strToU8(wrong)))}`)).toMatchObject({
      ok: false,
      error: expect.stringContaining('seed'),
    })
  })
})

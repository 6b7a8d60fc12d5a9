import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createSim } from '../../sim/sim.ts'
import { startServer } from '../server.ts'

/** `k8s\0` + Unknown{typeMeta{v1, ConfigMap}, raw} with the given raw ConfigMap bytes. */
function configMapBody(raw: number[]): Uint8Array {
  const typeMeta = [0x0a, 0x02, ...Buffer.from('v1'), 0x12, 0x09, ...Buffer.from('ConfigMap')]
  return Uint8Array.from([
    ...[0x6b, 0x38, 0x73, 0x00],
    ...[0x0a, typeMeta.length, ...typeMeta],
    ...[0x12, raw.length, ...raw],
  ])
}

describe('protobuf bodies over HTTP', () => {
  let url = ''
  let stop: () => Promise<void> = async () => {}
  beforeAll(async () => {
    const s = await startServer(createSim({ seed: 3 }), { port: 0, speed: 0 })
    url = s.url
    stop = s.stop
  })
  afterAll(() => stop())

  const post = (body: Uint8Array, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf', ...headers },
      body: body.slice().buffer as ArrayBuffer,
    })

  test('a ConfigMap is created and answered in JSON', async () => {
    // metadata{name: "pb"}, data{"k": "v"}
    const res = await post(
      configMapBody([
        0x0a, 0x04, 0x0a, 0x02, 0x70, 0x62, 0x12, 0x06, 0x0a, 0x01, 0x6b, 0x12, 0x01, 0x76,
      ]),
      { Accept: 'application/vnd.kubernetes.protobuf, application/json' },
    )
    expect(res.status).toBe(201)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.json()).toMatchObject({ metadata: { name: 'pb' }, data: { k: 'v' } })
  })

  test('an unknown field number is a 400 naming the message and the number', async () => {
    const res = await post(configMapBody([0xf8, 0x01, 0x01]))
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
      message:
        'unable to decode the protobuf body: k8s.io.api.core.v1.ConfigMap has no field number 31 in Kubernetes v1.32',
    })
  })

  test('a truncated body is a 400', async () => {
    const res = await post(configMapBody([0x0a, 0x10, 0x0a]))
    expect(res.status).toBe(400)
    expect((await res.json()).message).toMatch(/unexpected end of data/)
  })

  test('CBOR is a 415; a client that accepts only protobuf gets a 406', async () => {
    const cbor = await post(Uint8Array.from([0xa0]), { 'Content-Type': 'application/cbor' })
    expect(cbor.status).toBe(415)
    expect((await cbor.json()).reason).toBe('UnsupportedMediaType')
    const res = await fetch(`${url}/api/v1/namespaces/default/configmaps`, {
      headers: { Accept: 'application/vnd.kubernetes.protobuf' },
    })
    expect(res.status).toBe(406)
    expect(await res.json()).toMatchObject({
      reason: 'NotAcceptable',
      message: 'only the following media types are accepted: application/json',
    })
  })
})

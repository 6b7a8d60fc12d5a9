import { describe, expect, test } from 'vitest'
import { createSim } from '../sim/sim.ts'
import { answerApiRequest, type ApiRequest } from './handler.ts'
import { apiHttp } from '../kubectl/apiHttp.ts'

const encode = (s: string): Uint8Array => new TextEncoder().encode(s)
const request = (method: string, url: string, body = '', headers = {}): ApiRequest => ({
  method,
  url,
  headers,
  body: encode(body),
})

describe('the transport-independent API handler', () => {
  test('answers discovery, CRUD and errors as whole responses', () => {
    const sim = createSim({ seed: 2 })
    const opts = { serverAddress: '192.168.49.2:8443' }
    const api = answerApiRequest(sim, request('GET', '/api'), opts)
    expect(api.status).toBe(200)
    expect(JSON.parse(api.body).serverAddressByClientCIDRs[0].serverAddress).toBe(
      '192.168.49.2:8443',
    )
    const created = answerApiRequest(
      sim,
      request(
        'POST',
        '/api/v1/namespaces/default/configmaps',
        JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }),
        { 'content-type': 'application/json' },
      ),
      opts,
    )
    expect(created.status).toBe(201)
    expect(created.body.endsWith('}\n')).toBe(true)
    expect(sim.api.tryGet('configmaps', 'default', 'c')).toBeDefined()
    const again = answerApiRequest(
      sim,
      request(
        'POST',
        '/api/v1/namespaces/default/configmaps',
        JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }),
      ),
      opts,
    )
    expect(again.status).toBe(409)
    expect(JSON.parse(again.body)).toMatchObject({
      reason: 'AlreadyExists',
      message: 'configmaps "c" already exists',
    })
  })

  test('a watch answered at once holds the events sent straight away and is then closed', () => {
    const sim = createSim({ seed: 2 })
    const res = answerApiRequest(
      sim,
      request('GET', '/api/v1/namespaces/kube-system/pods?watch=true'),
      { serverAddress: 'x' },
    )
    expect(res.status).toBe(200)
    expect(res.headers['Transfer-Encoding']).toBeUndefined()
    const events = res.body
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
    expect(events.length).toBe(sim.api.list('pods', { namespace: 'kube-system' }).items.length)
    expect(events.every((e) => e.type === 'ADDED')).toBe(true)
    // Closed: later changes reach no one.
    sim.advance(60_000)
  })

  test('kubectl proxy answers through it, writes included, pretty for curl', () => {
    const sim = createSim({ seed: 2 })
    const res = apiHttp(sim, {
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      host: 'localhost:8001',
      headers: { 'User-Agent': 'curl/8.5.0', 'Content-Type': 'application/json' },
      body: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"via-proxy"}}',
      remoteAddr: '127.0.0.1',
    })
    expect(res.status).toBe(201)
    expect(res.body.startsWith(`{\n  "`)).toBe(true)
    expect(sim.api.tryGet('configmaps', 'default', 'via-proxy')).toBeDefined()
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile, execFileSync } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSim, type Sim } from '../sim/sim.ts'
import { startServer } from './server.ts'
import { kubeconfigFor } from './kubeconfig.ts'

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe('kubeplay serve', () => {
  let sim: Sim
  let url = ''
  let stop: () => Promise<void> = async () => {}
  let kubeconfig = ''

  beforeAll(async () => {
    sim = createSim({ seed: 5, start: Date.now() })
    const s = await startServer(sim, { port: 0, speed: 20 })
    url = s.url
    stop = s.stop
    kubeconfig = join(mkdtempSync(join(tmpdir(), 'kubeplay-')), 'config')
    writeFileSync(kubeconfig, kubeconfigFor(url))
  })
  afterAll(() => stop())

  it('serves discovery and version', async () => {
    const version = await (await fetch(`${url}/version`)).json()
    expect(version.gitVersion).toBe('v1.32.4')
    const groups = await (await fetch(`${url}/apis`)).json()
    expect(groups.groups.map((g: { name: string }) => g.name)).toContain('apps')
    const core = await (await fetch(`${url}/api/v1`)).json()
    expect(core.resources.find((r: { name: string }) => r.name === 'pods').shortNames).toEqual([
      'po',
    ])
  })

  it('answers errors with Status bodies and codes', async () => {
    const res = await fetch(`${url}/api/v1/namespaces/default/pods/nope`)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'pods "nope" not found',
    })
    const body = JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { a: '1' },
    })
    const post = (): Promise<Response> =>
      fetch(`${url}/api/v1/namespaces/default/configmaps`, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json' },
      })
    expect((await post()).status).toBe(201)
    const again = await post()
    expect(again.status).toBe(409)
    expect((await again.json()).reason).toBe('AlreadyExists')
  })

  it('streams watch events', async () => {
    const controller = new AbortController()
    const res = await fetch(
      `${url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${sim.store.rv}`,
      { signal: controller.signal },
    )
    const reader = res.body!.getReader()
    sim.api.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w' } })
    const { value } = await reader.read()
    controller.abort()
    const event = JSON.parse(new TextDecoder().decode(value).split('\n')[0])
    expect(event).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'w' } } })
  })

  // The server runs in this process, so kubectl must run without blocking the event loop.
  it.skipIf(!hasKubectl())('is driven by the real kubectl', async () => {
    const run = promisify(execFile)
    const k = async (...args: string[]): Promise<string> =>
      (await run('kubectl', ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8' })).stdout
    expect(await k('get', 'nodes')).toMatch(
      /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\ncontrol-plane\s+Ready\s+control-plane/,
    )
    const manifest = join(tmpdir(), `web-${process.pid}.yaml`)
    writeFileSync(
      manifest,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  a: "1"\n',
    )
    expect(await k('apply', '-f', manifest)).toBe('configmap/web created\n')
    expect(await k('apply', '-f', manifest)).toBe('configmap/web unchanged\n')
    expect(await k('get', 'cm', 'web', '-o', 'jsonpath={.data.a}')).toBe('1')
    expect(await k('explain', 'pod.spec.restartPolicy')).toContain('FIELD: restartPolicy <string>')
    expect(await k('delete', 'cm', 'web')).toBe('configmap "web" deleted\n')
  })
})

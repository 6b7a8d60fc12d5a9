import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseCommon } from './options.ts'
import { servedSession } from './serveCommand.ts'
import { linkForScenario } from '../share/sessionLink.ts'

const SCENARIO = `cluster: kubeadm
seed: 3
setup:
  - kubectl create deployment web --image=nginx --replicas=2
settleSeconds: 120
`

describe('kubeplay serve starting points', () => {
  it('a scenario is replayed so that its cluster ends at the wall clock', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kp-serve-'))
    writeFileSync(join(dir, 's.yaml'), SCENARIO)
    const before = Date.now()
    const sim = servedSession(parseCommon(['--scenario', join(dir, 's.yaml')])).sim
    const after = Date.now()
    expect(sim.now()).toBeGreaterThanOrEqual(before)
    expect(sim.now()).toBeLessThanOrEqual(after)
    const deploy = sim.api.get('deployments.apps', 'default', 'web')
    expect(sim.now() - Date.parse(String(deploy.metadata.creationTimestamp))).toBeGreaterThanOrEqual(
      119_000,
    )
    expect(deploy.status.readyReplicas).toBe(2)
  }, 30_000)

  it('a share link starts from its cluster, at the wall clock', () => {
    const link = linkForScenario('https://kubeplay.dev/', {
      seed: 2,
      cluster: 'kubeadm',
      script: ['kubectl create namespace shared', 'sleep 30'],
    })
    const before = Date.now()
    const sim = servedSession(parseCommon(['--link', link])).sim
    expect(sim.api.get('namespaces', undefined, 'shared').status.phase).toBe('Active')
    expect(sim.now()).toBeGreaterThanOrEqual(before)
    expect(sim.now()).toBeLessThanOrEqual(Date.now())
  }, 30_000)

  it('a damaged link is refused with the reason', () => {
    expect(() => servedSession(parseCommon(['--link', 'http://x/#s=1.AAAA']))).toThrow(
      /the link is damaged/,
    )
  })
})

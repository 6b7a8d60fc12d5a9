import { describe, expect, it } from 'vitest'
import { freshSession, runLineSync } from './fixture.ts'
import type { Session } from '../session/session.ts'

/** Wall time of one step; the engine must answer a simple command afterwards. */
function bounded(s: Session, step: () => void, maxMs: number): void {
  const t0 = performance.now()
  step()
  expect(performance.now() - t0).toBeLessThan(maxMs)
  expect(runLineSync(s, 'kubectl get nodes -o name').stdout).toContain('node/worker-1')
}

describe('runaway work stays bounded', () => {
  it('containers spinning in a busy loop or running yes', () => {
    const s = freshSession(9)
    bounded(
      s,
      () => {
        runLineSync(s, `kubectl run spin --image=busybox -- sh -c 'while true; do :; done'`)
        runLineSync(s, 'kubectl run yes --image=busybox -- yes')
        s.sim.advance(10 * 60_000)
      },
      10_000,
    )
    const logs = runLineSync(s, 'kubectl logs yes --tail=2')
    expect(logs.exitCode).toBe(0)
    expect(runLineSync(s, 'kubectl get pods spin yes -o name').stdout).toBe('pod/spin\npod/yes\n')
  }, 30_000)

  it('a CronJob every minute for simulated hours on end', () => {
    const s = freshSession(9)
    runLineSync(s, `kubectl create cronjob tick --image=busybox --schedule='* * * * *' -- true`)
    // 720 Jobs and pods. Two simulated days take ~50 s on 2 cores (docs/hardening.md): the cost is
    // linear in scheduled runs, but too slow for this suite.
    bounded(s, () => s.sim.advance(12 * 3_600_000), 20_000)
    // History limits keep the finished Jobs bounded however long the clock runs.
    const jobs = runLineSync(s, 'kubectl get jobs -o name').stdout.trim().split('\n')
    expect(jobs.length).toBeLessThanOrEqual(4)
  }, 30_000)

  it('2,000 objects from one multi-document apply', () => {
    const s = freshSession(9)
    const docs = Array.from(
      { length: 2_000 },
      (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  i: "${i}"\n`,
    ).join('---\n')
    bounded(
      s,
      () => {
        const r = runLineSync(s, 'kubectl apply -f -', { stdin: docs })
        expect(r.exitCode).toBe(0)
        expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(2_000)
      },
      15_000,
    )
    expect(runLineSync(s, 'kubectl get cm -o name | wc -l').stdout.trim()).toBe('2001')
  }, 30_000)

  it('kubectl get pods -w left running ends at the interrupt', () => {
    const s = freshSession(9)
    runLineSync(s, 'kubectl create deployment web --image=nginx --replicas=3')
    bounded(
      s,
      () => {
        const r = runLineSync(s, 'kubectl get pods -w', {
          interruptAfterMs: 6 * 3_600_000,
          maxCommandMs: 6 * 3_600_000,
        })
        expect(r.stdout).toContain('web-')
      },
      10_000,
    )
    expect(runLineSync(s, 'kubectl get deploy web -o name').stdout).toBe('deployment.apps/web\n')
  }, 30_000)
})

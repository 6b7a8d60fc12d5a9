import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { freshSession, list, runLineSync } from './fixture.ts'

type Any = Record<string, any>

/** Pods of the Deployment that are Ready and not on their way out. */
function availablePods(s: ReturnType<typeof freshSession>, app: string): number {
  return (list(s, 'pods') as Any[]).filter(
    (p) =>
      p.metadata.labels?.app === app &&
      !p.metadata.deletionTimestamp &&
      p.status?.conditions?.some((c: Any) => c.type === 'Ready' && c.status === 'True'),
  ).length
}

describe('rolling updates', () => {
  it('never drop the available pods below replicas - maxUnavailable', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom('nginx:1.25', 'nginx:1.27', 'nginx:alpine'),
        (replicas, maxUnavailable, surge, image) => {
          const maxSurge = maxUnavailable === 0 && surge === 0 ? 1 : surge
          const s = freshSession()
          runLineSync(s, `kubectl create deployment web --image=nginx --replicas=${replicas}`)
          const strategy = { rollingUpdate: { maxUnavailable, maxSurge } }
          runLineSync(
            s,
            `kubectl patch deployment web -p '${JSON.stringify({ spec: { strategy } })}'`,
          )
          s.sim.advance(120_000)
          expect(availablePods(s, 'web')).toBe(replicas)
          runLineSync(s, `kubectl set image deployment/web nginx=${image}`)
          let lowest = replicas
          for (let t = 0; t < 180_000; t += 250) {
            s.sim.advance(250)
            lowest = Math.min(lowest, availablePods(s, 'web'))
          }
          expect(lowest).toBeGreaterThanOrEqual(replicas - maxUnavailable)
          expect(availablePods(s, 'web')).toBe(replicas)
          const images = (list(s, 'pods') as Any[])
            .filter((p) => p.metadata.labels?.app === 'web' && !p.metadata.deletionTimestamp)
            .map((p) => p.spec.containers[0].image as string)
          expect(new Set(images)).toEqual(new Set([image]))
        },
      ),
      { numRuns: 25, seed: 61, endOnFailure: true },
    )
  }, 60_000)
})

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { commandArb, freshSession, runLineSync } from './fixture.ts'
import type { WatchEvent } from '../sim/api/types.ts'

describe('resourceVersions and watches', () => {
  it('every write gets a strictly larger resourceVersion and a watcher sees each one, in order', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { minLength: 1, maxLength: 10 }), (cmds) => {
        const s = freshSession()
        const seen: WatchEvent[] = []
        const stop = s.sim.watch((ev) => seen.push(ev))
        for (const c of cmds) {
          runLineSync(s, c)
          s.sim.advance(3_000)
        }
        s.sim.advance(60_000)
        stop()
        const rvs = seen.map((e) => Number(e.object.metadata.resourceVersion))
        for (let i = 1; i < rvs.length; i++) expect(rvs[i]).toBeGreaterThan(rvs[i - 1])
        // The watcher's replay ends where the store is: last event per object is its current state.
        const last = new Map<string, WatchEvent>()
        for (const e of seen)
          last.set(
            `${e.resource}|${e.object.metadata.namespace ?? ''}|${e.object.metadata.name}`,
            e,
          )
        for (const [key, e] of last) {
          const [resource, ns, name] = key.split('|')
          const now = s.sim.api.tryGet(resource, ns, name)
          if (e.type === 'DELETED') expect(now, key).toBeUndefined()
          else expect(now?.metadata.resourceVersion, key).toBe(e.object.metadata.resourceVersion)
        }
      }),
      { numRuns: 30, seed: 99, endOnFailure: true },
    )
  }, 60_000)
})

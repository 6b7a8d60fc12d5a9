import { describe, expect, it } from 'vitest'
import { createSim } from '../sim.ts'

describe('event TTL', () => {
  it('removes events an hour after they were last seen', () => {
    const sim = createSim({ seed: 3 })
    const pod = sim.api.create('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
    }).object
    sim.recorder.normal(pod, 'Test', 'hello')
    const count = (): number =>
      sim.api.list('events', { namespace: 'default' }).items.filter((e) => e.reason === 'Test')
        .length
    sim.advance(59 * 60_000)
    expect(count()).toBe(1)
    sim.advance(2 * 60_000)
    expect(count()).toBe(0)
  })
})

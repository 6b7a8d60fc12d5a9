import { describe, expect, it } from 'vitest'
import { createSim, Sim } from '../sim.ts'

function setup(): { sim: Sim; cm: ReturnType<Sim['api']['create']>['object'] } {
  const sim = createSim({ seed: 3 })
  const cm = sim.api.create('configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'x' },
  }).object
  return { sim, cm }
}

function reasons(sim: Sim): string[] {
  return sim.api
    .list('events', { namespace: 'default' })
    .items.filter((e) => e.involvedObject?.name === 'x')
    .map((e) => `${e.reason} x${e.count}`)
}

describe('event TTL', () => {
  it('removes events an hour after they were last seen', () => {
    const { sim, cm } = setup()
    sim.recorder.normal(cm, 'Test', 'hello')
    sim.advance(59 * 60_000)
    expect(reasons(sim)).toEqual(['Test x1'])
    sim.advance(2 * 60_000)
    expect(reasons(sim)).toEqual([])
  })

  it('keeps an event written again for an hour from its last write', () => {
    const { sim, cm } = setup()
    sim.recorder.normal(cm, 'Again', 'same')
    sim.recorder.normal(cm, 'Once', 'other')
    sim.advance(30 * 60_000)
    sim.recorder.normal(cm, 'Again', 'same')
    sim.advance(31 * 60_000)
    expect(reasons(sim)).toEqual(['Again x2'])
    sim.advance(30 * 60_000)
    expect(reasons(sim)).toEqual([])
  })

  it('expires the same events after a snapshot is restored', () => {
    const { sim, cm } = setup()
    sim.recorder.normal(cm, 'Early', 'a')
    sim.advance(20 * 60_000)
    sim.recorder.normal(cm, 'Late', 'b')
    const restored = Sim.restore(sim.snapshot())
    for (const s of [sim, restored]) s.advance(45 * 60_000)
    expect(reasons(restored)).toEqual(['Late x1'])
    expect(restored.snapshot()).toEqual(sim.snapshot())
  })
})

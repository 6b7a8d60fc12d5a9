import { describe, expect, it } from 'vitest'
import { createSim, Sim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import { nanosHex } from './recorder.ts'

function eventsAbout(sim: Sim, name: string): KObject[] {
  return sim.api
    .list('events', { namespace: 'default' })
    .items.filter((e) => e.involvedObject.name === name)
}

function configMap(sim: Sim): KObject {
  return sim.api.create('configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'x' },
  }).object
}

describe('event correlator', () => {
  it('combines the tenth and later similar events of a ReplicaSet into one', () => {
    const sim = createSim({ seed: 5 })
    sim.api.create('replicasets.apps', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'rs' },
      spec: {
        replicas: 12,
        selector: { matchLabels: { app: 'rs' } },
        template: {
          metadata: { labels: { app: 'rs' } },
          spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
        },
      },
    })
    sim.advance(5_000)
    const events = eventsAbout(sim, 'rs').filter((e) => e.reason === 'SuccessfulCreate')
    expect(events).toHaveLength(10)
    const plain = events.filter((e) => e.message.startsWith('Created pod: rs-'))
    expect(plain.map((e) => e.count)).toEqual(Array(9).fill(1))
    const combined = events.find((e) => e.message.startsWith('(combined from similar events): '))
    expect(combined).toMatchObject({ count: 3, reportingComponent: '', reportingInstance: '' })
    // The message is the latest pod's, and no pod's creation went unrecorded in the count.
    const named = new Set(events.map((e) => e.message.replace(/.*Created pod: /, '')))
    const pods = sim.api.list('pods', { namespace: 'default', labelSelector: 'app=rs' }).items
    expect(pods).toHaveLength(12)
    expect([...named].every((n) => pods.some((p) => p.metadata.name === n))).toBe(true)
  })

  it('lets a source write 25 events about an object, then one every five minutes', () => {
    const sim = createSim({ seed: 5 })
    const cm = configMap(sim)
    for (let i = 0; i < 40; i++) {
      sim.recorder.warning(cm, 'Failing', 'still failing', { source: { component: 'test' } })
      sim.advance(1_000)
    }
    const [ev] = eventsAbout(sim, 'x')
    expect(ev.count).toBe(25)
    const frozenAt = ev.lastTimestamp
    sim.advance(250_000)
    sim.recorder.warning(cm, 'Failing', 'still failing', { source: { component: 'test' } })
    expect(eventsAbout(sim, 'x')[0]).toMatchObject({ count: 25, lastTimestamp: frozenAt })
    sim.advance(20_000)
    sim.recorder.warning(cm, 'Failing', 'still failing', { source: { component: 'test' } })
    // The write that gets through carries every occurrence counted meanwhile.
    expect(eventsAbout(sim, 'x')[0]).toMatchObject({ count: 42, lastTimestamp: sim.api.now() })
  })

  it('keeps other sources and objects out of one object’s budget', () => {
    const sim = createSim({ seed: 5 })
    const cm = configMap(sim)
    for (let i = 0; i < 30; i++)
      sim.recorder.normal(cm, 'Ping', 'ping', { source: { component: 'a' } })
    sim.recorder.normal(cm, 'Ping', 'ping', { source: { component: 'b' } })
    const bySource = Object.fromEntries(eventsAbout(sim, 'x').map((e) => [e.source.component, e]))
    expect(bySource.a.count).toBe(25)
    expect(bySource.b.count).toBe(1)
  })

  it('survives a snapshot: a restored cluster goes on counting the same event', () => {
    const sim = createSim({ seed: 5 })
    const cm = configMap(sim)
    for (let i = 0; i < 3; i++) sim.recorder.normal(cm, 'Ping', 'ping')
    const restored = Sim.restore(sim.snapshot())
    restored.recorder.normal(cm, 'Ping', 'ping')
    const events = eventsAbout(restored, 'x')
    expect(events).toHaveLength(1)
    expect(events[0].count).toBe(4)
  })
})

describe('event names', () => {
  it('end in the unix nanoseconds in hex, exact beyond 2^53', () => {
    for (const [ms, extra] of [
      [0, 0],
      [1, 5],
      [1736154000000, 0],
      [1736154000000, 999_999],
      [4102444800000, 123_456],
      [16777215, 999_999],
    ])
      expect(nanosHex(ms, extra)).toBe((BigInt(ms) * 1_000_000n + BigInt(extra)).toString(16))
  })
})

import { describe, expect, it } from 'vitest'
import { createSim } from '../sim.ts'
import { largeCluster } from '../cluster/presets.ts'
import { matchesRequirements, type Requirement } from '../api/selectors.ts'
import { schedulerOf } from './scheduler.ts'
import { buildPodInfo } from './podInfo.ts'
import { scoringConstraints } from './topologySpread.ts'
import type { SchedulerCache } from './cache.ts'
import { createPod, podManifest, withRequests } from './testPods.ts'

const APP_A: Requirement[] = [{ key: 'app', op: '=', values: ['a'] }]

/** Matching pods per node-table row, counted from the cache's entries. */
function naiveRows(cache: SchedulerCache, selector: Requirement[]): number[] {
  return cache
    .nodeTable()
    .names.map(
      (name) =>
        [...cache.entries.values()].filter(
          (e) => e.node === name && !e.terminating && matchesRequirements(e.labels, selector),
        ).length,
    )
}

describe('scheduler: state kept across pods', () => {
  it('follows label changes of running pods and ignores their status writes', () => {
    const sim = createSim({ seed: 3, profile: 'fast', cluster: largeCluster(4) })
    const cache = schedulerOf(sim).cache
    for (let i = 0; i < 8; i++)
      createPod(sim, podManifest(`a${i}`, withRequests('100m', '64Mi'), { labels: { app: 'a' } }))
    sim.advance(30_000)
    const countsOfA = (): Float64Array =>
      cache.selectorCounts.rowCounts(cache.entries.values(), 'default', APP_A, cache.nodeTable())
    const rows = countsOfA()
    expect(Array.from(rows)).toEqual(naiveRows(cache, APP_A))
    expect(rows.reduce((a, b) => a + b, 0)).toBe(8)

    // Relabelled and deleted pods leave the tally; the running ones' status writes change nothing.
    sim.api.patch('pods', 'default', 'a0', 'merge', { metadata: { labels: { app: 'b' } } })
    sim.api.delete('pods', 'default', 'a1')
    sim.advance(60_000)
    const after = countsOfA()
    expect(Array.from(after)).toEqual(naiveRows(cache, APP_A))
    expect(after.reduce((a, b) => a + b, 0)).toBe(6)
    expect(cache.entries.get('default/a0')?.labels).toEqual({ app: 'b' })
    expect(cache.entries.has('default/a1')).toBe(false)
    const requested = cache.nodeInfos().reduce((n, ni) => n + ni.requested.cpu, 0)
    const entries = [...cache.entries.values()].reduce((n, e) => n + e.requests.cpu, 0)
    expect(requested).toBe(entries)
  })

  it('spreads by a Service created after earlier pods asked for the default selector', () => {
    const sim = createSim({ seed: 3, profile: 'fast', cluster: largeCluster(3) })
    const cache = schedulerOf(sim).cache
    createPod(sim, podManifest('first', {}, { labels: { app: 'web' } }))
    const pod = podManifest('second', {}, { labels: { app: 'web' } })
    expect(scoringConstraints(cache, sim.api, pod).constraints).toEqual([])
    sim.api.create('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    })
    sim.settle()
    const selectors = scoringConstraints(cache, sim.api, pod).constraints.map((c) => c.selector)
    expect(selectors).toEqual([
      [{ key: 'app', op: '=', values: ['web'] }],
      [{ key: 'app', op: '=', values: ['web'] }],
    ])
  })

  it('parses the requests of each distinct container spec, whatever came before', () => {
    const small = buildPodInfo(podManifest('s', withRequests('100m', '64Mi')))
    const large = buildPodInfo(podManifest('l', withRequests('2', '1Gi')))
    const again = buildPodInfo(podManifest('s2', withRequests('100m', '64Mi')))
    const limited = buildPodInfo(
      podManifest('lim', {
        containers: [{ name: 'app', image: 'nginx:1.27', resources: { limits: { cpu: '100m' } } }],
      }),
    )
    expect([small.requests.cpu, small.requests.memory]).toEqual([100, 64 * 1024 * 1024])
    expect([large.requests.cpu, large.requests.memory]).toEqual([2000, 1024 * 1024 * 1024])
    expect(again.requests).toEqual(small.requests)
    expect([limited.requests.cpu, limited.nonZero.memory]).toEqual([100, 200 * 1024 * 1024])
  })
})

import { describe, expect, it } from 'vitest'
import type { KObject, WatchEvent } from '../api/types.ts'
import { Rng } from '../runtime/rng.ts'
import { SchedulerCache } from './cache.ts'
import type { Requirement } from '../api/selectors.ts'
import { matchesRequirements } from '../api/selectors.ts'

const ZONE = 'topology.kubernetes.io/zone'

function node(name: string, zone: string | undefined): KObject {
  const labels: Record<string, string> = { 'kubernetes.io/hostname': name }
  if (zone) labels[ZONE] = zone
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } },
  }
}

function pod(name: string, app: string, nodeName: string, deleting: boolean): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      labels: { app },
      ...(deleting ? { deletionTimestamp: '2025-01-06T09:00:00Z' } : {}),
    },
    spec: { nodeName, containers: [{ name: 'app', image: 'nginx' }] },
    status: { phase: 'Running' },
  }
}

/** What PodTopologySpread summed node by node before the totals were kept per domain. */
function naive(cache: SchedulerCache, selector: Requirement[], key: string): Map<string, number> {
  const m = new Map<string, number>()
  for (const name of cache.nodeOrder()) {
    const v = cache.nodes.get(name)!.labels[key]
    if (v === undefined) continue
    let n = 0
    for (const e of cache.entries.values())
      if (
        e.node === name &&
        !e.terminating &&
        e.namespace === 'default' &&
        matchesRequirements(e.labels, selector)
      )
        n++
    m.set(v, (m.get(v) ?? 0) + n)
  }
  return m
}

function nonZero(m: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...m].filter(([, n]) => n !== 0).sort())
}

describe('scheduler cache: matching pods per topology domain', () => {
  it('stays equal to a node-by-node sum through pod moves, deletions and node relabels', () => {
    const rng = new Rng(7)
    const cache = new SchedulerCache()
    cache.built = true
    const send = (ev: WatchEvent): void => cache.onEvent(ev)
    const zones = ['a', 'b', 'c', undefined]
    const nodes = Array.from({ length: 12 }, (_, i) => `n${i}`)
    for (const n of nodes) send({ type: 'ADDED', resource: 'nodes', object: node(n, 'a') })
    const selector: Requirement[] = [{ key: 'app', op: '=', values: ['web'] }]
    const pods = new Set<string>()
    for (let step = 0; step < 600; step++) {
      const r = rng.int(10)
      if (r < 6) {
        const name = `p${rng.int(80)}`
        const object = pod(
          name,
          rng.int(3) ? 'web' : 'db',
          nodes[rng.int(nodes.length)],
          !rng.int(8),
        )
        send({ type: pods.has(name) ? 'MODIFIED' : 'ADDED', resource: 'pods', object })
        pods.add(name)
      } else if (r < 8 && pods.size) {
        const name = [...pods][rng.int(pods.size)]
        send({ type: 'DELETED', resource: 'pods', object: pod(name, 'web', 'n0', false) })
        pods.delete(name)
      } else if (r < 9) {
        const n = nodes[rng.int(nodes.length)]
        send({ type: 'MODIFIED', resource: 'nodes', object: node(n, zones[rng.int(4)]) })
      } else {
        const n = nodes[rng.int(nodes.length)]
        const present = cache.nodes.has(n)
        send({ type: present ? 'DELETED' : 'ADDED', resource: 'nodes', object: node(n, 'b') })
      }
      const kept = cache.selectorCounts.domainCounts(
        cache.entries.values(),
        'default',
        selector,
        ZONE,
      )
      expect(nonZero(kept)).toEqual(nonZero(naive(cache, selector, ZONE)))
    }
  })
})

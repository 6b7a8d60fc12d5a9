import { describe, expect, it } from 'vitest'
import { createSim, Sim } from '../../sim.ts'
import type { KObject } from '../../api/types.ts'
import { eventsOf, settleWithPods } from '../testPods.ts'
import { deployment, get, NS, pods, replicaSets, setImage } from './fixtures.ts'

describe('deployment engine properties', () => {
  function scenario(seed: number): string {
    const sim = createSim({ seed })
    sim.api.create('deployments.apps', deployment('web', 4))
    settleWithPods(sim)
    setImage(sim, 'web', 'nginx:1.26')
    sim.advance(5_000)
    settleWithPods(sim)
    sim.api.delete('pods', NS, pods(sim, 'web')[1].metadata.name!)
    settleWithPods(sim)
    return JSON.stringify(sim.snapshot())
  }

  it('is deterministic for a seed', () => {
    expect(scenario(42)).toBe(scenario(42))
  })

  it('continues a rollout identically after a snapshot and restore', () => {
    const run = (restore: boolean): string => {
      let sim = createSim({ seed: 7 })
      sim.api.create('deployments.apps', deployment('web', 6))
      settleWithPods(sim)
      setImage(sim, 'web', 'nginx:1.26')
      sim.advance(1_500)
      if (restore) sim = Sim.restore(structuredClone(sim.snapshot()))
      settleWithPods(sim)
      const view = (o: KObject): unknown => ({
        name: o.metadata.name,
        spec: o.spec,
        status: o.status,
        annotations: o.metadata.annotations,
      })
      return JSON.stringify({
        d: view(get(sim, 'web')),
        rs: replicaSets(sim, 'web').map(view),
        events: eventsOf(sim, 'web', 'Deployment'),
      })
    }
    expect(run(true)).toBe(run(false))
  })

  it('reconciles a 10,000-replica Deployment', { timeout: 120_000 }, () => {
    const sim = createSim({ seed: 1, profile: 'fast' })
    sim.api.create('deployments.apps', deployment('big', 10_000))
    sim.settle()
    expect(pods(sim, 'big')).toHaveLength(10_000)
    expect(get(sim, 'big').status).toMatchObject({ replicas: 10_000, updatedReplicas: 10_000 })
    expect(sim.manager.failures).toEqual([])
  })
})

describe('deployment controller health', () => {
  it('syncs a rollout, rollback and scale without a failed reconcile', () => {
    const sim = createSim({ seed: 21 })
    sim.api.create('deployments.apps', deployment('web', 3))
    settleWithPods(sim)
    const first = replicaSets(sim, 'web')[0]
    setImage(sim, 'web', 'nginx:1.26')
    settleWithPods(sim)
    const d = structuredClone(get(sim, 'web'))
    d.spec.template = structuredClone(first.spec.template)
    delete d.spec.template.metadata.labels['pod-template-hash']
    sim.api.update('deployments.apps', d)
    settleWithPods(sim)
    sim.api.patch('deployments.apps', NS, 'web', 'merge', { spec: { replicas: 5 } })
    settleWithPods(sim)
    expect(
      sim.manager.failures.filter(
        (f) => f.controller === 'deployment' || f.controller === 'replicaset',
      ),
    ).toEqual([])
  })
})

describe('pod-template-hash collisions', () => {
  it('bumps collisionCount when the hashed name is taken by another template', () => {
    const sim = createSim({ seed: 22 })
    sim.api.create('deployments.apps', deployment('web', 1))
    settleWithPods(sim)
    const taken = replicaSets(sim, 'web')[0].metadata.name!
    sim.api.delete('deployments.apps', NS, 'web', { propagationPolicy: 'Orphan' })
    settleWithPods(sim)
    // The orphan keeps its name but now runs another image, so the name no longer fits its hash.
    const rs = structuredClone(sim.api.get('replicasets.apps', NS, taken))
    rs.spec.template.spec.containers[0].image = 'nginx:1.26'
    sim.api.update('replicasets.apps', rs)
    sim.api.create('deployments.apps', deployment('web', 1))
    settleWithPods(sim)
    expect(get(sim, 'web').status.collisionCount).toBe(1)
    const names = replicaSets(sim, 'web').map((r) => r.metadata.name)
    expect(names).toHaveLength(2)
    expect(names).toContain(taken)
    const fresh = replicaSets(sim, 'web').find((r) => r.metadata.name !== taken)!
    expect(fresh.spec.replicas).toBe(1)
    expect(fresh.metadata.name).toBe(`web-${fresh.metadata.labels!['pod-template-hash']}`)
  })
})

import { describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../sim.ts'
import { StatusError } from '../api/errors.ts'
import { clone } from '../apiserver/store.ts'
import { evictPod, PDB_VIOLATION } from './eviction.ts'
import { bindPod } from './binding.ts'
import { createPod, podManifest } from '../scheduler/testPods.ts'

function runningPod(sim: Sim, name: string): void {
  createPod(sim, podManifest(name, {}, { labels: { app: 'web' } }))
  // Stand in for the kubelet: the pod is running and ready.
  const p = clone(sim.api.get('pods', 'default', name))
  p.status = {
    ...p.status,
    phase: 'Running',
    conditions: [...(p.status.conditions ?? []), { type: 'Ready', status: 'True' }],
  }
  sim.api.updateStatus('pods', p)
}

function pdb(sim: Sim, allowed: number): void {
  sim.api.create('poddisruptionbudgets.policy', {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web-pdb', namespace: 'default' },
    spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } },
  })
  const obj = clone(sim.api.get('poddisruptionbudgets.policy', 'default', 'web-pdb'))
  obj.status = {
    currentHealthy: 2 + allowed,
    desiredHealthy: 2,
    disruptionsAllowed: allowed,
    expectedPods: 2 + allowed,
    observedGeneration: obj.metadata.generation,
  }
  sim.api.updateStatus('poddisruptionbudgets.policy', obj)
}

describe('pods/eviction', () => {
  it('refuses with 429 when the budget allows no disruption', () => {
    const sim = createSim()
    runningPod(sim, 'a')
    runningPod(sim, 'b')
    pdb(sim, 0)
    let err: unknown
    try {
      evictPod(sim.api, 'default', 'a')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(StatusError)
    const s = (err as StatusError).status
    expect(s.code).toBe(429)
    expect(s.reason).toBe('TooManyRequests')
    expect(s.message).toBe(PDB_VIOLATION)
    expect(s.details?.causes?.[0]).toEqual({
      reason: 'DisruptionBudget',
      message: 'The disruption budget web-pdb needs 2 healthy pods and has 2 currently',
    })
    expect(sim.api.get('pods', 'default', 'a').metadata.deletionTimestamp).toBeUndefined()
  })

  it('evicts and spends the budget when a disruption is allowed', () => {
    const sim = createSim()
    for (const n of ['a', 'b', 'c']) runningPod(sim, n)
    pdb(sim, 1)
    evictPod(sim.api, 'default', 'a')
    const a = sim.api.get('pods', 'default', 'a')
    expect(a.metadata.deletionTimestamp).toBeDefined()
    expect(
      a.status.conditions.find((c: { type: string }) => c.type === 'DisruptionTarget'),
    ).toMatchObject({
      status: 'True',
      reason: 'EvictionByEvictionAPI',
      message: 'Eviction API: evicting',
    })
    const budget = sim.api.get('poddisruptionbudgets.policy', 'default', 'web-pdb')
    expect(budget.status.disruptionsAllowed).toBe(0)
    expect(Object.keys(budget.status.disruptedPods)).toEqual(['a'])
    expect(() => evictPod(sim.api, 'default', 'b')).toThrow(PDB_VIOLATION)
  })

  it('evicts pods no budget covers', () => {
    const sim = createSim()
    createPod(sim, podManifest('free'))
    evictPod(sim.api, 'default', 'free')
    const p = sim.api.tryGet('pods', 'default', 'free')
    expect(p === undefined || p.metadata.deletionTimestamp !== undefined).toBe(true)
  })
})

describe('pods/binding', () => {
  it('refuses a pod that is already bound', () => {
    const sim = createSim()
    const p = createPod(sim, podManifest('bound'))
    expect(() => bindPod(sim.api, 'default', 'bound', 'worker-1')).toThrow(
      `Operation cannot be fulfilled on pods/binding "bound": pod bound is already assigned to node "${p.spec.nodeName}"`,
    )
  })
})

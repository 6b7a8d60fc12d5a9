import { describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../sim.ts'
import { StatusError } from '../api/errors.ts'
import { bindPod } from './binding.ts'
import { createPod, podManifest } from '../scheduler/testPods.ts'

import { evictPod, PDB_VIOLATION } from './eviction.ts'

/** `n` running, ready pods labelled app=web and a budget of minAvailable 2 over them. */
function budgeted(n: number): Sim {
  const sim = createSim()
  for (let i = 0; i < n; i++)
    createPod(sim, podManifest(`web-${i}`, {}, { labels: { app: 'web' } }))
  sim.api.create('poddisruptionbudgets.policy', {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web-pdb', namespace: 'default' },
    spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } },
  })
  sim.advance(30_000)
  return sim
}

function evictionError(sim: Sim, name: string): StatusError | undefined {
  try {
    evictPod(sim.api, 'default', name)
  } catch (e) {
    if (e instanceof StatusError) return e
    throw e
  }
  return undefined
}

describe('pods/eviction', () => {
  it('refuses with 429 when the budget allows no disruption', () => {
    const sim = budgeted(2)
    const err = evictionError(sim, 'web-0')!
    expect(err.status.code).toBe(429)
    expect(err.status.reason).toBe('TooManyRequests')
    expect(err.status.message).toBe(PDB_VIOLATION)
    expect(err.status.details?.causes?.[0]).toEqual({
      reason: 'DisruptionBudget',
      message: 'The disruption budget web-pdb needs 2 healthy pods and has 2 currently',
    })
    expect(sim.api.get('pods', 'default', 'web-0').metadata.deletionTimestamp).toBeUndefined()
  })

  it('evicts while a disruption is allowed, then refuses the next', () => {
    const sim = budgeted(3)
    expect(evictionError(sim, 'web-0')).toBeUndefined()
    const evicted = sim.api.get('pods', 'default', 'web-0')
    expect(evicted.metadata.deletionTimestamp).toBeDefined()
    expect(
      evicted.status.conditions.find((c: { type: string }) => c.type === 'DisruptionTarget'),
    ).toMatchObject({ status: 'True', reason: 'EvictionByEvictionAPI' })
    expect(evictionError(sim, 'web-1')?.status.message).toBe(PDB_VIOLATION)
  })

  it('evicts pods no budget covers', () => {
    const sim = createSim()
    createPod(sim, podManifest('free'))
    sim.advance(10_000)
    evictPod(sim.api, 'default', 'free')
    expect(sim.api.get('pods', 'default', 'free').metadata.deletionTimestamp).toBeDefined()
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

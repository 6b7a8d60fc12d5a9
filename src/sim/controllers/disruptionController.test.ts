import { describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import type { StatusError } from '../api/errors.ts'
import { evictPod } from '../registry/eviction.ts'
import { eventsOf, settleWithPods } from './testPods.ts'

const NS = 'default'

function deploy(sim: Sim, name: string, replicas: number): void {
  sim.api.create('deployments.apps', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
      },
    },
  })
  settleWithPods(sim)
}

function pdb(name: string, app: string, spec: any): KObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name },
    spec: { selector: { matchLabels: { app } }, ...spec },
  }
}

function status(sim: Sim, name: string): any {
  return sim.api.get('poddisruptionbudgets.policy', NS, name).status
}

describe('disruption controller', () => {
  it('computes the status of a minAvailable budget', () => {
    const sim = createSim({ seed: 1 })
    deploy(sim, 'web', 3)
    const { object } = sim.api.create(
      'poddisruptionbudgets.policy',
      pdb('web-pdb', 'web', { minAvailable: 2 }),
    )
    expect(object.status).toEqual({
      disruptionsAllowed: 0,
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
    })
    sim.settle()
    expect(status(sim, 'web-pdb')).toEqual({
      observedGeneration: 1,
      disruptionsAllowed: 1,
      currentHealthy: 3,
      desiredHealthy: 2,
      expectedPods: 3,
      conditions: [
        {
          type: 'DisruptionAllowed',
          status: 'True',
          observedGeneration: 1,
          lastTransitionTime: sim.clock.iso(),
          reason: 'SufficientPods',
          message: '',
        },
      ],
    })
  })

  it('takes the expected count from the controller scale for maxUnavailable and percentages', () => {
    const sim = createSim({ seed: 2 })
    deploy(sim, 'web', 4)
    sim.api.create('poddisruptionbudgets.policy', pdb('max', 'web', { maxUnavailable: '25%' }))
    sim.settle()
    expect(status(sim, 'max')).toMatchObject({
      expectedPods: 4,
      desiredHealthy: 3,
      currentHealthy: 4,
      disruptionsAllowed: 1,
    })
    sim.api.delete('poddisruptionbudgets.policy', NS, 'max')
    sim.api.create('poddisruptionbudgets.policy', pdb('min', 'web', { minAvailable: '50%' }))
    sim.settle()
    expect(status(sim, 'min')).toMatchObject({
      expectedPods: 4,
      desiredHealthy: 2,
      disruptionsAllowed: 2,
    })
  })

  it('lets one eviction through, then refuses with the budget numbers', () => {
    const sim = createSim({ seed: 3 })
    deploy(sim, 'web', 3)
    sim.api.create('poddisruptionbudgets.policy', pdb('web-pdb', 'web', { minAvailable: 2 }))
    sim.settle()
    const [first, second] = sim.api.list('pods', { namespace: NS, labelSelector: 'app=web' }).items
    evictPod(sim.api, NS, first.metadata.name!)
    sim.settle()
    expect(status(sim, 'web-pdb')).toMatchObject({ currentHealthy: 2, disruptionsAllowed: 0 })
    expect(status(sim, 'web-pdb').conditions[0]).toMatchObject({
      status: 'False',
      reason: 'InsufficientPods',
    })
    let refused: StatusError | undefined
    try {
      evictPod(sim.api, NS, second.metadata.name!)
    } catch (e) {
      refused = e as StatusError
    }
    expect(refused?.status).toMatchObject({
      code: 429,
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: {
        causes: [
          {
            reason: 'DisruptionBudget',
            message: 'The disruption budget web-pdb needs 2 healthy pods and has 2 currently',
          },
        ],
      },
    })
    settleWithPods(sim)
    expect(status(sim, 'web-pdb')).toMatchObject({ currentHealthy: 3, disruptionsAllowed: 1 })
    expect(status(sim, 'web-pdb').disruptedPods).toBeUndefined()
  })

  it('reports a budget that selects no pods', () => {
    const sim = createSim({ seed: 4 })
    sim.api.create('poddisruptionbudgets.policy', pdb('lonely', 'nothing', { maxUnavailable: 1 }))
    sim.settle()
    expect(eventsOf(sim, 'lonely')).toEqual(['NoPods: No matching pods found'])
    expect(status(sim, 'lonely')).toMatchObject({
      expectedPods: 0,
      disruptionsAllowed: 0,
      observedGeneration: 1,
    })
  })

  it('refuses minAvailable together with maxUnavailable', () => {
    const sim = createSim()
    expect(() =>
      sim.api.create(
        'poddisruptionbudgets.policy',
        pdb('both', 'web', { minAvailable: 1, maxUnavailable: '120%' }),
      ),
    ).toThrow(
      /minAvailable and maxUnavailable cannot be both set.*spec.maxUnavailable: Invalid value: 120%: must not be greater than 100%/,
    )
  })
})

import { describe, expect, it } from 'vitest'
import { createSim } from '../sim.ts'

describe('resource quota controller', () => {
  it('keeps status.hard and status.used current', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create('resourcequotas', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'q', namespace: 'default' },
      spec: {
        hard: { pods: '4', 'requests.cpu': '2', 'requests.memory': '1Gi', configmaps: '10' },
      },
    })
    sim.settle()
    const base = sim.api.get('resourcequotas', 'default', 'q').status.used
    for (const name of ['a', 'b']) {
      sim.api.create('pods', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'default' },
        spec: {
          containers: [
            {
              name: 'c',
              image: 'nginx:1.27',
              resources: { requests: { cpu: '250m', memory: '64Mi' } },
            },
          ],
        },
      })
    }
    sim.settle()
    const q = sim.api.get('resourcequotas', 'default', 'q')
    expect(q.status.hard).toEqual({
      pods: '4',
      'requests.cpu': '2',
      'requests.memory': '1Gi',
      configmaps: '10',
    })
    expect(q.status.used).toEqual({
      configmaps: base.configmaps,
      pods: '2',
      'requests.cpu': '500m',
      'requests.memory': '128Mi',
    })
    sim.api.delete('pods', 'default', 'a')
    sim.advance(40_000)
    expect(sim.api.get('resourcequotas', 'default', 'q').status.used.pods).toBe('1')
  })
})

import { describe, expect, it } from 'vitest'
import { createSim } from '../sim.ts'
import { StatusError } from '../api/errors.ts'
import type { KObject } from '../api/types.ts'

const deploy = (spec: Record<string, unknown>): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx' }] },
    },
    ...spec,
  },
})

function messageOf(f: () => unknown): string {
  try {
    f()
  } catch (e) {
    if (e instanceof StatusError) return e.message
    throw e
  }
  return 'no error'
}

describe('strict field validation', () => {
  it('refuses unknown fields with the strict decoding error', () => {
    const sim = createSim()
    expect(messageOf(() => sim.api.create('deployments.apps', deploy({ replica: 3 })))).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"',
    )
  })

  it('names list items by index', () => {
    const sim = createSim()
    const obj = deploy({})
    obj.spec.template.spec.containers[0].imagee = 'x'
    expect(messageOf(() => sim.api.create('deployments.apps', obj))).toContain(
      'unknown field "spec.template.spec.containers[0].imagee"',
    )
  })

  it('warns instead with fieldValidation=Warn', () => {
    const sim = createSim()
    const { warnings } = sim.api.create('deployments.apps', deploy({ replica: 3 }), {
      fieldValidation: 'Warn',
    })
    expect(warnings).toEqual(['unknown field "spec.replica"'])
  })

  it('reports type mismatches like the JSON decoder', () => {
    const sim = createSim()
    expect(messageOf(() => sim.api.create('deployments.apps', deploy({ replicas: '3' })))).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    )
  })

  it('accepts maps with any keys and quantities as strings or numbers', () => {
    const sim = createSim()
    const obj = deploy({ replicas: 2 })
    obj.spec.template.spec.containers[0].resources = { limits: { cpu: 1, memory: '128Mi' } }
    obj.metadata.labels = { 'any.key/x': 'y' }
    expect(() =>
      sim.api.create('deployments.apps', obj, { fieldValidation: 'Strict' }),
    ).not.toThrow()
  })
})

import { describe, expect, it } from 'vitest'
import { createSim } from '../../sim.ts'
import { deployment, NS, statusError } from './fixtures.ts'

describe('deployment validation', () => {
  it('requires a selector matching the template labels', () => {
    const sim = createSim()
    const d = deployment('web', 1)
    delete d.spec.selector
    expect(statusError(() => sim.api.create('deployments.apps', d)).message).toBe(
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]',
    )
    const other = deployment('web', 1)
    other.spec.selector = { matchLabels: { app: 'other' } }
    expect(statusError(() => sim.api.create('deployments.apps', other)).message).toBe(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    )
  })

  it('refuses negative replicas, zero surge with zero unavailable, and bad percentages', () => {
    const sim = createSim()
    expect(statusError(() => sim.api.create('deployments.apps', deployment('a', -1))).message).toBe(
      'Deployment.apps "a" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    )
    const zero = deployment('b', 1, 'nginx', {
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } },
    })
    expect(statusError(() => sim.api.create('deployments.apps', zero)).message).toBe(
      'Deployment.apps "b" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    )
    const pct = deployment('c', 1, 'nginx', {
      strategy: { rollingUpdate: { maxSurge: '50', maxUnavailable: '120%' } },
    })
    expect(statusError(() => sim.api.create('deployments.apps', pct)).message).toBe(
      "Deployment.apps \"c\" is invalid: [spec.strategy.rollingUpdate.maxSurge: Invalid value: 50: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%'), spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 120%: must not be greater than 100%]",
    )
  })

  it('keeps the selector immutable', () => {
    const sim = createSim()
    sim.api.create('deployments.apps', deployment('web', 1))
    const d = structuredClone(sim.api.get('deployments.apps', NS, 'web'))
    d.spec.selector = { matchLabels: { app: 'web', tier: 'x' } }
    d.spec.template.metadata.labels = { app: 'web', tier: 'x' }
    expect(statusError(() => sim.api.update('deployments.apps', d)).message).toBe(
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    )
  })

  it('defaults like apps/v1', () => {
    const sim = createSim()
    const d = deployment('web', 1)
    delete d.spec.replicas
    const { object } = sim.api.create('deployments.apps', d)
    expect(object.spec).toMatchObject({
      replicas: 1,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    })
    expect(object.status).toEqual({})
  })
})

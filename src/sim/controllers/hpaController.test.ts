import { describe, expect, it } from 'vitest'
import { createSim, Sim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import { hpaToV1 } from '../registry/autoscaling.ts'
import { defaultCluster } from '../cluster/spec.ts'
import { eventsOf, settleWithPods } from './testPods.ts'

const NS = 'default'
/** A cluster with metrics-server installed, as the HPA needs. */
const withMetrics = (seed: number): Sim =>
  createSim({ seed, cluster: { ...defaultCluster(), metricsServer: true } })

function deploy(sim: Sim, name: string, replicas: number, container: any): void {
  sim.api.create('deployments.apps', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, ...container }] },
      },
    },
  })
  settleWithPods(sim)
}

function hpa(name: string, min: number, max: number, target = 50): KObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: min,
      maxReplicas: max,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } },
        },
      ],
    },
  }
}

const hot = {
  image: 'polinux/stress',
  command: ['stress'],
  args: ['--cpu', '1'],
  resources: { requests: { cpu: '200m' } },
}
const idle = { image: 'nginx:1.25', resources: { requests: { cpu: '100m' } } }

function replicas(sim: Sim, name: string): number {
  return sim.api.get('deployments.apps', NS, name).spec.replicas
}

function conditions(sim: Sim, name: string): Record<string, string> {
  const h = sim.api.get('horizontalpodautoscalers.autoscaling', NS, name)
  return Object.fromEntries(
    h.status.conditions.map((c: any) => [c.type, `${c.status} ${c.reason}: ${c.message}`]),
  )
}

describe('horizontal pod autoscaler', () => {
  it('scales up on CPU, limited to max(2x, 4) per sync, then to maxReplicas', () => {
    const sim = withMetrics(1)
    deploy(sim, 'burn', 1, hot)
    sim.api.create('horizontalpodautoscalers.autoscaling', hpa('burn', 1, 10))
    sim.advance(14_000)
    expect(replicas(sim, 'burn')).toBe(1)
    sim.advance(1_000)
    expect(replicas(sim, 'burn')).toBe(4)
    const h = sim.api.get('horizontalpodautoscalers.autoscaling', NS, 'burn')
    expect(h.status).toMatchObject({
      currentReplicas: 1,
      desiredReplicas: 4,
      currentMetrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', current: { averageUtilization: 500, averageValue: '1' } },
        },
      ],
    })
    expect(h.status.lastScaleTime).toBeDefined()
    expect(conditions(sim, 'burn')).toEqual({
      AbleToScale:
        'True SucceededRescale: the HPA controller was able to update the target scale to 4',
      ScalingActive:
        'True ValidMetricFound: the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
      ScalingLimited:
        'True ScaleUpLimit: the desired replica count is increasing faster than the maximum scale rate',
    })
    expect(eventsOf(sim, 'burn', 'HorizontalPodAutoscaler')).toEqual([
      'SuccessfulRescale: New size: 4; reason: cpu resource utilization (percentage of request) above target',
    ])
    sim.advance(120_000)
    expect(replicas(sim, 'burn')).toBe(10)
    expect(conditions(sim, 'burn').ScalingLimited).toBe(
      'True TooManyReplicas: the desired replica count is more than the maximum replica count',
    )
  })

  it('scales down only after the five-minute stabilization window', () => {
    const sim = withMetrics(2)
    deploy(sim, 'calm', 5, idle)
    sim.api.create('horizontalpodautoscalers.autoscaling', hpa('calm', 1, 10))
    sim.advance(15_000)
    expect(conditions(sim, 'calm').AbleToScale).toBe(
      'True ScaleDownStabilized: recent recommendations were higher than current one, applying the highest recent recommendation',
    )
    sim.advance(300_000)
    expect(replicas(sim, 'calm')).toBe(5)
    sim.advance(15_000)
    expect(replicas(sim, 'calm')).toBe(1)
    expect(eventsOf(sim, 'calm', 'HorizontalPodAutoscaler')).toEqual([
      'SuccessfulRescale: New size: 1; reason: All metrics below target',
    ])
    expect(conditions(sim, 'calm').ScalingLimited).toBe(
      'True TooFewReplicas: the desired replica count is less than the minimum replica count',
    )
  })

  it('follows a scale-down policy of one pod per minute from spec.behavior', () => {
    const sim = withMetrics(9)
    deploy(sim, 'calm', 5, idle)
    const h = hpa('calm', 1, 10)
    h.spec.behavior = {
      scaleDown: {
        stabilizationWindowSeconds: 0,
        policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
      },
    }
    const { object } = sim.api.create('horizontalpodautoscalers.autoscaling', h)
    expect(object.spec.behavior).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
      },
    })
    const seen: number[] = []
    for (let i = 0; i < 8; i++) {
      sim.advance(15_000)
      seen.push(replicas(sim, 'calm'))
    }
    expect(seen).toEqual([4, 4, 4, 4, 3, 3, 3, 3])
    expect(conditions(sim, 'calm').ScalingLimited).toBe(
      'True ScaleDownLimit: the desired replica count is decreasing faster than the maximum scale rate',
    )
  })

  it('keeps its stabilization memory across a snapshot and restore', () => {
    const run = (restoreAt?: number): number[] => {
      let sim = withMetrics(6)
      deploy(sim, 'calm', 4, idle)
      sim.api.create('horizontalpodautoscalers.autoscaling', hpa('calm', 1, 10))
      const seen: number[] = []
      for (let t = 0; t < 360_000; t += 15_000) {
        if (t === restoreAt) sim = Sim.restore(structuredClone(sim.snapshot()))
        sim.advance(15_000)
        seen.push(replicas(sim, 'calm'))
      }
      return seen
    }
    const straight = run()
    expect(straight.at(-1)).toBe(1)
    expect(run(150_000)).toEqual(straight)
  })

  it('reports the missing CPU request the way the controller does', () => {
    const sim = withMetrics(3)
    deploy(sim, 'web', 1, { image: 'nginx:1.25' })
    sim.api.create('horizontalpodautoscalers.autoscaling', hpa('web', 1, 5))
    sim.advance(15_000)
    const pod = sim.api.list('pods', { namespace: NS, labelSelector: 'app=web' }).items[0].metadata
      .name
    const why = `failed to get cpu utilization: missing request for cpu in container web of Pod ${pod}`
    expect(eventsOf(sim, 'web', 'HorizontalPodAutoscaler')).toEqual([
      `FailedGetResourceMetric: ${why}`,
      `FailedComputeMetricsReplicas: invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${why}`,
    ])
    expect(conditions(sim, 'web').ScalingActive).toBe(
      `False FailedGetResourceMetric: the HPA was unable to compute the replica count: ${why}`,
    )
    const h = sim.api.get('horizontalpodautoscalers.autoscaling', NS, 'web')
    expect(h.status).toMatchObject({
      currentReplicas: 1,
      desiredReplicas: 0,
      currentMetrics: [{ type: '' }],
    })
  })

  it('cannot read metrics on a cluster without metrics-server', () => {
    const sim = createSim({ seed: 7 })
    deploy(sim, 'web', 1, idle)
    sim.api.create('horizontalpodautoscalers.autoscaling', hpa('web', 1, 5))
    sim.advance(15_000)
    const why =
      'failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)'
    expect(eventsOf(sim, 'web', 'HorizontalPodAutoscaler')[0]).toBe(
      `FailedGetResourceMetric: ${why}`,
    )
    expect(conditions(sim, 'web').ScalingActive).toBe(
      `False FailedGetResourceMetric: the HPA was unable to compute the replica count: ${why}`,
    )
  })

  it('brings replicas up to minReplicas before looking at metrics', () => {
    const sim = createSim({ seed: 8 })
    deploy(sim, 'web', 2, { image: 'nginx:1.25' })
    sim.api.create('horizontalpodautoscalers.autoscaling', hpa('web', 4, 6))
    sim.advance(15_000)
    expect(replicas(sim, 'web')).toBe(4)
    expect(eventsOf(sim, 'web', 'HorizontalPodAutoscaler')).toEqual([
      'SuccessfulRescale: New size: 4; reason: Current number of replicas below Spec.MinReplicas',
    ])
  })

  it('reports a missing scale target', () => {
    const sim = withMetrics(4)
    sim.api.create('horizontalpodautoscalers.autoscaling', hpa('nope', 1, 5))
    sim.advance(15_000)
    expect(eventsOf(sim, 'nope', 'HorizontalPodAutoscaler')).toEqual([
      'FailedGetScale: deployments/scale.apps "nope" not found',
    ])
    expect(conditions(sim, 'nope').AbleToScale).toBe(
      'False FailedGetScale: the HPA controller was unable to get the target\'s current scale: deployments/scale.apps "nope" not found',
    )
  })

  it('stores autoscaling/v1 objects as v2 and converts back', () => {
    const sim = withMetrics(5)
    const { object } = sim.api.create('horizontalpodautoscalers.autoscaling', {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        maxReplicas: 3,
        targetCPUUtilizationPercentage: 60,
      },
    })
    expect(object.apiVersion).toBe('autoscaling/v2')
    expect(object.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      maxReplicas: 3,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
        },
      ],
      minReplicas: 1,
    })
    expect(hpaToV1(object).spec).toEqual({
      maxReplicas: 3,
      minReplicas: 1,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      targetCPUUtilizationPercentage: 60,
    })
  })

  it('validates replica bounds', () => {
    const sim = createSim()
    const bad = hpa('web', 3, 2)
    expect(() => sim.api.create('horizontalpodautoscalers.autoscaling', bad)).toThrow(
      'HorizontalPodAutoscaler.autoscaling "web" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`',
    )
  })
})

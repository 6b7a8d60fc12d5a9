// Metric evaluation of horizontal.go (computeReplicasForMetrics and the Resource metric source),
// reading usage from the container runtime the way metrics-server reads it from the kubelets.
import type { KObject } from '../api/types.ts'
import { formatQuantity } from '../registry/quantity.ts'
import type { ContainerRuntime } from '../kubelet/runtimeApi.ts'
import type { ClusterSpec } from '../cluster/spec.ts'
import type { ControllerContext } from '../runtime/controller.ts'
import { resourceReplicas, type PodMetrics } from './hpaCalculator.ts'
import type { Scale } from './hpaScale.ts'
import { setCondition } from './hpaStatus.ts'

export const SOURCE = { component: 'horizontal-pod-autoscaler' }
const METRICS_UNAVAILABLE =
  'unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)'

class MetricError extends Error {
  constructor(
    message: string,
    readonly condition: { reason: string; message: string },
  ) {
    super(message)
  }
}

function podMetrics(ctx: ControllerContext, pods: KObject[], resource: string): PodMetrics {
  // Without metrics-server (a fresh kubeadm cluster) the resource metrics API is not served.
  if (!ctx.service<ClusterSpec>('cluster').metricsServer) throw new Error(METRICS_UNAVAILABLE)
  let runtime: ContainerRuntime
  try {
    runtime = ctx.service<ContainerRuntime>('runtime')
  } catch {
    throw new Error(METRICS_UNAVAILABLE)
  }
  const out: PodMetrics = new Map()
  for (const pod of pods) {
    const usage = runtime.usage(pod)
    if (!usage.length) continue
    const total = usage.reduce(
      (n, u) => n + (resource === 'cpu' ? u.cpuMilli : Math.round(u.memoryBytes * 1000)),
      0,
    )
    out.set(pod.metadata.name!, total)
  }
  return out
}

/** computeStatusForResourceMetric for a Utilization target. */
function resourceMetric(
  ctx: ControllerContext,
  hpa: KObject,
  spec: any,
  current: number,
  pods: KObject[],
): { replicas: number; name: string; status: any } {
  const res = spec.resource ?? {}
  const target = res.target ?? {}
  const fail = (err: string): never => {
    const message = `failed to get ${res.name} utilization: ${err}`
    ctx.recorder.warning(hpa, 'FailedGetResourceMetric', message, { source: SOURCE })
    throw new MetricError(`failed to get ${res.name} resource metric value: ${message}`, {
      reason: 'FailedGetResourceMetric',
      message: `the HPA was unable to compute the replica count: ${message}`,
    })
  }
  if (typeof target.averageUtilization !== 'number') {
    const message =
      'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set'
    return fail(message)
  }
  let proposal
  try {
    let metrics: PodMetrics
    try {
      metrics = podMetrics(ctx, pods, res.name)
    } catch (e) {
      throw new Error(`unable to get metrics for resource ${res.name}: ${(e as Error).message}`, {
        cause: e,
      })
    }
    proposal = resourceReplicas(
      current,
      target.averageUtilization,
      res.name,
      pods,
      metrics,
      ctx.clock.now(),
    )
  } catch (e) {
    return fail((e as Error).message)
  }
  // Metrics and requests are milli-units of the resource (MilliValue), as upstream sums them.
  const averageValue = formatQuantity(proposal.rawAverage / 1000)
  return {
    replicas: proposal.replicas,
    name: `${res.name} resource utilization (percentage of request)`,
    status: {
      type: 'Resource',
      resource: {
        name: res.name,
        current: { averageUtilization: proposal.utilization, averageValue },
      },
    },
  }
}

/** computeReplicasForMetrics: the largest proposal wins; all invalid is an error. */
export function replicasForMetrics(
  ctx: ControllerContext,
  hpa: KObject,
  scale: Scale,
): { replicas: number; name: string; statuses: any[]; error?: string } {
  const specs: any[] = hpa.spec.metrics ?? []
  const statuses: any[] = specs.map(() => ({ type: '' }))
  if (!scale.selector) {
    ctx.recorder.warning(hpa, 'SelectorRequired', 'selector is required', { source: SOURCE })
    setCondition(
      hpa,
      'ScalingActive',
      'False',
      'InvalidSelector',
      "the HPA target's scale is missing a selector",
      ctx.clock.iso(),
    )
    return { replicas: -1, name: '', statuses: [], error: 'selector is required' }
  }
  const ns = hpa.metadata.namespace + '/'
  const pods: KObject[] = []
  for (const [key, pod] of ctx.api.store.table('pods'))
    if (key.startsWith(ns) && scale.matches(pod.metadata.labels)) pods.push(pod)
  let replicas = 0
  let name = ''
  let invalid = 0
  let firstError: MetricError | undefined
  specs.forEach((spec, i) => {
    try {
      if (spec?.type !== 'Resource')
        throw new MetricError(`unable to get metric ${spec?.type}: not simulated`, {
          reason: 'FailedGetMetric',
          message:
            'the HPA was unable to compute the replica count: this metric type is not simulated',
        })
      const r = resourceMetric(ctx, hpa, spec, scale.replicas, pods)
      statuses[i] = r.status
      if (replicas === 0 || r.replicas > replicas) {
        replicas = r.replicas
        name = r.name
      }
    } catch (e) {
      if (!(e instanceof MetricError)) throw e
      if (invalid === 0) firstError = e
      invalid++
    }
  })
  if (firstError && (invalid >= specs.length || replicas < scale.replicas)) {
    setCondition(
      hpa,
      'ScalingActive',
      'False',
      firstError.condition.reason,
      firstError.condition.message,
      ctx.clock.iso(),
    )
    return {
      replicas: -1,
      name: '',
      statuses,
      error: `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError.message}`,
    }
  }
  setCondition(
    hpa,
    'ScalingActive',
    'True',
    'ValidMetricFound',
    `the HPA was able to successfully calculate a replica count from ${name}`,
    ctx.clock.iso(),
  )
  return { replicas, name, statuses }
}

// The resource-utilization replica calculation of pkg/controller/podautoscaler/replica_calculator.go.
import type { KObject } from '../api/types.ts'
import { milliValue } from '../registry/quantity.ts'
import { condition } from './podStatus.ts'

/** --horizontal-pod-autoscaler-tolerance */
export const TOLERANCE = 0.1
/** --horizontal-pod-autoscaler-cpu-initialization-period */
const CPU_INITIALIZATION_MS = 5 * 60_000
/** --horizontal-pod-autoscaler-initial-readiness-delay */
const INITIAL_READINESS_DELAY_MS = 30_000
/** The window metrics-server reports a sample over. */
export const METRIC_WINDOW_MS = 15_000

export interface ReplicaProposal {
  replicas: number
  utilization: number
  /** Average usage per pod, in millicores. */
  rawAverage: number
}

/** Pod name → usage in millicores, as the resource metrics API reports it. */
export type PodMetrics = Map<string, number>

/** calculatePodRequests: a container without a request makes the metric unusable. */
function podRequests(pods: KObject[], resource: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const pod of pods) {
    let total = 0
    for (const c of pod.spec?.containers ?? []) {
      const req = c?.resources?.requests?.[resource]
      if (req === undefined)
        throw new Error(
          `missing request for ${resource} in container ${c?.name} of Pod ${pod.metadata.name}`,
        )
      total += milliValue(req)
    }
    out.set(pod.metadata.name!, total)
  }
  return out
}

/** GetResourceUtilizationRatio */
function utilizationRatio(
  metrics: PodMetrics,
  requests: Map<string, number>,
  target: number,
): { ratio: number; utilization: number; raw: number } {
  let used = 0
  let requested = 0
  let n = 0
  for (const [name, value] of metrics) {
    const r = requests.get(name)
    if (r === undefined) continue
    used += value
    requested += r
    n++
  }
  if (requested === 0) throw new Error('no metrics returned matched known pods')
  const utilization = Math.trunc((used * 100) / requested)
  return { ratio: utilization / target, utilization, raw: Math.trunc(used / n) }
}

/** groupPods: which pods count, which lack metrics, which are too fresh or unready to trust. */
function groupPods(pods: KObject[], metrics: PodMetrics, resource: string, now: number) {
  let readyCount = 0
  const unready = new Set<string>()
  const missing = new Set<string>()
  const ignored = new Set<string>()
  for (const pod of pods) {
    const name = pod.metadata.name!
    const phase = pod.status?.phase
    if (pod.metadata.deletionTimestamp || phase === 'Failed' || phase === 'Pending') {
      ignored.add(name)
      continue
    }
    if (!metrics.has(name)) {
      missing.add(name)
      continue
    }
    if (resource === 'cpu') {
      const ready = condition(pod, 'Ready')
      const start = pod.status?.startTime ? Date.parse(pod.status.startTime) : NaN
      let isUnready: boolean
      if (!ready || !Number.isFinite(start)) {
        isUnready = true
      } else {
        const transition = Date.parse(ready.lastTransitionTime ?? '') || 0
        if (start + CPU_INITIALIZATION_MS > now) {
          isUnready = ready.status === 'False' || now < transition + METRIC_WINDOW_MS
        } else {
          isUnready = ready.status === 'False' && start + INITIAL_READINESS_DELAY_MS > transition
        }
      }
      if (isUnready) {
        unready.add(name)
        continue
      }
    }
    readyCount++
  }
  return { readyCount, unready, missing, ignored }
}

/** GetResourceReplicas */
export function resourceReplicas(
  current: number,
  target: number,
  resource: string,
  pods: KObject[],
  metrics: PodMetrics,
  now: number,
): ReplicaProposal {
  if (pods.length === 0)
    throw new Error('no pods returned by selector while calculating replica count')
  const { readyCount, unready, missing, ignored } = groupPods(pods, metrics, resource, now)
  const usable: PodMetrics = new Map(metrics)
  for (const name of [...ignored, ...unready]) usable.delete(name)
  if (usable.size === 0)
    throw new Error('did not receive metrics for targeted pods (pods might be unready)')
  const requests = podRequests(pods, resource)
  const { ratio, utilization, raw } = utilizationRatio(usable, requests, target)
  const same = { replicas: current, utilization, rawAverage: raw }
  const scaleUpWithUnready = ratio > 1 && unready.size > 0
  if (!scaleUpWithUnready && missing.size === 0) {
    if (Math.abs(1 - ratio) <= TOLERANCE) return same
    return { ...same, replicas: Math.ceil(ratio * readyCount) }
  }
  // Missing pods are assumed at 100% (or the target) when scaling down, idle when scaling up.
  if (missing.size > 0) {
    for (const name of missing) {
      if (ratio < 1)
        usable.set(name, Math.trunc((requests.get(name)! * Math.max(100, target)) / 100))
      else if (ratio > 1) usable.set(name, 0)
    }
  }
  if (scaleUpWithUnready) for (const name of unready) usable.set(name, 0)
  const next = utilizationRatio(usable, requests, target).ratio
  if (Math.abs(1 - next) <= TOLERANCE || (ratio < 1 && next > 1) || (ratio > 1 && next < 1))
    return same
  const replicas = Math.ceil(next * usable.size)
  if ((next < 1 && replicas > current) || (next > 1 && replicas < current)) return same
  return { ...same, replicas }
}

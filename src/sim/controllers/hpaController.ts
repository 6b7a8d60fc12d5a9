// The horizontal pod autoscaler (pkg/controller/podautoscaler/horizontal.go), autoscaling/v2.
// CPU and memory Resource metrics come from the container runtime's usage, the way metrics-server
// reads them from the kubelets.
import type { KObject } from '../api/types.ts'
import { clone } from '../apiserver/store.ts'
import { formatQuantity } from '../registry/quantity.ts'
import type { ContainerRuntime } from '../kubelet/runtimeApi.ts'
import type { ClusterSpec } from '../cluster/spec.ts'
import { keyOf, splitKey, type Controller, type ControllerContext } from '../runtime/controller.ts'
import {
  limitWithBehavior,
  limitWithRules,
  recordScaleEvent,
  stabilize,
  stabilizeWithBehavior,
  STABILIZED_DOWN,
  type HpaMemory,
} from './hpaBehavior.ts'
import { resourceReplicas, type PodMetrics } from './hpaCalculator.ts'
import { getScale, type Scale } from './hpaScale.ts'

const HPA = 'horizontalpodautoscalers.autoscaling'
/** --horizontal-pod-autoscaler-sync-period */
export const HPA_SYNC_MS = 15_000
const SOURCE = { component: 'horizontal-pod-autoscaler' }
const METRICS_UNAVAILABLE =
  'unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)'

/** setConditionInList: updates in place; the transition time moves only with the status. */
function setCondition(
  hpa: KObject,
  type: string,
  status: string,
  reason: string,
  message: string,
  now: string,
): void {
  const list: any[] = hpa.status.conditions ?? []
  let c = list.find((x) => x.type === type)
  if (!c) {
    c = { type }
    list.push(c)
  }
  if (c.status !== status) c.lastTransitionTime = now
  c.status = status
  c.reason = reason
  c.message = message
  hpa.status.conditions = list.map((x) => ({
    type: x.type,
    status: x.status,
    lastTransitionTime: x.lastTransitionTime,
    reason: x.reason,
    message: x.message,
  }))
}

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
function replicasForMetrics(
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

function newMemory(): HpaMemory {
  return { recommendations: [], scaleUps: [], scaleDowns: [] }
}

export function hpaController(): Controller {
  let memory = new Map<string, HpaMemory>()
  /** When each HPA may sync next: the controller's queue releases a key once per sync period. */
  let nextSync = new Map<string, number>()

  function reconcileHpa(key: string, ctx: ControllerContext): void {
    const { namespace, name } = splitKey(key)
    const stored = ctx.api.tryGet(HPA, namespace, name)
    if (!stored) {
      memory.delete(key)
      nextSync.delete(key)
      return
    }
    const now = ctx.clock.now()
    const due = nextSync.get(key)
    if (due === undefined || now < due) {
      if (due === undefined) nextSync.set(key, now + HPA_SYNC_MS)
      ctx.requeueAt(key, nextSync.get(key)!)
      return
    }
    nextSync.set(key, now + HPA_SYNC_MS)
    ctx.requeueAt(key, now + HPA_SYNC_MS)
    const hpa = clone(stored)
    hpa.status = clone(stored.status ?? {})
    sync(ctx, key, hpa)
    const status = orderStatus(hpa.status)
    if (JSON.stringify(status) !== JSON.stringify(stored.status ?? {}))
      ctx.api.updateStatus(HPA, { ...stored, status })
  }

  function sync(ctx: ControllerContext, key: string, hpa: KObject): void {
    const iso = ctx.clock.iso()
    const now = ctx.clock.now()
    let scale: Scale
    try {
      scale = getScale(ctx, hpa)
    } catch (e) {
      const msg = (e as Error).message
      ctx.recorder.warning(hpa, 'FailedGetScale', msg, { source: SOURCE })
      setCondition(
        hpa,
        'AbleToScale',
        'False',
        'FailedGetScale',
        `the HPA controller was unable to get the target's current scale: ${msg}`,
        iso,
      )
      return
    }
    setCondition(
      hpa,
      'AbleToScale',
      'True',
      'SucceededGetScale',
      "the HPA controller was able to get the target's current scale",
      iso,
    )
    const current = scale.replicas
    let mem = memory.get(key)
    if (!mem) {
      mem = newMemory()
      mem.recommendations.push({ replicas: current, at: now })
      memory.set(key, mem)
    }
    const min = hpa.spec.minReplicas ?? 1
    const max = hpa.spec.maxReplicas
    let desired = 0
    let reason = ''
    let statuses: any[] | undefined
    let rescale = true
    if (current === 0 && min !== 0) {
      rescale = false
      setCondition(
        hpa,
        'ScalingActive',
        'False',
        'ScalingDisabled',
        'scaling is disabled since the replica count of the target is zero',
        iso,
      )
    } else if (current > max) {
      reason = 'Current number of replicas above Spec.MaxReplicas'
      desired = max
    } else if (current < min) {
      reason = 'Current number of replicas below Spec.MinReplicas'
      desired = min
    } else {
      const m = replicasForMetrics(ctx, hpa, scale)
      statuses = m.statuses
      if (m.replicas === -1) {
        setStatus(hpa, current, hpa.status.desiredReplicas ?? 0, statuses, false, iso)
        ctx.recorder.warning(hpa, 'FailedComputeMetricsReplicas', m.error!, { source: SOURCE })
        return
      }
      desired = m.replicas
      if (desired > current) reason = `${m.name} above target`
      if (desired < current) reason = 'All metrics below target'
      desired = normalize(hpa, mem, current, desired, min, now, iso)
      rescale = desired !== current
    }
    if (rescale) {
      try {
        const target = clone(
          ctx.api.get(scale.resource, scale.target.metadata.namespace, scale.target.metadata.name!),
        )
        target.spec.replicas = desired
        ctx.api.update(scale.resource, target, { internal: true })
      } catch (e) {
        const msg = (e as Error).message
        ctx.recorder.warning(
          hpa,
          'FailedRescale',
          `New size: ${desired}; reason: ${reason}; error: ${msg}`,
          { source: SOURCE },
        )
        setCondition(
          hpa,
          'AbleToScale',
          'False',
          'FailedUpdateScale',
          `the HPA controller was unable to update the target scale: ${msg}`,
          iso,
        )
        setStatus(hpa, current, current, statuses, false, iso)
        return
      }
      setCondition(
        hpa,
        'AbleToScale',
        'True',
        'SucceededRescale',
        `the HPA controller was able to update the target scale to ${desired}`,
        iso,
      )
      ctx.recorder.normal(hpa, 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`, {
        source: SOURCE,
      })
      recordScaleEvent(mem, hpa.spec.behavior, current, desired, now)
    } else {
      desired = current
    }
    setStatus(hpa, current, desired, statuses, rescale, iso)
  }

  return {
    name: 'horizontal-pod-autoscaler',
    watches: [{ resource: HPA, keys: (ev) => [keyOf(ev.object)] }],
    initialKeys: (ctx) => ctx.api.list(HPA).items.map(keyOf),
    reconcile: reconcileHpa,
    saveState: () => ({
      memory: [...memory.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      nextSync: [...nextSync.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    }),
    loadState(state) {
      const s = state as { memory: [string, HpaMemory][]; nextSync: [string, number][] }
      memory = new Map(s.memory)
      nextSync = new Map(s.nextSync)
    },
  }
}

/** normalizeDesiredReplicas (with or without behavior). */
function normalize(
  hpa: KObject,
  mem: HpaMemory,
  current: number,
  desired: number,
  min: number,
  now: number,
  iso: string,
): number {
  const max = hpa.spec.maxReplicas
  const behavior = hpa.spec.behavior
  let stabilized: number
  if (behavior) {
    const s = stabilizeWithBehavior(mem, behavior, current, desired, now)
    stabilized = s.replicas
    if (stabilized !== desired) setCondition(hpa, 'AbleToScale', 'True', s.reason, s.message, iso)
  } else {
    stabilized = stabilize(mem, desired, now)
    if (stabilized !== desired)
      setCondition(hpa, 'AbleToScale', 'True', STABILIZED_DOWN.reason, STABILIZED_DOWN.message, iso)
  }
  if (stabilized === desired)
    setCondition(
      hpa,
      'AbleToScale',
      'True',
      'ReadyForNewScale',
      'recommended size matches current size',
      iso,
    )
  const limited = behavior
    ? limitWithBehavior(mem, behavior, current, stabilized, min, max, now)
    : limitWithRules(current, stabilized, min, max)
  setCondition(
    hpa,
    'ScalingLimited',
    limited.replicas === stabilized ? 'False' : 'True',
    limited.condition,
    limited.message,
    iso,
  )
  return limited.replicas
}

function setStatus(
  hpa: KObject,
  current: number,
  desired: number,
  statuses: any[] | undefined,
  rescale: boolean,
  iso: string,
): void {
  const s: any = {}
  if (hpa.status.lastScaleTime) s.lastScaleTime = hpa.status.lastScaleTime
  if (rescale) s.lastScaleTime = iso
  if (current) s.currentReplicas = current
  s.desiredReplicas = desired
  if (statuses?.length) s.currentMetrics = statuses
  if (hpa.status.conditions) s.conditions = hpa.status.conditions
  hpa.status = s
}

function orderStatus(s: any): any {
  const out: any = {}
  for (const k of [
    'observedGeneration',
    'lastScaleTime',
    'currentReplicas',
    'desiredReplicas',
    'currentMetrics',
    'conditions',
  ])
    if (s[k] !== undefined) out[k] = s[k]
  return out
}

// The horizontal pod autoscaler (pkg/controller/podautoscaler/horizontal.go), autoscaling/v2.
// CPU and memory Resource metrics come from the container runtime's usage, the way metrics-server
// reads them from the kubelets.
import type { KObject } from '../api/types.ts'
import { clone } from '../apiserver/store.ts'
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
import { replicasForMetrics, SOURCE } from './hpaMetrics.ts'
import { getScale, type Scale } from './hpaScale.ts'
import { orderStatus, setCondition, setStatus } from './hpaStatus.ts'

const HPA = 'horizontalpodautoscalers.autoscaling'
/** --horizontal-pod-autoscaler-sync-period */
export const HPA_SYNC_MS = 15_000

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

// HorizontalPodAutoscaler: stored as autoscaling/v2 (the storage version), so an autoscaling/v1
// object is converted on write, the CPU target becoming a Resource metric as upstream's conversion
// does. `hpaToV1` converts back for clients that read autoscaling/v1.
import type { KObject, StatusCause } from '../api/types.ts'
import { fieldErr } from '../api/errors.ts'
import { registerStrategy } from '../apiserver/strategy.ts'
import { clone } from '../apiserver/store.ts'

/** Default CPU target when none is given (v1 conversion and v2 defaulting agree). */
export const DEFAULT_CPU_UTILIZATION = 80

function cpuMetric(utilization: number): any {
  return {
    type: 'Resource',
    resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: utilization } },
  }
}

/** autoscaling/v1 → v2 (Convert_v1_HorizontalPodAutoscaler_To_autoscaling_HorizontalPodAutoscaler). */
function fromV1(obj: KObject): void {
  const spec = obj.spec ?? {}
  const target = spec.targetCPUUtilizationPercentage
  delete spec.targetCPUUtilizationPercentage
  spec.metrics = [cpuMetric(typeof target === 'number' ? target : DEFAULT_CPU_UTILIZATION)]
  obj.spec = spec
  obj.apiVersion = 'autoscaling/v2'
}

/** The autoscaling/v1 view of a stored HPA: the CPU utilization target and current value. */
export function hpaToV1(obj: KObject): KObject {
  const out = clone(obj)
  out.apiVersion = 'autoscaling/v1'
  const cpu = (obj.spec?.metrics ?? []).find(
    (m: any) => m?.type === 'Resource' && m.resource?.name === 'cpu',
  )
  const spec: any = {
    maxReplicas: obj.spec?.maxReplicas,
    minReplicas: obj.spec?.minReplicas,
    scaleTargetRef: obj.spec?.scaleTargetRef,
  }
  const target = cpu?.resource?.target?.averageUtilization
  if (typeof target === 'number') spec.targetCPUUtilizationPercentage = target
  out.spec = spec
  const s = obj.status ?? {}
  const status: any = {}
  if (s.observedGeneration !== undefined) status.observedGeneration = s.observedGeneration
  if (s.lastScaleTime) status.lastScaleTime = s.lastScaleTime
  status.currentReplicas = s.currentReplicas ?? 0
  status.desiredReplicas = s.desiredReplicas ?? 0
  const current = (s.currentMetrics ?? []).find(
    (m: any) => m?.type === 'Resource' && m.resource?.name === 'cpu',
  )
  const util = current?.resource?.current?.averageUtilization
  if (typeof util === 'number') status.currentCPUUtilizationPercentage = util
  out.status = status
  return out
}

function scaleUpRules(r: any): any {
  return {
    stabilizationWindowSeconds: r?.stabilizationWindowSeconds ?? 0,
    selectPolicy: r?.selectPolicy ?? 'Max',
    policies: r?.policies ?? [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ],
  }
}

function scaleDownRules(r: any): any {
  // No default window here: the controller applies its own 5-minute one when none is set.
  const out: any = {}
  if (r?.stabilizationWindowSeconds !== undefined)
    out.stabilizationWindowSeconds = r.stabilizationWindowSeconds
  out.selectPolicy = r?.selectPolicy ?? 'Max'
  out.policies = r?.policies ?? [{ type: 'Percent', value: 100, periodSeconds: 15 }]
  return out
}

function defaults(obj: KObject): void {
  if (obj.apiVersion === 'autoscaling/v1') fromV1(obj)
  obj.spec ??= {}
  obj.spec.minReplicas ??= 1
  if (!Array.isArray(obj.spec.metrics) || obj.spec.metrics.length === 0)
    obj.spec.metrics = [cpuMetric(DEFAULT_CPU_UTILIZATION)]
  const b = obj.spec.behavior
  if (b && typeof b === 'object') {
    obj.spec.behavior = { scaleUp: scaleUpRules(b.scaleUp), scaleDown: scaleDownRules(b.scaleDown) }
  }
}

const TARGET_TYPES = ['Utilization', 'Value', 'AverageValue']

function validateMetric(m: any, path: string): StatusCause[] {
  if (m?.type !== 'Resource' && m?.type !== 'ContainerResource') {
    if (!m?.type) return [fieldErr.required(`${path}.type`, 'must specify a metric source type')]
    return []
  }
  const key = m.type === 'Resource' ? 'resource' : 'containerResource'
  const src = m[key]
  if (!src)
    return [
      fieldErr.required(`${path}.${key}`, 'must populate information for the given metric source'),
    ]
  const errs: StatusCause[] = []
  if (!src.name) errs.push(fieldErr.required(`${path}.${key}.name`, 'must specify a resource name'))
  const t = src.target
  const tp = `${path}.${key}.target`
  if (!t?.type) errs.push(fieldErr.required(`${tp}.type`, 'must specify a metric target type'))
  else if (!TARGET_TYPES.includes(t.type))
    errs.push(
      fieldErr.invalid(`${tp}.type`, t.type, 'must be either Utilization, Value, or AverageValue'),
    )
  if (typeof t?.averageUtilization === 'number' && t.averageUtilization <= 0)
    errs.push(
      fieldErr.invalid(`${tp}.averageUtilization`, t.averageUtilization, 'must be greater than 0'),
    )
  if (t?.type === 'Utilization' && t.averageUtilization === undefined)
    errs.push(
      fieldErr.required(
        `${tp}.averageUtilization`,
        'must set either a target raw value or a target utilization',
      ),
    )
  return errs
}

function validate(obj: KObject): StatusCause[] {
  const spec = obj.spec ?? {}
  const errs: StatusCause[] = []
  if (typeof spec.minReplicas === 'number' && spec.minReplicas < 1)
    errs.push(
      fieldErr.invalid('spec.minReplicas', spec.minReplicas, 'must be greater than or equal to 1'),
    )
  const max = spec.maxReplicas ?? 0
  if (max < 1) errs.push(fieldErr.invalid('spec.maxReplicas', max, 'must be greater than 0'))
  if (typeof spec.minReplicas === 'number' && max < spec.minReplicas)
    errs.push(
      fieldErr.invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'),
    )
  const ref = spec.scaleTargetRef ?? {}
  if (!ref.kind) errs.push(fieldErr.required('spec.scaleTargetRef.kind'))
  if (!ref.name) errs.push(fieldErr.required('spec.scaleTargetRef.name'))
  for (const [i, m] of (spec.metrics ?? []).entries())
    errs.push(...validateMetric(m, `spec.metrics[${i}]`))
  return errs
}

registerStrategy('horizontalpodautoscalers.autoscaling', {
  defaults,
  validate,
  prepareCreate(obj) {
    obj.status = { desiredReplicas: 0 }
  },
})

// policy/v1 PodDisruptionBudget: ValidatePodDisruptionBudgetSpec and the empty initial status.
import type { KObject, StatusCause } from '../api/types.ts'
import { fieldErr } from '../api/errors.ts'
import { registerStrategy } from '../apiserver/strategy.ts'
import { notMoreThan100Percent, validatePositiveIntOrPercent } from './intOrPercent.ts'
import { invalidGo, validateLabelSelector } from './replicaTemplate.ts'

const EVICTION_POLICIES = ['IfHealthyBudget', 'AlwaysAllow']

function goIntOrString(v: unknown): string {
  return v === undefined || v === null ? '(*intstr.IntOrString)(nil)' : `"${String(v)}"`
}

function validate(obj: KObject): StatusCause[] {
  const spec = obj.spec ?? {}
  const errs: StatusCause[] = []
  const hasMin = spec.minAvailable !== undefined && spec.minAvailable !== null
  const hasMax = spec.maxUnavailable !== undefined && spec.maxUnavailable !== null
  if (hasMin && hasMax) {
    errs.push(
      invalidGo(
        'spec',
        `policy.PodDisruptionBudgetSpec{MinAvailable:${goIntOrString(spec.minAvailable)}, Selector:(*v1.LabelSelector)(nil), MaxUnavailable:${goIntOrString(spec.maxUnavailable)}}`,
        'minAvailable and maxUnavailable cannot be both set',
      ),
    )
  }
  for (const f of ['minAvailable', 'maxUnavailable']) {
    errs.push(...validatePositiveIntOrPercent(spec[f], `spec.${f}`))
    errs.push(...notMoreThan100Percent(spec[f], `spec.${f}`))
  }
  if (spec.selector) errs.push(...validateLabelSelector(spec.selector, 'spec.selector'))
  const p = spec.unhealthyPodEvictionPolicy
  if (p !== undefined && !EVICTION_POLICIES.includes(p))
    errs.push(fieldErr.notSupported('spec.unhealthyPodEvictionPolicy', p, EVICTION_POLICIES))
  return errs
}

registerStrategy('poddisruptionbudgets.policy', {
  validate,
  prepareCreate(obj) {
    obj.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 }
  },
})

import type { KObject, StatusCause } from '../api/types.ts'
import { fieldErr } from '../api/errors.ts'
import { registerStrategy } from '../apiserver/strategy.ts'
import { defaultPodOnly, defaultPodSpec, validatePodSpec } from './podSpec.ts'
import { podSpecDiff } from './podSpecDiff.ts'
import { quantityValue } from './quantity.ts'

type Spec = Record<string, any>

export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'

/** Quality of service class (qos.GetPodQOS): Guaranteed, Burstable or BestEffort. */
export function podQOSClass(spec: Spec | undefined): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]
  let any = false
  let guaranteed = true
  const sumReq: Record<string, number> = {}
  const sumLim: Record<string, number> = {}
  for (const c of containers) {
    const req = c?.resources?.requests ?? {}
    const lim = c?.resources?.limits ?? {}
    for (const r of ['cpu', 'memory']) {
      const rq = req[r] !== undefined ? quantityValue(req[r]) : undefined
      const lq = lim[r] !== undefined ? quantityValue(lim[r]) : undefined
      if ((rq ?? 0) > 0 || (lq ?? 0) > 0) any = true
      if (rq !== undefined && rq > 0) sumReq[r] = (sumReq[r] ?? 0) + rq
      if (lq !== undefined && lq > 0) sumLim[r] = (sumLim[r] ?? 0) + lq
      if (lq === undefined || lq === 0) guaranteed = false
    }
  }
  if (!any) return 'BestEffort'
  if (guaranteed) {
    for (const r of ['cpu', 'memory']) if (sumReq[r] !== sumLim[r]) guaranteed = false
  }
  return guaranteed ? 'Guaranteed' : 'Burstable'
}

/** A spec with the fields a pod update may change set to the old values. */
function mutableFieldsCleared(spec: Spec, old: Spec): Spec {
  const s: Spec = structuredClone(spec)
  for (const list of ['containers', 'initContainers']) {
    const olds = old[list] ?? []
    ;(s[list] ?? []).forEach((c: Spec, i: number) => {
      if (olds[i]) c.image = olds[i].image
    })
  }
  const oldAds = old.activeDeadlineSeconds
  const ads = s.activeDeadlineSeconds
  // activeDeadlineSeconds may be set or shortened, never removed or lengthened.
  if (ads !== undefined && (oldAds === undefined || (ads > 0 && ads <= oldAds)))
    s.activeDeadlineSeconds = oldAds
  const oldTol: Spec[] = old.tolerations ?? []
  const newTol: Spec[] = s.tolerations ?? []
  const keeps = oldTol.every((t) => newTol.some((n) => sameToleration(t, n)))
  if (keeps) {
    if (old.tolerations === undefined) delete s.tolerations
    else s.tolerations = old.tolerations
  }
  if (
    typeof old.terminationGracePeriodSeconds === 'number' &&
    old.terminationGracePeriodSeconds < 0 &&
    s.terminationGracePeriodSeconds === 1
  )
    s.terminationGracePeriodSeconds = old.terminationGracePeriodSeconds
  return s
}

function sameToleration(a: Spec, b: Spec): boolean {
  return (
    a.key === b.key &&
    (a.operator ?? 'Equal') === (b.operator ?? 'Equal') &&
    (a.value ?? '') === (b.value ?? '') &&
    (a.effect ?? '') === (b.effect ?? '') &&
    // Existing tolerations may only shorten tolerationSeconds.
    (a.tolerationSeconds === undefined ||
      (b.tolerationSeconds !== undefined && b.tolerationSeconds <= a.tolerationSeconds))
  )
}

/** ValidatePodUpdate's spec restriction, with the diff the API server appends. */
export function validatePodSpecUpdate(spec: Spec, old: Spec): StatusCause[] {
  const errs: StatusCause[] = []
  if ((spec.containers ?? []).length !== (old.containers ?? []).length) {
    errs.push(fieldErr.forbidden('spec.containers', 'pod updates may not add or remove containers'))
    return errs
  }
  const cleared = mutableFieldsCleared(spec, old)
  const diff = podSpecDiff(old, cleared)
  if (diff !== undefined) errs.push(fieldErr.forbidden('spec', `${POD_UPDATE_FORBIDDEN}\n${diff}`))
  return errs
}

registerStrategy('pods', {
  defaults(obj: KObject) {
    defaultPodSpec(obj.spec, 'Pod')
    defaultPodOnly(obj.spec)
  },
  validate(obj: KObject) {
    return validatePodSpec(obj.spec, 'spec', { forPod: true })
  },
  validateUpdate(obj: KObject, old: KObject) {
    const errs = validatePodSpec(obj.spec, 'spec', { forPod: true })
    if (errs.length) return errs
    return validatePodSpecUpdate(obj.spec ?? {}, old.spec ?? {})
  },
  prepareCreate(obj: KObject) {
    obj.status = { phase: 'Pending', qosClass: podQOSClass(obj.spec) }
  },
})

import type { KObject, StatusCause } from '../api/types.ts'
import { fieldErr } from '../api/errors.ts'
import { labelValue, qualifiedName } from '../api/names.ts'
import { registerStrategy } from '../apiserver/strategy.ts'

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute']

/** validateNodeTaints: qualified keys, label-like values, known effects, unique key+effect. */
function validateTaints(node: KObject): StatusCause[] {
  const causes: StatusCause[] = []
  const seen = new Set<string>()
  ;(node.spec?.taints ?? []).forEach((t: any, i: number) => {
    const path = `spec.taints[${i}]`
    for (const msg of qualifiedName(t.key ?? ''))
      causes.push(fieldErr.invalid(`${path}.key`, t.key ?? '', msg))
    if (t.value)
      for (const msg of labelValue(t.value))
        causes.push(fieldErr.invalid(`${path}.value`, t.value, msg))
    if (!t.effect) causes.push(fieldErr.required(`${path}.effect`))
    else if (!EFFECTS.includes(t.effect))
      causes.push(fieldErr.notSupported(`${path}.effect`, t.effect, EFFECTS))
    const k = `${t.key}\u0000${t.effect}`
    if (seen.has(k))
      causes.push({
        reason: 'FieldValueDuplicate',
        field: path,
        message: 'Duplicate value: "' + t.key + '": taints must be unique by key and effect pair',
      })
    seen.add(k)
  })
  return causes
}

/** The API server stamps NoExecute taints with the time they were added (taint eviction counts from it). */
function stampNoExecute(node: KObject, old: KObject | undefined, now: string): void {
  const taints = node.spec?.taints
  if (!Array.isArray(taints)) return
  node.spec.taints = taints.map((t: any) => {
    if (t.effect !== 'NoExecute' || t.timeAdded) return t
    const prev = (old?.spec?.taints ?? []).find(
      (o: any) => o.key === t.key && o.effect === t.effect && o.value === t.value,
    )
    return { ...t, timeAdded: prev?.timeAdded ?? now }
  })
}

registerStrategy('nodes', {
  validate: (obj) => validateTaints(obj),
  validateUpdate(obj, old) {
    const causes = validateTaints(obj)
    const oldCIDRs: string[] = old.spec?.podCIDRs ?? []
    const newCIDRs: string[] = obj.spec?.podCIDRs ?? []
    if (oldCIDRs.length && JSON.stringify(oldCIDRs) !== JSON.stringify(newCIDRs))
      causes.push(
        fieldErr.forbidden(
          'spec.podCIDRs',
          'node updates may not change podCIDR except from "" to valid',
        ),
      )
    if (old.spec?.providerID && obj.spec?.providerID !== old.spec.providerID)
      causes.push(
        fieldErr.forbidden(
          'spec.providerID',
          'node updates may not change providerID except from "" to valid',
        ),
      )
    return causes
  },
  prepareCreate: (obj, ctx) => stampNoExecute(obj, undefined, ctx.now),
  prepareUpdate: (obj, old, ctx) => stampNoExecute(obj, old, ctx.now),
})

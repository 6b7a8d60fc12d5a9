import type { KObject, StatusCause } from '../api/types.ts'
import { fieldErr } from '../api/errors.ts'
import { labelValue, qualifiedName } from '../api/names.ts'
import { matchesMapSelector, matchesSelector, type LabelSelector } from '../api/selectors.ts'
import { validatePodTemplateSpec } from './podSpec.ts'
import { goLabelSelector, goStringMap } from './goFormat.ts'

/** field.Invalid with a value already rendered the Go way (no JSON quoting). */
export function invalidGo(field: string, rendered: string, detail: string): StatusCause {
  return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${rendered}: ${detail}` }
}

/** ValidateNonnegativeField. */
export function nonNegative(value: unknown, field: string): StatusCause[] {
  return typeof value === 'number' && value < 0
    ? [fieldErr.invalid(field, value, 'must be greater than or equal to 0')]
    : []
}

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist']

/** unversionedvalidation.ValidateLabelSelector (strict label values). */
export function validateLabelSelector(sel: LabelSelector, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  for (const [i, e] of (sel.matchExpressions ?? []).entries()) {
    const p = `${path}.matchExpressions[${i}]`
    const values = e.values ?? []
    if (e.operator === 'In' || e.operator === 'NotIn') {
      if (values.length === 0)
        errs.push(
          fieldErr.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"),
        )
    } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
      if (values.length > 0)
        errs.push(
          fieldErr.forbidden(
            `${p}.values`,
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        )
    } else {
      errs.push(fieldErr.notSupported(`${p}.operator`, e.operator ?? '', OPERATORS))
    }
    for (const m of qualifiedName(e.key ?? '')) errs.push(fieldErr.invalid(`${p}.key`, e.key, m))
  }
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    for (const m of qualifiedName(k)) errs.push(fieldErr.invalid(`${path}.matchLabels`, k, m))
    for (const m of labelValue(String(v))) errs.push(fieldErr.invalid(`${path}.matchLabels`, v, m))
  }
  return errs
}

/** Selector checks shared by Deployment and ReplicaSet (ValidateDeploymentSpec / ValidateReplicaSetSpec). */
export function validateWorkloadSelector(spec: any, path: string): StatusCause[] {
  const sel = spec?.selector
  if (sel === undefined || sel === null) return [fieldErr.required(`${path}.selector`)]
  const errs = validateLabelSelector(sel, `${path}.selector`)
  const n = Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length
  if (n === 0)
    errs.push(
      invalidGo(
        `${path}.selector`,
        goLabelSelector(sel),
        'empty selector is invalid for deployment',
      ),
    )
  return errs
}

/** The template rules every replicated workload shares (restart policy, no active deadline). */
function templateRules(template: any, path: string, kind: string): StatusCause[] {
  const errs: StatusCause[] = []
  const restart = template?.spec?.restartPolicy
  if (restart !== 'Always')
    errs.push(fieldErr.notSupported(`${path}.spec.restartPolicy`, restart ?? '', ['Always']))
  const ads = template?.spec?.activeDeadlineSeconds
  if (ads !== undefined && ads !== null) {
    if (kind === 'ReplicationController')
      errs.push(
        fieldErr.forbidden(
          `${path}.spec.activeDeadlineSeconds`,
          'activeDeadlineSeconds in ReplicationController is not Supported',
        ),
      )
    else
      errs.push(
        fieldErr.invalid(
          `${path}.spec.activeDeadlineSeconds`,
          ads,
          'activeDeadlineSeconds in ReplicaSet is not Supported',
        ),
      )
  }
  return errs
}

const MISMATCH = '`selector` does not match template `labels`'

/** ValidatePodTemplateSpecForReplicaSet: a nil selector matches nothing, so it also mismatches. */
export function validateTemplateForReplicaSet(spec: any, path: string): StatusCause[] {
  const template = spec?.template
  if (!template || typeof template !== 'object') return [fieldErr.required(`${path}.template`)]
  const errs: StatusCause[] = []
  const sel: LabelSelector | undefined = spec.selector ?? undefined
  const empty =
    sel && Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0
  if (!empty && !matchesSelector(template.metadata?.labels, sel)) {
    errs.push(
      invalidGo(
        `${path}.template.metadata.labels`,
        goStringMap(template.metadata?.labels),
        MISMATCH,
      ),
    )
  }
  errs.push(...validatePodTemplateSpec(template, `${path}.template`))
  errs.push(...templateRules(template, `${path}.template`, 'ReplicaSet'))
  return errs
}

/** ValidatePodTemplateSpecForRC: map selectors; an empty one is reported separately. */
export function validateTemplateForRC(spec: any, path: string): StatusCause[] {
  const template = spec?.template
  if (!template || typeof template !== 'object') return [fieldErr.required(`${path}.template`)]
  const errs: StatusCause[] = []
  const sel: Record<string, string> | undefined = spec.selector
  if (sel && Object.keys(sel).length > 0 && !matchesMapSelector(template.metadata?.labels, sel)) {
    errs.push(
      invalidGo(
        `${path}.template.metadata.labels`,
        goStringMap(template.metadata?.labels),
        MISMATCH,
      ),
    )
  }
  errs.push(...validatePodTemplateSpec(template, `${path}.template`))
  errs.push(...templateRules(template, `${path}.template`, 'ReplicationController'))
  return errs
}

/** ValidateImmutableField for a label selector (apps/v1 forbids changing it). */
export function immutableSelector(obj: KObject, old: KObject): StatusCause[] {
  const a = JSON.stringify(obj.spec?.selector ?? null)
  const b = JSON.stringify(old.spec?.selector ?? null)
  if (canonical(a) === canonical(b)) return []
  return [invalidGo('spec.selector', goLabelSelector(obj.spec?.selector), 'field is immutable')]
}

function canonical(json: string): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v
  return JSON.stringify(sort(JSON.parse(json)))
}

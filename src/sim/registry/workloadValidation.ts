import type { StatusCause } from '../api/types.ts'
import { fieldErr, formatValue } from '../api/errors.ts'
import { goLabelSelector, goStringMap } from './goFormat.ts'
import { matchesSelector, type LabelSelector } from '../api/selectors.ts'

function invalidRaw(field: string, rendered: string, detail: string): StatusCause {
  return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${rendered}: ${detail}` }
}

export function nonNegative(obj: any, path: string[], causes: StatusCause[]): void {
  let v = obj
  for (const p of path.slice(1)) v = v?.[p]
  if (typeof v === 'number' && v < 0)
    causes.push(fieldErr.invalid(path.join('.'), v, 'must be greater than or equal to 0'))
}

/** A required, non-empty selector that matches the template's labels (syntax is checked apart). */
export function validateSelectorAndLabels(
  sel: LabelSelector | undefined,
  templateLabels: Record<string, string> | undefined,
  kindWord: string,
  causes: StatusCause[],
  required = true,
): void {
  if (!sel) {
    if (required) causes.push(fieldErr.required('spec.selector'))
    return
  }
  const empty = !Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length
  if (empty) {
    causes.push(
      invalidRaw(
        'spec.selector',
        goLabelSelector(sel),
        `empty selector is invalid for ${kindWord}`,
      ),
    )
    return
  }
  if (!matchesSelector(templateLabels ?? {}, sel)) {
    causes.push(
      invalidRaw(
        'spec.template.metadata.labels',
        goStringMap(templateLabels),
        '`selector` does not match template `labels`',
      ),
    )
  }
}

/** Workload templates allow only some restart policies; pod defaulting has made "" into "Always". */
export function restartPolicyIn(
  template: any,
  templatePath: string,
  allowed: string[],
  causes: StatusCause[],
): void {
  const rp = template?.spec?.restartPolicy || 'Always'
  if (!allowed.includes(rp))
    causes.push(fieldErr.notSupported(`${templatePath}.spec.restartPolicy`, rp, allowed))
}

export function immutable(
  field: string,
  now: unknown,
  before: unknown,
  causes: StatusCause[],
): void {
  if (JSON.stringify(now) === JSON.stringify(before)) return
  const rendered =
    now && typeof now === 'object' && 'matchLabels' in (now as object)
      ? goLabelSelector(now as LabelSelector)
      : formatValue(now)
  causes.push(invalidRaw(field, rendered, 'field is immutable'))
}

export function oneOf(field: string, v: unknown, allowed: string[], causes: StatusCause[]): void {
  if (v !== undefined && !allowed.includes(v as string))
    causes.push(fieldErr.notSupported(field, v, allowed))
}

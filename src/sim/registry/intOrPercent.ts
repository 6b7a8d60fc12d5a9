import type { StatusCause } from '../api/types.ts'

/** An intstr.IntOrString as it arrives in JSON: a number or a string such as `25%`. */
export type IntOrPercent = number | string

const PERCENT = /^[0-9]+%$/

function invalidRaw(field: string, value: IntOrPercent, detail: string): StatusCause {
  // IntOrString implements fmt.Stringer, so field.Invalid prints it bare (`0`, `25%`), never quoted.
  return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${value}: ${detail}` }
}

/** ValidatePositiveIntOrPercent of pkg/apis/apps/validation. */
export function validatePositiveIntOrPercent(
  value: IntOrPercent | undefined,
  field: string,
): StatusCause[] {
  if (value === undefined || value === null) return []
  if (typeof value === 'string') {
    if (PERCENT.test(value)) return []
    return [
      invalidRaw(
        field,
        value,
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ),
    ]
  }
  if (typeof value === 'number') {
    return value < 0 ? [invalidRaw(field, value, 'must be greater than or equal to 0')] : []
  }
  return [invalidRaw(field, value, "must be an integer or percentage (e.g '5%')")]
}

/** IsNotMoreThan100Percent. */
export function notMoreThan100Percent(
  value: IntOrPercent | undefined,
  field: string,
): StatusCause[] {
  if (typeof value !== 'string' || !PERCENT.test(value)) return []
  return parseInt(value, 10) > 100
    ? [invalidRaw(field, value, 'must not be greater than 100%')]
    : []
}

/** getIntOrPercentValue: the number, or the percentage's number, ignoring the unit. */
export function intOrPercentValue(value: IntOrPercent | undefined): number {
  if (typeof value === 'number') return value
  if (typeof value === 'string' && PERCENT.test(value)) return parseInt(value, 10)
  return 0
}

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(
  value: IntOrPercent | undefined,
  total: number,
  roundUp: boolean,
): number {
  if (value === undefined || value === null) return 0
  if (typeof value === 'number') return value
  if (!PERCENT.test(value))
    throw new Error(`invalid value for IntOrString: invalid value "${value}"`)
  const scaled = (parseInt(value, 10) * total) / 100
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled)
}

import type { Check } from '../lessons/types.ts'

/** How a field of a check is typed in the builder. */
export type FieldKind = 'text' | 'number' | 'op' | 'value' | 'bool' | 'words'

export interface FieldSpec {
  key: string
  kind: FieldKind
  required?: boolean
}

const f = (key: string, kind: FieldKind = 'text', required = false): FieldSpec => ({
  key,
  kind,
  required,
})
const req = (key: string, kind: FieldKind = 'text'): FieldSpec => f(key, kind, true)

/** The fields each kind of check has, in the order the form shows them (as lessons/lesson.schema.json allows). */
export const CHECK_FIELDS: Record<Check['type'], FieldSpec[]> = {
  exists: [req('resource'), req('name'), f('namespace')],
  absent: [req('resource'), req('name'), f('namespace')],
  field: [
    req('resource'),
    req('name'),
    f('namespace'),
    req('path'),
    f('op', 'op'),
    f('value', 'value'),
  ],
  count: [
    req('resource'),
    f('namespace'),
    f('selector'),
    f('status'),
    f('ready', 'bool'),
    f('op', 'op'),
    req('value', 'number'),
  ],
  condition: [
    req('resource'),
    req('name'),
    f('namespace'),
    req('condition'),
    f('status'),
    f('reason'),
  ],
  rolloutComplete: [req('name'), f('namespace'), f('image')],
  endpoints: [req('service'), f('namespace'), req('ready', 'number')],
  podStatus: [f('selector'), f('name'), f('namespace'), req('status'), f('min', 'number')],
  http: [req('url'), f('fromPod'), f('namespace'), f('contains'), f('status', 'number')],
  event: [req('reason'), f('namespace'), f('kind'), f('namePrefix'), f('messageContains')],
  ran: [req('words', 'words'), f('exitCode', 'number')],
  file: [req('path'), f('contains')],
}

export const CHECK_TYPES = Object.keys(CHECK_FIELDS) as Check['type'][]

export const OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'contains', 'exists', 'absent'] as const

/** A value as the form shows it. */
export function showValue(v: unknown, kind: FieldKind): string {
  if (v === undefined) return ''
  if (kind === 'words') return Array.isArray(v) ? v.join(' ') : String(v)
  if (kind === 'value' && typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

/**
 * What the author typed, as the check stores it. Numbers stay numbers; text that is not a number
 * where one is needed is kept as typed, so validation can point at it instead of losing it.
 * A `value` compares with what the cluster holds: `4` is a number, `true` a boolean, the rest text.
 */
export function parseValue(text: string, kind: FieldKind): unknown {
  if (text === '') return undefined
  if (kind === 'number') return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text
  if (kind === 'bool') return text === 'true' ? true : text === 'false' ? false : undefined
  if (kind === 'words') return text.split(/\s+/).filter(Boolean)
  if (kind === 'value') {
    if (/^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text)
    if (text === 'true' || text === 'false') return text === 'true'
  }
  return text
}

/** A check with one field changed; an emptied optional field is dropped, not stored as "". */
export function withField(check: Check, spec: FieldSpec, text: string): Check {
  const next: Record<string, unknown> = { ...check }
  const value = parseValue(text, spec.kind)
  if (value === undefined && !spec.required) delete next[spec.key]
  else next[spec.key] = value ?? (spec.kind === 'words' ? [] : '')
  return next as Check
}

/** Switches a check to another kind, keeping the fields both kinds share. */
export function withType(check: Check, type: Check['type']): Check {
  const old = check as Record<string, unknown>
  const next: Record<string, unknown> = { type }
  for (const spec of CHECK_FIELDS[type]) {
    if (old[spec.key] !== undefined && typeof old[spec.key] === typeof sample(spec.kind))
      next[spec.key] = old[spec.key]
    else if (spec.required) next[spec.key] = sample(spec.kind)
  }
  return next as Check
}

function sample(kind: FieldKind): unknown {
  if (kind === 'number') return 0
  if (kind === 'words') return []
  if (kind === 'bool') return false
  return ''
}

/** A new check for the author to fill in. */
export function blankCheck(): Check {
  return { type: 'exists', resource: 'deployments.apps', name: '' }
}

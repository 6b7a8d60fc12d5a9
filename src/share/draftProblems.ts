// The course's lesson JSON Schema, compiled on install: a draft passes exactly when its lesson would.
import validate from '../generated/lessonValidator.js'
import type { Check } from '../lessons/types.ts'
import { draftToLesson, type LessonDraft } from './builder.ts'
import { CHECK_FIELDS } from './checkFields.ts'

/**
 * One thing wrong with a draft, placed where the author typed it: `id`, `title/en`, `text/zh-CN`,
 * `hints/0/en`, `solution`, `checks/2/name`, `source/seed`.
 */
export interface DraftProblem {
  at: string
  /** For the form's own wording in each language; `message` is the English fallback. */
  code:
    'required' | 'empty' | 'number' | 'minItems' | 'pattern' | 'type' | 'enum' | 'taken' | 'other'
  message: string
}

const CODES: Record<string, DraftProblem['code']> = {
  required: 'required',
  minItems: 'minItems',
  pattern: 'pattern',
  type: 'type',
  enum: 'enum',
  const: 'enum',
}

/** Where a path inside the lesson (`/steps/0/checks/2`) was typed in the draft. */
function draftPath(instancePath: string): string {
  const p = instancePath.replace(/^\//, '')
  return p
    .replace(/^steps\/0\/?/, '')
    .replace(/^summary/, 'text')
    .replace(/^scenario.*/, 'start')
}

/**
 * What the schema lets through but no check can use: an empty name or path, text where a number
 * belongs (the schema leaves `value` untyped, and a form keeps what was typed).
 */
function checkProblems(checks: Check[]): DraftProblem[] {
  const out: DraftProblem[] = []
  checks.forEach((c, i) => {
    const values = c as Record<string, unknown>
    for (const spec of CHECK_FIELDS[c.type] ?? []) {
      const v = values[spec.key]
      const at = `checks/${i}/${spec.key}`
      if (spec.kind === 'number' && v !== undefined && !Number.isFinite(v))
        out.push({ at, code: 'number', message: 'must be a number' })
      else if (
        spec.required &&
        (spec.kind === 'text' || spec.kind === 'words') &&
        (v === undefined || (typeof v === 'string' && !v.trim()) || (Array.isArray(v) && !v.length))
      )
        out.push({ at, code: 'empty', message: 'must not be empty' })
    }
  })
  return out
}

/**
 * Everything that keeps a draft from being a lesson the course would load, one problem per field
 * (the schema reports a step's title and the lesson's title separately; the first one says it).
 */
export function draftProblems(
  d: LessonDraft,
  /** Ids of the course's lessons: a link may not carry another lesson under one of them. */
  courseIds: readonly string[] = [],
): DraftProblem[] {
  const out: DraftProblem[] = []
  if (courseIds.includes(d.id))
    out.push({ at: 'id', code: 'taken', message: 'is the id of a course lesson' })
  if (!validate(draftToLesson(d))) {
    for (const e of validate.errors ?? []) {
      if (e.keyword === 'if') continue
      let at = draftPath(e.instancePath)
      if (e.keyword === 'required')
        at = [at, (e.params as { missingProperty: string }).missingProperty]
          .filter(Boolean)
          .join('/')
      if (e.keyword === 'additionalProperties')
        at = [at, (e.params as { additionalProperty: string }).additionalProperty]
          .filter(Boolean)
          .join('/')
      if (e.keyword === 'pattern' && /\\S/.test(String(e.params.pattern)))
        out.push({ at, code: 'empty', message: 'must not be empty' })
      else out.push({ at, code: CODES[e.keyword] ?? 'other', message: e.message ?? 'is invalid' })
    }
  }
  out.push(...checkProblems(d.checks))
  const seen = new Set<string>()
  return out.filter((p) => {
    if (seen.has(p.at)) return false
    seen.add(p.at)
    return true
  })
}

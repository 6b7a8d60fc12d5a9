// The course's lesson JSON Schema, compiled on install: a draft passes exactly when its lesson would.
import validate from '../generated/lessonValidator.js'
import type { Check } from '../lessons/types.ts'
import { draftToLesson, type LessonDraft } from './builder.ts'

/**
 * One thing wrong with a draft, placed where the author typed it: `id`, `title/en`, `text/zh-CN`,
 * `hints/0/en`, `solution`, `checks/2/name`, `source/seed`.
 */
export interface DraftProblem {
  at: string
  message: string
}

/** Where a path inside the lesson (`/steps/0/checks/2`) was typed in the draft. */
function draftPath(instancePath: string): string {
  const p = instancePath.replace(/^\//, '')
  return p
    .replace(/^steps\/0\/?/, '')
    .replace(/^summary/, 'text')
    .replace(/^scenario.*/, 'start')
}

/** Checks a count of pods needs a number to compare with; the schema allows any value. */
function checkProblems(checks: Check[]): DraftProblem[] {
  const out: DraftProblem[] = []
  checks.forEach((c, i) => {
    if (c.type === 'count' && !Number.isFinite(c.value))
      out.push({ at: `checks/${i}/value`, message: 'must be a number' })
    if ('name' in c && c.name !== undefined && !c.name.trim())
      out.push({ at: `checks/${i}/name`, message: 'must not be empty' })
    if ('resource' in c && c.resource !== undefined && !c.resource.trim())
      out.push({ at: `checks/${i}/resource`, message: 'must not be empty' })
  })
  return out
}

/**
 * Everything that keeps a draft from being a lesson the course would load, one problem per field,
 * deduplicated (the schema reports a step's title and the lesson's title separately).
 */
export function draftProblems(d: LessonDraft): DraftProblem[] {
  const out: DraftProblem[] = []
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
      const message =
        e.keyword === 'pattern' && /\\S/.test(String(e.params.pattern))
          ? 'must not be empty'
          : (e.message ?? 'is invalid')
      out.push({ at, message })
    }
  }
  out.push(...checkProblems(d.checks))
  const seen = new Set<string>()
  return out.filter((p) => {
    const key = `${p.at}\n${p.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

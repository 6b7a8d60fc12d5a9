import type { Lang } from '../lessons/types.ts'
import { draftToLesson, type LessonDraft } from './builder.ts'
import { draftProblems, type DraftProblem } from './draftProblems.ts'
import { CURRENT_VERSION, type SharePayload } from './payload.ts'

/**
 * A builder draft as a share payload: the whole lesson travels in the link, and its scenario is
 * the start, so the link needs no cluster of its own and stays short. Refused with the problems
 * (where the author typed them) while the draft is not a lesson the course would load.
 */
export function lessonPayload(
  d: LessonDraft,
  lang?: Lang,
  courseIds: readonly string[] = [],
): { payload: SharePayload } | { problems: DraftProblem[] } {
  const problems = draftProblems(d, courseIds)
  if (problems.length) return { problems }
  const payload: SharePayload = {
    v: CURRENT_VERSION,
    lesson: { id: d.id, content: draftToLesson(d) },
  }
  if (lang) payload.lang = lang
  return { payload }
}

import { fileURLToPath } from 'node:url'
import { loadLessonsFromDisk } from '../lessons/catalog.node.ts'
import { evaluateStep, type CheckContext } from '../lessons/checks.ts'
import type { Lesson } from '../lessons/types.ts'
import type { SharePayload } from '../share/payload.ts'

const LESSONS_DIR = fileURLToPath(new URL('../../lessons', import.meta.url))

/** A course lesson by id, read from the lessons folder the CLI ships with. */
export function courseLesson(id: string): Lesson | undefined {
  return loadLessonsFromDisk(LESSONS_DIR).lessons.find((l) => l.id === id)
}

/** The lesson a link is about: the one it carries, else the course lesson it names. */
export function lessonOfLink(payload: SharePayload): Lesson | undefined {
  const ref = payload.lesson
  if (!ref) return undefined
  return ref.content ?? courseLesson(ref.id)
}

/**
 * Each step's checks against the cluster as the script left it, in the shape
 * `kubeplay lessons verify` reports: `ok`/`FAIL`, the lesson and step, how many checks hold, and
 * for a failing step the first "still different" line. No virtual time passes here: a script that
 * should wait for a rollout says so itself (`kubectl rollout status`, `sleep`).
 */
export function lessonReport(lesson: Lesson, ctx: CheckContext): { text: string; passed: boolean } {
  ctx.sim.settle()
  let text = ''
  let passed = true
  for (const step of lesson.steps) {
    const r = evaluateStep(step.checks, ctx)
    const held = r.results.filter((x) => x.ok).length
    const where = `${lesson.id}/${step.id}  (${held} of ${step.checks.length} checks)`
    if (r.passed) text += `ok    ${where}\n`
    else {
      passed = false
      text += `FAIL  ${where}\n      still different: ${r.firstFailure?.en ?? ''}\n`
    }
  }
  return { text, passed }
}

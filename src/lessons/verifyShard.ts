import { expect, it } from 'vitest'
import { join } from 'node:path'
import { loadLessonsFromDisk } from './catalog.node.ts'
import { verifyLesson } from './verify.ts'
import { scenarioPlayer } from './sessionPlayer.ts'

/** Playing a lesson takes seconds of CPU; a lesson per test with room to spare on a busy machine. */
const LESSON_TIMEOUT_MS = 180_000

/**
 * Registers the verification of every `shards`-th lesson starting at `shard`. Lessons are split over
 * several test files so they run in parallel.
 */
export function verifyShard(shard: number, shards: number): void {
  const { lessons } = loadLessonsFromDisk(join(__dirname, '../../lessons'))
  lessons
    .filter((_, i) => i % shards === shard)
    .forEach((lesson) => {
      it(
        `${lesson.id}: the solution passes, the start and the wrong attempts do not`,
        () => {
          const report = verifyLesson(lesson, scenarioPlayer)
          expect(report.problems).toEqual([])
          expect(report.wrongAttempts).toBeGreaterThan(0)
        },
        LESSON_TIMEOUT_MS,
      )
    })
}

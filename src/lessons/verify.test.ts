import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { loadLessonsFromDisk } from './catalog.node.ts'
import { verifyLesson } from './verify.ts'
import { scenarioPlayer } from './sessionPlayer.ts'

const { lessons } = loadLessonsFromDisk(join(__dirname, '../../lessons'))

describe('every lesson, both ways', () => {
  for (const lesson of lessons) {
    it(`${lesson.id}: the solution passes, the start and the wrong attempts do not`, () => {
      const report = verifyLesson(lesson, scenarioPlayer)
      expect(report.problems).toEqual([])
      expect(report.wrongAttempts).toBeGreaterThan(0)
    })
  }
})

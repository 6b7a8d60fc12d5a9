import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseLesson, type LessonError } from './load.ts'
import type { Lesson } from './types.ts'

/** Reads every lessons/<id>/lesson.yaml from disk (CLI and tests), sorted by track order. */
export function loadLessonsFromDisk(root: string): { lessons: Lesson[]; errors: LessonError[] } {
  const lessons: Lesson[] = []
  const errors: LessonError[] = []
  for (const dir of readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue
    const file = join(root, dir.name, 'lesson.yaml')
    if (!existsSync(file)) continue
    const rel = `lessons/${dir.name}/lesson.yaml`
    const parsed = parseLesson(rel, readFileSync(file, 'utf8'))
    errors.push(...parsed.errors)
    if (parsed.lesson) {
      if (parsed.lesson.id !== dir.name)
        errors.push({
          file: rel,
          line: 1,
          message: `id "${parsed.lesson.id}" must match the folder name "${dir.name}"`,
        })
      else lessons.push(parsed.lesson)
    }
  }
  lessons.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1))
  return { lessons, errors }
}

import { parseLesson, type LessonError } from './load.ts'
import type { Lesson } from './types.ts'

// Lesson files are bundled as text and validated on load, exactly like on disk.
const files = import.meta.glob('../../lessons/*/lesson.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>

let cache: { lessons: Lesson[]; errors: LessonError[] } | null = null

export function loadBundledLessons(): { lessons: Lesson[]; errors: LessonError[] } {
  if (cache) return cache
  const lessons: Lesson[] = []
  const errors: LessonError[] = []
  for (const [path, text] of Object.entries(files)) {
    const rel = path.replace(/^(\.\.\/)+/, '')
    const parsed = parseLesson(rel, text)
    errors.push(...parsed.errors)
    if (parsed.lesson) lessons.push(parsed.lesson)
  }
  lessons.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1))
  cache = { lessons, errors }
  return cache
}

import { formatLessonError, parseLesson } from '../lessons/load.ts'

/**
 * Judges a lesson carried in a link with the course's own loader: JSON is YAML, so the lesson
 * goes through the same parser, JSON Schema and step-id checks as every lessons/*.yaml file.
 * Returns the problem, or null for a lesson the player can take as it is.
 */
export function lessonContentProblem(content: unknown, id: string): string | null {
  const parsed = parseLesson('lesson', JSON.stringify(content))
  if (parsed.errors.length) return formatLessonError(parsed.errors[0]).replace(/^lesson:\d+: /, '')
  if (parsed.lesson!.id !== id) return 'lesson.content.id must equal lesson.id'
  return null
}

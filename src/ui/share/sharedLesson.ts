import type { Lesson } from '../../lessons/types.ts'
import { lessonContentProblem } from '../../share/lessonContent.ts'

const KEY = 'kubeplay:shared-lesson'

/** This page's copy: the lesson plays even where storage is full or disabled. */
let current: Lesson | null = null

/**
 * The lesson the last opened link carried. Also kept in localStorage because the link leaves the
 * address bar once opened, and a reload must find the lesson the learner is playing.
 */
export function rememberSharedLesson(lesson: Lesson): void {
  current = lesson
  try {
    localStorage.setItem(KEY, JSON.stringify(lesson))
  } catch {
    // Over quota or storage disabled: this visit still has it; a reload will not.
  }
}

/** The remembered lesson with this id, validated again like any lesson from outside the course. */
export function sharedLesson(id: string): Lesson | undefined {
  if (current?.id === id) return current
  const text = localStorage.getItem(KEY)
  if (!text) return undefined
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return undefined
  }
  if ((data as { id?: unknown } | null)?.id !== id || lessonContentProblem(data, id))
    return undefined
  return data as Lesson
}

import { LineCounter, parseDocument, isNode } from 'yaml'
// Compiled from lessons/lesson.schema.json on install (scripts/gen-lesson-validator.ts).
import validate from '../generated/lessonValidator.js'
import type { Lesson } from './types.ts'

export interface LessonError {
  file: string
  line: number
  message: string
}

/**
 * Parses and validates one lesson file. Errors name the file and the line of the offending value,
 * so an author can fix a lesson without guessing.
 */
export function parseLesson(
  file: string,
  text: string,
): { lesson?: Lesson; errors: LessonError[] } {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true })
  const errors: LessonError[] = []
  for (const e of doc.errors)
    errors.push({
      file,
      line: lineCounter.linePos(e.pos[0]).line,
      message: e.message.split('\n')[0],
    })
  if (errors.length) return { errors }
  let data: unknown
  try {
    data = doc.toJS()
  } catch (e) {
    // The yaml library refuses alias bombs (billion laughs) while building values, by throwing.
    return { errors: [{ file, line: 1, message: (e as Error).message }] }
  }
  if (!validate(data)) {
    for (const e of validate.errors ?? []) {
      if (e.keyword === 'if') continue
      const path = e.instancePath.split('/').slice(1).map(decodePointer)
      const node = path.length ? doc.getIn(path, true) : doc.contents
      const offset = isNode(node) && node.range ? node.range[0] : 0
      const where = e.instancePath || '(top level)'
      const extra =
        e.keyword === 'additionalProperties'
          ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"`
          : ''
      errors.push({
        file,
        line: lineCounter.linePos(offset).line,
        message: `${where}: ${e.message}${extra}`,
      })
    }
    return { errors }
  }
  const lesson = data as unknown as Lesson
  const ids = new Set<string>()
  lesson.steps.forEach((s, i) => {
    if (ids.has(s.id)) {
      const node = doc.getIn(['steps', i, 'id'], true)
      errors.push({
        file,
        line: isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : 0,
        message: `duplicate step id "${s.id}"`,
      })
    }
    ids.add(s.id)
  })
  return errors.length ? { errors } : { lesson, errors }
}

function decodePointer(s: string): string | number {
  const v = s.replace(/~1/g, '/').replace(/~0/g, '~')
  return /^\d+$/.test(v) ? Number(v) : v
}

export function formatLessonError(e: LessonError): string {
  return `${e.file}:${e.line}: ${e.message}`
}

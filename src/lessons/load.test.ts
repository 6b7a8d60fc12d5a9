import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { parseLesson, formatLessonError } from './load.ts'
import { loadLessonsFromDisk } from './catalog.node.ts'

describe('lesson files', () => {
  it('every lesson in lessons/ is valid', () => {
    const { lessons, errors } = loadLessonsFromDisk(join(__dirname, '../../lessons'))
    expect(errors.map(formatLessonError)).toEqual([])
    expect(lessons.length).toBeGreaterThan(0)
  })

  it('points at the file and line of a mistake', () => {
    const text = [
      'id: x',
      'version: 1',
      'track: t',
      'order: 1',
      'title: { zh-CN: 标题, en: Title }',
      'summary: { zh-CN: 摘要, en: Summary }',
      "source: { seed: '001', section: s }",
      'scenario: {}',
      'steps:',
      '  - id: a',
      '    title: { zh-CN: 一, en: One }',
      '    text: { en: only english }',
      '    checks: [{ type: exists, resource: pods, name: p }]',
      '    hints: [{ zh-CN: 提示, en: hint }]',
      '    solution: [kubectl get pods]',
    ].join('\n')
    const { errors } = parseLesson('lessons/x/lesson.yaml', text)
    expect(errors.map(formatLessonError)).toEqual([
      "lessons/x/lesson.yaml:12: /steps/0/text: must have required property 'zh-CN'",
    ])
  })

  it('reports YAML syntax errors with their line', () => {
    const { errors } = parseLesson('l.yaml', 'id: x\nsteps:\n  - a: [\n')
    expect(errors[0].file).toBe('l.yaml')
    expect(errors[0].line).toBeGreaterThan(1)
  })
})

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readdirSync, readFileSync } from 'node:fs'
import { parseLesson } from '../lessons/load.ts'
import { assertNoPollution } from './fixture.ts'

const dir = new URL('../../lessons/', import.meta.url)
const lessons = readdirSync(dir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => readFileSync(new URL(`${d.name}/lesson.yaml`, dir), 'utf8'))

function parsesNormally(text: string): void {
  const r = parseLesson('fuzz.yaml', text)
  expect(Array.isArray(r.errors)).toBe(true)
  if (r.errors.length === 0) expect(r.lesson).toBeDefined()
  for (const e of r.errors) {
    expect(typeof e.message).toBe('string')
    expect(Number.isInteger(e.line)).toBe(true)
  }
  assertNoPollution()
}

const fragments = [
  '\n',
  ': ',
  '- ',
  '  ',
  '"',
  "'",
  '&a ',
  '*a',
  '<<: *a',
  '!!binary ',
  '{',
  '[',
  '|\n',
  '>-\n',
  '__proto__: {polluted: 1}\n',
  'constructor:\n  prototype:\n    polluted: 1\n',
  '\u0000',
  '\uffff',
  '# comment\n',
  '---\n',
  '...\n',
  '\t',
  'id: ',
  'steps:\n',
  '\ud83d\ude00',
]

describe('lesson loader under fuzzing', () => {
  it('answers every mutation of a real lesson with a lesson or located errors', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: lessons.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.constantFrom(...fragments)), {
          minLength: 1,
          maxLength: 5,
        }),
        (i, edits) => {
          let s = lessons[i]
          for (const [at, len, frag] of edits) {
            const p = at % (s.length + 1)
            s = s.slice(0, p) + frag + s.slice(p + len)
          }
          parsesNormally(s)
        },
      ),
      { numRuns: 150, seed: 21 },
    )
  }, 30_000)

  it('answers random text and hostile YAML', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => parsesNormally(s)),
      { numRuns: 200, seed: 22 },
    )
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for (let i = 1; i < 10; i++)
      laughs.push(
        `${'bcdefghij'[i - 1]}: &${'bcdefghij'[i - 1]} [${Array(9)
          .fill('*' + 'abcdefghij'[i - 1])
          .join(',')}]`,
      )
    parsesNormally(laughs.join('\n') + '\nid: x\n')
    parsesNormally('a: ' + '['.repeat(5000) + ']'.repeat(5000))
    parsesNormally('__proto__:\n  polluted: 1\nid: x\n')
  }, 30_000)
})

describe('lesson loader regressions', () => {
  // Found by fuzzing: an alias bomb made parseLesson throw instead of reporting an error.
  it('reports an alias bomb as an error of the file', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]']
    for (let i = 1; i < 10; i++)
      levels.push(
        `l${i}: &l${i} [${Array(9)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(', ')}]`,
      )
    expect(parseLesson('bomb.yaml', levels.join('\n') + '\n').errors).toEqual([
      {
        file: 'bomb.yaml',
        line: 1,
        message: 'Excessive alias count indicates a resource exhaustion attack',
      },
    ])
  })
})

import { describe, expect, it } from 'vitest'
import { emptyProgress, markSolved, parseProgress } from './progress.ts'

describe('lesson progress', () => {
  it('round-trips through an exported file', () => {
    const p = markSolved(
      markSolved(emptyProgress(), 'deployment-first', 'apply'),
      'deployment-first',
      'scale',
    )
    expect(parseProgress(JSON.stringify(p))).toEqual(p)
  })
  it('refuses foreign and hostile files', () => {
    expect(parseProgress('nope')).toBe('not a progress file (invalid JSON)')
    expect(parseProgress('{"version":1,"solved":{"__proto__":["x"]}}')).toBe(
      'invalid entry "__proto__"',
    )
    expect(parseProgress('{"version":1,"solved":{"a":["<img src=x>"]}}')).toBe('invalid entry "a"')
  })
})

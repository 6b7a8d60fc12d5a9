import { describe, expect, it } from 'vitest'
import { nextAfter, parseGoDuration, parseSchedule } from './cronSchedule.ts'

const at = (iso: string): number => Date.parse(iso)
const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z')

function next(spec: string, after: string, tz?: string): string | undefined {
  return iso(nextAfter(parseSchedule(spec), at(after), tz))
}

function error(spec: string): string {
  try {
    parseSchedule(spec)
    return ''
  } catch (e) {
    return (e as Error).message
  }
}

describe('cron schedules (robfig/cron ParseStandard)', () => {
  it('computes the next activation', () => {
    expect(next('*/1 * * * *', '2025-01-06T09:00:00Z')).toBe('2025-01-06T09:01:00Z')
    expect(next('*/15 * * * *', '2025-01-06T09:14:59Z')).toBe('2025-01-06T09:15:00Z')
    expect(next('0 0 * * *', '2025-01-06T09:00:00Z')).toBe('2025-01-07T00:00:00Z')
    expect(next('30 2 1 * *', '2025-01-31T00:00:00Z')).toBe('2025-02-01T02:30:00Z')
    expect(next('0 9 * * mon-fri', '2025-01-10T10:00:00Z')).toBe('2025-01-13T09:00:00Z')
    expect(next('@weekly', '2025-01-06T09:00:00Z')).toBe('2025-01-12T00:00:00Z')
    expect(next('@yearly', '2025-01-06T09:00:00Z')).toBe('2026-01-01T00:00:00Z')
    expect(next('0 0 29 2 *', '2025-01-01T00:00:00Z')).toBe('2028-02-29T00:00:00Z')
    expect(next('0 0 30 2 *', '2025-01-01T00:00:00Z')).toBeUndefined()
  })

  it('ORs day-of-month and day-of-week when both are restricted', () => {
    // The 13th, or any Friday.
    expect(next('0 0 13 * 5', '2025-01-06T00:00:00Z')).toBe('2025-01-10T00:00:00Z')
    expect(next('0 0 13 * 5', '2025-01-10T00:00:00Z')).toBe('2025-01-13T00:00:00Z')
    // With a star in one of them, both must hold.
    expect(next('0 0 13 * *', '2025-01-06T00:00:00Z')).toBe('2025-01-13T00:00:00Z')
  })

  it('steps from a start value to the end of the range', () => {
    expect(next('5/20 * * * *', '2025-01-06T09:06:00Z')).toBe('2025-01-06T09:25:00Z')
    expect(next('5/20 * * * *', '2025-01-06T09:46:00Z')).toBe('2025-01-06T10:05:00Z')
  })

  it('runs @every at fixed intervals from the last time', () => {
    expect(next('@every 90s', '2025-01-06T09:00:00Z')).toBe('2025-01-06T09:01:30Z')
    expect(next('@every 1h30m', '2025-01-06T09:00:00Z')).toBe('2025-01-06T10:30:00Z')
    expect(parseGoDuration('1.5h')).toBe(5_400_000)
  })

  it('follows a time zone, daylight saving included', () => {
    expect(next('0 9 * * *', '2025-01-06T09:00:00Z', 'Asia/Shanghai')).toBe('2025-01-07T01:00:00Z')
    // New York moves to EDT on 9 March 2025: 09:00 local is 14:00 UTC before, 13:00 UTC after.
    expect(next('0 9 * * *', '2025-03-08T15:00:00Z', 'America/New_York')).toBe(
      '2025-03-09T13:00:00Z',
    )
    expect(next('0 9 * * *', '2025-03-07T15:00:00Z', 'America/New_York')).toBe(
      '2025-03-08T14:00:00Z',
    )
  })

  it('reports parse errors with the library messages', () => {
    expect(error('')).toBe('empty spec string')
    expect(error('* * * *')).toBe('expected exactly 5 fields, found 4: [* * * *]')
    expect(error('* * * * * *')).toBe('expected exactly 5 fields, found 6: [* * * * * *]')
    expect(error('x * * * *')).toBe(
      'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax',
    )
    expect(error('* 24 * * *')).toBe('end of range (24) above maximum (23): 24')
    expect(error('* * 0 * *')).toBe('beginning of range (0) below minimum (1): 0')
    expect(error('5-1 * * * *')).toBe('beginning of range (5) beyond end of range (1): 5-1')
    expect(error('*/0 * * * *')).toBe('step of range should be a positive number: */0')
    expect(error('1-2-3 * * * *')).toBe('too many hyphens: 1-2-3')
    expect(error('* * * * 7')).toBe('end of range (7) above maximum (6): 7')
    expect(error('@every x')).toBe('failed to parse duration @every x: time: invalid duration "x"')
    expect(error('@often')).toBe('unrecognized descriptor: @often')
  })
})

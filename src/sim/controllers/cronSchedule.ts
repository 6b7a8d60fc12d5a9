/**
 * Cron schedules with the semantics of github.com/robfig/cron/v3 `ParseStandard`, which the v1.32
 * CronJob controller and validation use: five fields, names for months and weekdays, `?`, ranges
 * and steps, the @yearly…@hourly descriptors and `@every <duration>`, with the same error texts.
 */
export class CronParseError extends Error {}

interface Bounds {
  min: number
  max: number
  names?: Record<string, number>
}

const MONTH_NAMES: Record<string, number> = Object.fromEntries(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map(
    (n, i) => [n, i + 1],
  ),
)
const DOW_NAMES: Record<string, number> = Object.fromEntries(
  ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((n, i) => [n, i]),
)
const MINUTES: Bounds = { min: 0, max: 59 }
const HOURS: Bounds = { min: 0, max: 23 }
const DOM: Bounds = { min: 1, max: 31 }
const MONTHS: Bounds = { min: 1, max: 12, names: MONTH_NAMES }
const DOW: Bounds = { min: 0, max: 6, names: DOW_NAMES }

/** A parsed field: the allowed values, and whether it was `*` or `?` (robfig's starBit). */
interface Field {
  values: Set<number>
  star: boolean
}

export type Schedule =
  | { kind: 'spec'; minute: Field; hour: Field; dom: Field; month: Field; dow: Field }
  | { kind: 'every'; delayMs: number }

function atoi(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr))
    throw new CronParseError(
      `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`,
    )
  const n = Number(expr)
  if (n < 0) throw new CronParseError(`negative number (${n}) not allowed: ${expr}`)
  return n
}

function intOrName(expr: string, b: Bounds): number {
  const named = b.names?.[expr.toLowerCase()]
  return named ?? atoi(expr)
}

function parseRange(expr: string, b: Bounds, into: Field): void {
  const rangeAndStep = expr.split('/')
  const lowHigh = rangeAndStep[0].split('-')
  let start: number
  let end: number
  let star = false
  if (lowHigh[0] === '*' || lowHigh[0] === '?') {
    start = b.min
    end = b.max
    star = true
  } else {
    start = intOrName(lowHigh[0], b)
    if (lowHigh.length === 1) end = start
    else if (lowHigh.length === 2) end = intOrName(lowHigh[1], b)
    else throw new CronParseError(`too many hyphens: ${expr}`)
  }
  let step = 1
  if (rangeAndStep.length === 2) {
    step = atoi(rangeAndStep[1])
    if (lowHigh.length === 1) end = b.max
    if (step > 1) star = false
  } else if (rangeAndStep.length > 2) throw new CronParseError(`too many slashes: ${expr}`)
  if (start < b.min)
    throw new CronParseError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`)
  if (end > b.max)
    throw new CronParseError(`end of range (${end}) above maximum (${b.max}): ${expr}`)
  if (start > end)
    throw new CronParseError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`)
  if (step === 0) throw new CronParseError(`step of range should be a positive number: ${expr}`)
  for (let v = start; v <= end; v += step) into.values.add(v)
  if (star) into.star = true
}

function parseField(text: string, b: Bounds): Field {
  const f: Field = { values: new Set(), star: false }
  for (const part of text.split(',')) parseRange(part, b, f)
  return f
}

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
}

/** time.ParseDuration, returning milliseconds. */
export function parseGoDuration(s: string): number {
  const quoted = JSON.stringify(s)
  let rest = s
  let sign = 1
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest[0] === '-' ? -1 : 1
    rest = rest.slice(1)
  }
  if (rest === '0') return 0
  if (rest === '') throw new Error(`time: invalid duration ${quoted}`)
  let ns = 0
  while (rest) {
    const num = rest.match(/^(\d*)(\.\d*)?/)!
    if (!num[0] || num[0] === '.') throw new Error(`time: invalid duration ${quoted}`)
    rest = rest.slice(num[0].length)
    const unit = rest.match(/^[^\d.]*/)![0]
    if (!unit) throw new Error(`time: missing unit in duration ${quoted}`)
    const mult = UNIT_NS[unit]
    if (mult === undefined)
      throw new Error(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`)
    rest = rest.slice(unit.length)
    ns += Number(num[0]) * mult
  }
  return (sign * ns) / 1e6
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
}

/** Parses a schedule; throws CronParseError with robfig/cron's message. */
export function parseSchedule(spec: string): Schedule {
  if (spec.length === 0) throw new CronParseError('empty spec string')
  let s = spec
  if (s.startsWith('TZ=') || s.startsWith('CRON_TZ=')) {
    const i = s.indexOf(' ')
    const eq = s.indexOf('=')
    const zone = s.slice(eq + 1, i < 0 ? undefined : i)
    if (!isKnownZone(zone))
      throw new CronParseError(`provided bad location ${zone}: unknown time zone ${zone}`)
    s = i < 0 ? '' : s.slice(i).trim()
  }
  if (s.startsWith('@')) {
    if (s.startsWith('@every ')) {
      let ms: number
      try {
        ms = parseGoDuration(s.slice('@every '.length))
      } catch (e) {
        throw new CronParseError(`failed to parse duration ${s}: ${(e as Error).message}`)
      }
      ms = Math.max(1000, ms)
      return { kind: 'every', delayMs: ms - (ms % 1000) }
    }
    const d = DESCRIPTORS[s]
    if (!d) throw new CronParseError(`unrecognized descriptor: ${s}`)
    s = d
  }
  const fields = s.split(/\s+/).filter((f) => f !== '')
  if (fields.length !== 5)
    throw new CronParseError(
      `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`,
    )
  return {
    kind: 'spec',
    minute: parseField(fields[0], MINUTES),
    hour: parseField(fields[1], HOURS),
    dom: parseField(fields[2], DOM),
    month: parseField(fields[3], MONTHS),
    dow: parseField(fields[4], DOW),
  }
}

// ---- time zones --------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>()

export function isKnownZone(zone: string): boolean {
  if (zone === '' || zone === 'UTC' || zone === 'Local') return true
  try {
    formatterFor(zone)
    return true
  } catch {
    return false
  }
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(zone, f)
  }
  return f
}

interface Wall {
  y: number
  mo: number
  d: number
  h: number
  mi: number
  s: number
  dow: number
}

/** Wall-clock arithmetic in one zone, like Go's time.Date and Time.In. */
class Zone {
  constructor(private readonly name: string | undefined) {}

  wall(ms: number): Wall {
    const local = this.name ? ms + this.offset(ms) : ms
    const d = new Date(local)
    return {
      y: d.getUTCFullYear(),
      mo: d.getUTCMonth() + 1,
      d: d.getUTCDate(),
      h: d.getUTCHours(),
      mi: d.getUTCMinutes(),
      s: d.getUTCSeconds(),
      dow: d.getUTCDay(),
    }
  }

  date(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
    const local = Date.UTC(y, mo - 1, d, h, mi, s)
    if (!this.name) return local
    const first = local - this.offset(local)
    const second = local - this.offset(first)
    return second
  }

  offset(ms: number): number {
    if (!this.name) return 0
    const parts = formatterFor(this.name!).formatToParts(new Date(ms))
    const get = (t: string): number => Number(parts.find((p) => p.type === t)!.value)
    const asUtc = Date.UTC(
      get('year'),
      get('month') - 1,
      get('day'),
      get('hour'),
      get('minute'),
      get('second'),
    )
    return asUtc - Math.floor(ms / 1000) * 1000
  }
}

function dayMatches(s: Extract<Schedule, { kind: 'spec' }>, w: Wall): boolean {
  const domMatch = s.dom.values.has(w.d)
  const dowMatch = s.dow.values.has(w.dow)
  if (s.dom.star || s.dow.star) return domMatch && dowMatch
  return domMatch || dowMatch
}

/** The first activation strictly after `afterMs` (robfig's SpecSchedule.Next), or undefined. */
export function nextAfter(sched: Schedule, afterMs: number, timeZone?: string): number | undefined {
  if (sched.kind === 'every') return Math.floor(afterMs / 1000) * 1000 + sched.delayMs
  const z = new Zone(timeZone && timeZone !== 'UTC' && timeZone !== 'Local' ? timeZone : undefined)
  let t = Math.floor(afterMs / 1000) * 1000 + 1000
  let added = false
  const yearLimit = z.wall(t).y + 5
  wrap: for (;;) {
    let w = z.wall(t)
    if (w.y > yearLimit) return undefined
    while (!sched.month.values.has(w.mo)) {
      if (!added) {
        added = true
        t = z.date(w.y, w.mo, 1)
        w = z.wall(t)
      }
      t = z.date(w.y, w.mo + 1, w.d, w.h, w.mi, w.s)
      w = z.wall(t)
      if (w.mo === 1) continue wrap
    }
    while (!dayMatches(sched, w)) {
      if (!added) {
        added = true
        t = z.date(w.y, w.mo, w.d)
        w = z.wall(t)
      }
      t = z.date(w.y, w.mo, w.d + 1, w.h, w.mi, w.s)
      w = z.wall(t)
      // Daylight-saving moves can leave the hour off midnight; put it back as Go's code does.
      if (w.h !== 0) {
        t += (w.h > 12 ? 24 - w.h : -w.h) * 3_600_000
        w = z.wall(t)
      }
      if (w.d === 1) continue wrap
    }
    while (!sched.hour.values.has(w.h)) {
      if (!added) {
        added = true
        t = z.date(w.y, w.mo, w.d, w.h)
      }
      t += 3_600_000
      w = z.wall(t)
      if (w.h === 0) continue wrap
    }
    while (!sched.minute.values.has(w.mi)) {
      if (!added) {
        added = true
        t = Math.floor(t / 60_000) * 60_000
      }
      t += 60_000
      w = z.wall(t)
      if (w.mi === 0) continue wrap
    }
    // Seconds are always 0 in a standard schedule.
    if (w.s !== 0) {
      if (!added) added = true
      t = Math.floor(t / 60_000) * 60_000 + 60_000
      continue wrap
    }
    return t
  }
}

/** The zone's UTC offset at an instant, in milliseconds (0 for UTC or no zone). */
export function zoneOffsetMs(ms: number, timeZone?: string): number {
  return new Zone(
    timeZone && timeZone !== 'UTC' && timeZone !== 'Local' ? timeZone : undefined,
  ).offset(ms)
}

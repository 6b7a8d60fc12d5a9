/** Date formatting as GNU `date` does it in the C locale, always in UTC (the nodes' time zone). */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const DAYS_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const MONTHS_LONG = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

const p2 = (n: number): string => String(n).padStart(2, '0')

/** `date`'s default output: `Mon Jan  6 09:00:00 UTC 2025`. */
export const DEFAULT_DATE_FORMAT = '%a %b %e %H:%M:%S %Z %Y'

/** `Mon Jan  6 09:00:00 2025` (ctime, as `watch` prints it). */
export function ctimeString(ms: number): string {
  return strftime('%a %b %e %H:%M:%S %Y', ms)
}

export function strftime(fmt: string, ms: number): string {
  const d = new Date(ms)
  const Y = d.getUTCFullYear()
  const m = d.getUTCMonth()
  const day = d.getUTCDate()
  const H = d.getUTCHours()
  const M = d.getUTCMinutes()
  const S = d.getUTCSeconds()
  const w = d.getUTCDay()
  const yday = Math.floor((Date.UTC(Y, m, day) - Date.UTC(Y, 0, 1)) / 86_400_000) + 1
  return fmt.replace(/%([-_0^#]?)([a-zA-Z%+:]|:z)/g, (all, flag: string, c: string) => {
    let v: string
    switch (c) {
      case 'a':
        v = DAYS[w]
        break
      case 'A':
        v = DAYS_LONG[w]
        break
      case 'b':
      case 'h':
        v = MONTHS[m]
        break
      case 'B':
        v = MONTHS_LONG[m]
        break
      case 'c':
        v = strftime('%a %b %e %H:%M:%S %Y', ms)
        break
      case 'C':
        v = p2(Math.floor(Y / 100))
        break
      case 'd':
        v = p2(day)
        break
      case 'D':
        v = strftime('%m/%d/%y', ms)
        break
      case 'e':
        v = String(day).padStart(2, ' ')
        break
      case 'F':
        v = `${Y}-${p2(m + 1)}-${p2(day)}`
        break
      case 'H':
        v = p2(H)
        break
      case 'I':
        v = p2(H % 12 || 12)
        break
      case 'j':
        v = String(yday).padStart(3, '0')
        break
      case 'k':
        v = String(H).padStart(2, ' ')
        break
      case 'm':
        v = p2(m + 1)
        break
      case 'M':
        v = p2(M)
        break
      case 'n':
        v = '\n'
        break
      case 'N':
        v = String((ms % 1000) * 1_000_000).padStart(9, '0')
        break
      case 'p':
        v = H < 12 ? 'AM' : 'PM'
        break
      case 'r':
        v = strftime('%I:%M:%S %p', ms)
        break
      case 'R':
        v = `${p2(H)}:${p2(M)}`
        break
      case 's':
        v = String(Math.floor(ms / 1000))
        break
      case 'S':
        v = p2(S)
        break
      case 't':
        v = '\t'
        break
      case 'T':
        v = `${p2(H)}:${p2(M)}:${p2(S)}`
        break
      case 'u':
        v = String(w || 7)
        break
      case 'w':
        v = String(w)
        break
      case 'x':
        v = strftime('%m/%d/%y', ms)
        break
      case 'X':
        v = strftime('%H:%M:%S', ms)
        break
      case 'y':
        v = p2(Y % 100)
        break
      case 'Y':
        v = String(Y)
        break
      case 'z':
        v = '+0000'
        break
      case ':z':
        v = '+00:00'
        break
      case 'Z':
        v = 'UTC'
        break
      case '%':
        v = '%'
        break
      case '+':
        v = strftime('%a %b %e %H:%M:%S %Z %Y', ms)
        break
      default:
        return all
    }
    if (flag === '-') v = v.replace(/^[0 ]+(?=.)/, '')
    else if (flag === '_') v = v.replace(/^0/, ' ')
    else if (flag === '^') v = v.toUpperCase()
    return v
  })
}

/** Parses `date -d` inputs: ISO dates, `@epoch`, `now`, and `N unit ago` relative to now. */
export function parseDateInput(s: string, now: number): number | undefined {
  const t = s.trim()
  if (t === '' || t === 'now') return now
  if (/^@-?\d+(\.\d+)?$/.test(t)) return Math.round(Number(t.slice(1)) * 1000)
  const rel = /^([+-]?\d+)\s*(second|sec|minute|min|hour|day|week)s?(\s+ago)?$/.exec(t)
  if (rel) {
    const unit =
      { second: 1e3, sec: 1e3, minute: 6e4, min: 6e4, hour: 36e5, day: 864e5, week: 6048e5 }[
        rel[2]
      ] ?? 1e3
    const n = Number(rel[1]) * unit
    return rel[3] ? now - n : now + n
  }
  if (t === 'yesterday') return now - 864e5
  if (t === 'tomorrow') return now + 864e5
  const iso = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(t)
  if (iso) {
    const norm = t.replace(' ', 'T')
    const v = Date.parse(
      /Z|[+-]\d{2}:?\d{2}$/.test(norm) || !norm.includes('T')
        ? norm.includes('T')
          ? norm
          : norm + 'T00:00:00Z'
        : norm + 'Z',
    )
    return Number.isNaN(v) ? undefined : v
  }
  return undefined
}

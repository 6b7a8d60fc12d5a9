/**
 * Durations as kubectl prints them (k8s.io/apimachinery/pkg/util/duration): AGE columns and describe
 * use HumanDuration (`3m10s`, `2d2h`); a few places use the one-unit ShortHumanDuration.
 */

/** HumanDuration of `ms` milliseconds. Go truncates to whole seconds first. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000)
  if (seconds < -1) return '<invalid>'
  if (seconds < 0) return '0s'
  if (seconds < 120) return `${seconds}s`
  const minutes = Math.trunc(seconds / 60)
  if (minutes < 10) {
    const s = seconds % 60
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`
  }
  if (minutes < 180) return `${minutes}m`
  const hours = Math.trunc(seconds / 3600)
  if (hours < 8) {
    const m = minutes % 60
    return m === 0 ? `${hours}h` : `${hours}h${m}m`
  }
  if (hours < 48) return `${hours}h`
  if (hours < 24 * 8) {
    const h = hours % 24
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365
    const y = Math.trunc(hours / 24 / 365)
    return dy === 0 ? `${y}y` : `${y}y${dy}d`
  }
  return `${Math.trunc(hours / 24 / 365)}y`
}

/** ShortHumanDuration: a single unit (`45s`, `3m`, `5h`, `12d`, `2y`). */
export function shortHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000)
  if (seconds < -1) return '<invalid>'
  if (seconds < 0) return '0s'
  if (seconds < 60) return `${seconds}s`
  const minutes = Math.trunc(seconds / 60)
  if (minutes < 60) return `${minutes}m`
  const hours = Math.trunc(seconds / 3600)
  if (hours < 24) return `${hours}h`
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`
  return `${Math.trunc(hours / 24 / 365)}y`
}

/** Parses an RFC 3339 timestamp; undefined for a missing or zero time. */
export function parseTime(ts: unknown): number | undefined {
  if (typeof ts !== 'string' || ts === '') return undefined
  const t = Date.parse(ts)
  return Number.isNaN(t) ? undefined : t
}

/** translateTimestampSince: the age of `ts` at `now`, or `<unknown>` when there is no time. */
export function since(ts: unknown, now: number): string {
  const t = parseTime(ts)
  return t === undefined ? '<unknown>' : humanDuration(now - t)
}

/** translateTimestampUntil: how long until `ts`. */
export function until(ts: unknown, now: number): string {
  const t = parseTime(ts)
  return t === undefined ? '<unknown>' : humanDuration(t - now)
}

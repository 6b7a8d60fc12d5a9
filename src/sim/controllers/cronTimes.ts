import type { KObject } from '../api/types.ts'
import { nextAfter, zoneOffsetMs, type Schedule } from './cronSchedule.ts'

export interface RecentSchedule {
  /** Start of the search: creation, last schedule, or the starting deadline. */
  earliest: number
  mostRecent?: number
  missed: number
  error?: string
}

/**
 * mostRecentScheduleTime (pkg/controller/cronjob/utils.go): the latest activation at or before
 * `now` and an estimate of how many were missed, computed from the interval between the next two
 * activations rather than by walking every one of them.
 */
export function mostRecentScheduleTime(
  cj: KObject,
  status: any,
  now: number,
  sched: Schedule,
  tz: string | undefined,
  includeDeadline: boolean,
): RecentSchedule {
  let earliest = Date.parse(cj.metadata.creationTimestamp!)
  if (status.lastScheduleTime) earliest = Date.parse(status.lastScheduleTime)
  const deadline = cj.spec.startingDeadlineSeconds
  if (includeDeadline && deadline !== undefined && deadline !== null) {
    const schedulingDeadline = now - deadline * 1000
    if (schedulingDeadline > earliest) earliest = schedulingDeadline
  }
  const t1 = nextAfter(sched, earliest, tz)
  if (t1 === undefined || now < t1) return { earliest, missed: 0 }
  const t2 = nextAfter(sched, t1, tz)
  if (t2 === undefined || now < t2) return { earliest, mostRecent: t1, missed: 1 }
  const between = Math.round((t2 - t1) / 1000)
  if (between < 1)
    return {
      earliest,
      missed: 0,
      error: 'time difference between two schedules is less than 1 second',
    }
  const elapsed = Math.floor((now - t1) / 1000)
  const missed = Math.floor(elapsed / between) + 1
  let mostRecent = t1 + (missed - 1) * between * 1000
  // Irregular schedules (a day-of-month list, DST) can leave later activations before now.
  for (
    let t = nextAfter(sched, mostRecent, tz);
    t !== undefined && t <= now;
    t = nextAfter(sched, t, tz)
  )
    mostRecent = t
  return { earliest, mostRecent, missed }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const pad = (n: number): string => String(n).padStart(2, '0')

/** Go's time.RFC1123Z of a UTC instant: `Thu, 26 Oct 2023 09:46:00 +0000`. */
export function rfc1123z(ms: number): string {
  const d = new Date(ms)
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
}

/** RFC 3339 in the CronJob's time zone, as the scheduled-timestamp annotation is written. */
export function zonedRfc3339(ms: number, tz: string | undefined): string {
  const off = zoneOffsetMs(ms, tz)
  const d = new Date(Math.floor(ms / 1000) * 1000 + off)
  const base = d.toISOString().slice(0, 19)
  if (off === 0) return base + 'Z'
  const m = Math.abs(off) / 60_000
  return `${base}${off < 0 ? '-' : '+'}${pad(Math.floor(m / 60))}:${pad(m % 60)}`
}

/**
 * client-go's flowcontrol.Backoff as the kubelet uses it for crash loops and image pulls:
 * 10 s doubling to 300 s; an entry older than twice the cap starts over.
 */
export const INITIAL_BACKOFF_MS = 10_000
export const MAX_BACKOFF_MS = 300_000

export interface BackoffEntry {
  delay: number
  lastUpdate: number
}

function expired(eventTime: number, e: BackoffEntry): boolean {
  return eventTime - e.lastUpdate > 2 * MAX_BACKOFF_MS
}

/** IsInBackOffSince: whether `now` is still within the window that started at `eventTime`. */
export function inBackoffSince(
  e: BackoffEntry | undefined,
  eventTime: number,
  now: number,
): boolean {
  if (!e || expired(eventTime, e)) return false
  return now - eventTime < e.delay
}

/** IsInBackOffSinceUpdate: the window measured from the last update (image pulls). */
export function inBackoffSinceUpdate(e: BackoffEntry | undefined, now: number): boolean {
  if (!e || expired(now, e)) return false
  return now - e.lastUpdate < e.delay
}

/** Next: start at 10 s or double, capped; the entry is stamped with `now`. */
export function nextBackoff(
  e: BackoffEntry | undefined,
  eventTime: number,
  now: number,
): BackoffEntry {
  if (!e || expired(eventTime, e)) return { delay: INITIAL_BACKOFF_MS, lastUpdate: now }
  return { delay: Math.min(e.delay * 2, MAX_BACKOFF_MS), lastUpdate: now }
}

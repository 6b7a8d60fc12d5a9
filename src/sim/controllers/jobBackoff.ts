import type { KObject } from '../api/types.ts'

/** Upstream DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff (pkg/controller/job, v1.32). */
export const POD_FAILURE_BACKOFF_MS = 10_000
export const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000

/** What the job controller remembers between syncs to space out replacements of failed pods. */
export interface BackoffRecord {
  failuresAfterLastSuccess: number
  lastFailureMs: number
}

/** Time still to wait before the next pod may be created, 10 s doubling per failure, capped. */
export function remainingBackoffMs(rec: BackoffRecord | undefined, nowMs: number): number {
  if (!rec || rec.failuresAfterLastSuccess === 0) return 0
  let delay = POD_FAILURE_BACKOFF_MS
  for (let i = 1; i < rec.failuresAfterLastSuccess && delay < MAX_POD_FAILURE_BACKOFF_MS; i++)
    delay *= 2
  delay = Math.min(delay, MAX_POD_FAILURE_BACKOFF_MS)
  return Math.max(0, rec.lastFailureMs + delay - nowMs)
}

/** When a pod finished: the latest container termination, else its deletion, else now. */
export function podFinishMs(pod: KObject, nowMs: number): number {
  let latest = 0
  for (const s of [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
  ]) {
    const t = s?.state?.terminated?.finishedAt
    if (t) latest = Math.max(latest, Date.parse(t))
  }
  if (latest > 0) return latest
  if (pod.metadata.deletionTimestamp) return Date.parse(pod.metadata.deletionTimestamp)
  return nowMs
}

/** Folds newly finished pods into the record, in finishing order. */
export function updateBackoff(
  rec: BackoffRecord | undefined,
  finished: { failed: boolean; at: number }[],
): BackoffRecord | undefined {
  if (finished.length === 0) return rec
  let out: BackoffRecord = rec ? { ...rec } : { failuresAfterLastSuccess: 0, lastFailureMs: 0 }
  for (const f of [...finished].sort((a, b) => a.at - b.at)) {
    if (f.failed)
      out = {
        failuresAfterLastSuccess: out.failuresAfterLastSuccess + 1,
        lastFailureMs: Math.max(out.lastFailureMs, f.at),
      }
    else out = { failuresAfterLastSuccess: 0, lastFailureMs: out.lastFailureMs }
  }
  return out
}

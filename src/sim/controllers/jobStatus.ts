import type { KObject } from '../api/types.ts'

export interface JobCondition {
  type: string
  status: 'True' | 'False'
  lastProbeTime: string
  lastTransitionTime: string
  reason?: string
  message?: string
}

export const BACKOFF_LIMIT = {
  reason: 'BackoffLimitExceeded',
  message: 'Job has reached the specified backoff limit',
}
export const DEADLINE = {
  reason: 'DeadlineExceeded',
  message: 'Job was active longer than specified deadline',
}
export const COMPLETIONS_REACHED = {
  reason: 'CompletionsReached',
  message: 'Reached expected number of succeeded pods',
}

export function findCondition(job: KObject, type: string): JobCondition | undefined {
  return (job.status?.conditions ?? []).find((c: JobCondition) => c.type === type)
}

function isTrue(job: KObject, type: string): boolean {
  return findCondition(job, type)?.status === 'True'
}

/** util.IsJobFinished: a Complete or Failed condition that is True. */
export function jobFinished(job: KObject): 'Complete' | 'Failed' | undefined {
  if (isTrue(job, 'Complete')) return 'Complete'
  if (isTrue(job, 'Failed')) return 'Failed'
  return undefined
}

/** When the job reached its terminal condition, for TTL and CronJob history ordering. */
export function finishedAt(job: KObject): string | undefined {
  const t = jobFinished(job)
  return t ? findCondition(job, t)?.lastTransitionTime : undefined
}

/**
 * ensureJobConditionStatus: add the condition when True and absent, or flip an existing one.
 * Returns the new list, or undefined when nothing changed.
 */
export function setCondition(
  list: JobCondition[] | undefined,
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
  now: string,
): JobCondition[] | undefined {
  const conds = list ?? []
  const i = conds.findIndex((c) => c.type === type)
  if (i < 0) {
    if (status === 'False') return undefined
    return [
      ...conds,
      { type, status, lastProbeTime: now, lastTransitionTime: now, reason, message },
    ]
  }
  const c = conds[i]
  if (c.status === status && c.reason === reason && c.message === message) return undefined
  const next = [...conds]
  next[i] = {
    type,
    status,
    lastProbeTime: now,
    lastTransitionTime: c.status === status ? c.lastTransitionTime : now,
    reason,
    message,
  }
  return next
}

export interface JobCounts {
  active: number
  ready: number
  succeeded: number
  failed: number
  terminating: number
  completedIndexes?: string
  failedIndexes?: string
}

/** The Job status in the field order of batch/v1 JobStatus, omitting zero counters as Go does. */
export function buildStatus(
  counts: JobCounts,
  extra: { conditions?: JobCondition[]; startTime?: string; completionTime?: string },
): any {
  const s: any = {}
  if (extra.conditions?.length) s.conditions = extra.conditions
  if (extra.startTime) s.startTime = extra.startTime
  if (extra.completionTime) s.completionTime = extra.completionTime
  if (counts.active) s.active = counts.active
  if (counts.succeeded) s.succeeded = counts.succeeded
  if (counts.failed) s.failed = counts.failed
  s.terminating = counts.terminating
  if (counts.completedIndexes !== undefined) s.completedIndexes = counts.completedIndexes
  if (counts.failedIndexes !== undefined) s.failedIndexes = counts.failedIndexes
  s.uncountedTerminatedPods = {}
  s.ready = counts.ready
  return s
}

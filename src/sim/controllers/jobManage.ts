import type { KObject } from '../api/types.ts'
import { isNotFound, isStatusError } from '../api/errors.ts'
import type { ControllerContext } from '../runtime/controller.ts'
import { byCreation, isReady } from './podStatus.ts'
import { completionIndex, newJobPod } from './jobPods.ts'
import { remainingBackoffMs, type BackoffRecord } from './jobBackoff.ts'
import { indexBackoffMs, INDEX_FAILURE_COUNT, type PerIndex } from './jobIndexes.ts'

export const SOURCE = { component: 'job-controller' }

export function deletePod(ctx: ControllerContext, job: KObject, pod: KObject): boolean {
  try {
    ctx.api.delete('pods', pod.metadata.namespace, pod.metadata.name!, { internal: true })
  } catch (e) {
    if (isNotFound(e)) return false
    throw e
  }
  ctx.recorder.normal(job, 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, {
    source: SOURCE,
  })
  return true
}

interface ManageInput {
  /** Pods being deleted that have not finished yet. */
  terminating: number
  /** Indexed Jobs with backoffLimitPerIndex: indexes never to run again, and per-index state. */
  perIndex?: PerIndex
  succeeded: number
  succeededIndexes?: Set<number>
  suspended: boolean
  parallelism: number
  completions?: number
  now: number
}

/** Creates or deletes pods so `active` matches what the Job wants now; returns the new active set. */
export function manageJob(
  ctx: ControllerContext,
  job: KObject,
  key: string,
  active: KObject[],
  m: ManageInput,
  rec: BackoffRecord | undefined,
): KObject[] {
  if (m.suspended) {
    for (const p of active) deletePod(ctx, job, p)
    return []
  }
  let wantActive: number
  if (m.completions === undefined) wantActive = m.succeeded > 0 ? active.length : m.parallelism
  else {
    const failedIndexes = m.perIndex?.failedIndexes.size ?? 0
    wantActive = Math.max(0, Math.min(m.parallelism, m.completions - m.succeeded - failedIndexes))
  }

  let keep = active
  if (m.succeededIndexes) {
    // Pods of indexes already done, out of range, or duplicated are removed first.
    const seen = new Set<number>()
    const extra: KObject[] = []
    keep = []
    for (const p of active) {
      const ix = completionIndex(p)
      if (
        ix === undefined ||
        ix >= (m.completions ?? 0) ||
        m.succeededIndexes.has(ix) ||
        m.perIndex?.failedIndexes.has(ix) ||
        seen.has(ix)
      )
        extra.push(p)
      else {
        seen.add(ix)
        keep.push(p)
      }
    }
    for (const p of extra) deletePod(ctx, job, p)
  }
  if (keep.length > wantActive) {
    // activePodsForRemoval: unscheduled, then not running, then not ready, then the newest.
    const rank = (p: KObject): number =>
      !p.spec?.nodeName ? 0 : p.status?.phase !== 'Running' ? 1 : !isReady(p) ? 2 : 3
    const ordered = [...keep].sort((a, b) => rank(a) - rank(b) || -byCreation(a, b))
    const remove = new Set(ordered.slice(0, keep.length - wantActive))
    for (const p of remove) deletePod(ctx, job, p)
    keep = keep.filter((p) => !remove.has(p))
  }
  if (keep.length >= wantActive) return keep
  // With podReplacementPolicy Failed, replacements wait until deleted pods are gone.
  if (job.spec.podReplacementPolicy === 'Failed' && m.terminating > 0) return keep
  const wait = m.perIndex ? 0 : remainingBackoffMs(rec, m.now)
  if (wait > 0) {
    ctx.requeueAfter(key, wait)
    return keep
  }
  const indexes: (number | undefined)[] = []
  if (m.succeededIndexes) {
    const busy = new Set(keep.map(completionIndex))
    let soonest: number | undefined
    for (let i = 0; i < (m.completions ?? 0) && indexes.length < wantActive - keep.length; i++) {
      if (m.succeededIndexes.has(i) || busy.has(i) || m.perIndex?.failedIndexes.has(i)) continue
      const indexWait = m.perIndex ? indexBackoffMs(m.perIndex, i, m.now) : 0
      if (indexWait > 0) soonest = Math.min(soonest ?? Infinity, indexWait)
      else indexes.push(i)
    }
    if (soonest !== undefined) ctx.requeueAfter(key, soonest)
  } else for (let i = keep.length; i < wantActive; i++) indexes.push(undefined)
  const created = [...keep]
  for (const ix of indexes) {
    try {
      const pod = newJobPod(job, ix)
      if (m.perIndex && ix !== undefined)
        pod.metadata.annotations = {
          ...pod.metadata.annotations,
          [INDEX_FAILURE_COUNT]: String(m.perIndex.failures.get(ix) ?? 0),
        }
      const { object } = ctx.api.create('pods', pod, { internal: true })
      created.push(object)
      ctx.recorder.normal(job, 'SuccessfulCreate', `Created pod: ${object.metadata.name}`, {
        source: SOURCE,
      })
    } catch (e) {
      if (!isStatusError(e)) throw e
      ctx.recorder.warning(job, 'FailedCreate', `Error creating: ${e.message}`, { source: SOURCE })
      break
    }
  }
  return created
}

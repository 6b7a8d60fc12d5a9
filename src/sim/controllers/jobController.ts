import type { KObject } from '../api/types.ts'
import { isNotFound, isStatusError } from '../api/errors.ts'
import { clone } from '../apiserver/store.ts'
import {
  ownerKeys,
  selfKeys,
  splitKey,
  keyOf,
  type Controller,
  type ControllerContext,
} from '../runtime/controller.ts'
import { isTerminal, ownedObjects } from './workloadPods.ts'
import { byCreation, isReady } from './podStatus.ts'
import {
  completionIndex,
  countsAsFailed,
  formatIndexes,
  isIndexed,
  JOB_TRACKING_FINALIZER,
  newJobPod,
  parseIndexes,
  restarts,
} from './jobPods.ts'
import { applyFailurePolicy } from './jobFailurePolicy.ts'
import { podFinishMs, remainingBackoffMs, updateBackoff, type BackoffRecord } from './jobBackoff.ts'
import {
  BACKOFF_LIMIT,
  buildStatus,
  COMPLETIONS_REACHED,
  DEADLINE,
  jobFinished,
  setCondition,
  type JobCondition,
} from './jobStatus.ts'

const SOURCE = { component: 'job-controller' }

/**
 * kube-controller-manager's Job controller (v1.32): pods with the tracking finalizer, counting
 * finished pods into status, pod-failure back-off, backoffLimit, activeDeadlineSeconds, suspend,
 * Indexed completion, and the two-step terminal conditions (FailureTarget → Failed,
 * SuccessCriteriaMet → Complete) that wait for terminating pods.
 */
export function jobController(): Controller {
  // Per Job uid: failures since the last success and when the last one happened (podBackoffStore).
  const backoff = new Map<string, BackoffRecord>()
  return {
    name: 'job',
    watches: [selfKeys('jobs.batch'), ownerKeys('pods', 'Job')],
    initialKeys: (ctx) => ctx.api.list('jobs.batch').items.map(keyOf),
    reconcile: (key, ctx) => syncJob(key, ctx, backoff),
    saveState: () => [...backoff.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    loadState(state) {
      backoff.clear()
      for (const [k, v] of state as [string, BackoffRecord][]) backoff.set(k, v)
    },
  }
}

/**
 * Pods still tied to a Job that no longer exists: those whose controller reference names it, and
 * those orphaned from it that still carry its tracking finalizer.
 */
function podsNamingJob(
  ctx: ControllerContext,
  namespace: string | undefined,
  name: string,
): KObject[] {
  return ctx.api.list('pods', { namespace }).items.filter((p) => {
    const ref = p.metadata.ownerReferences?.find((r) => r.controller)
    if (ref) return ref.kind === 'Job' && ref.name === name
    return (
      p.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER) === true &&
      p.metadata.labels?.['batch.kubernetes.io/job-name'] === name
    )
  })
}

function releaseFinalizer(ctx: ControllerContext, pod: KObject): void {
  if (!pod.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER)) return
  const copy = clone(pod)
  copy.metadata.finalizers = copy.metadata.finalizers!.filter((f) => f !== JOB_TRACKING_FINALIZER)
  if (copy.metadata.finalizers.length === 0) delete copy.metadata.finalizers
  try {
    ctx.api.update('pods', copy, { internal: true })
  } catch (e) {
    if (!isNotFound(e)) throw e
  }
}

function deletePod(ctx: ControllerContext, job: KObject, pod: KObject): boolean {
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

function syncJob(key: string, ctx: ControllerContext, backoff: Map<string, BackoffRecord>): void {
  const { namespace, name } = splitKey(key)
  const job = ctx.api.tryGet('jobs.batch', namespace, name)
  if (!job) {
    // The Job is gone: its pods must not stay pinned by the tracking finalizer (orphan worker).
    for (const p of podsNamingJob(ctx, namespace, name)) releaseFinalizer(ctx, p)
    return
  }
  const pods = ownedObjects(ctx.api, job, 'pods').sort(byCreation)
  if (jobFinished(job) || job.metadata.deletionTimestamp) {
    for (const p of pods) releaseFinalizer(ctx, p)
    if (!job.metadata.deletionTimestamp) backoff.delete(job.metadata.uid!)
    return
  }

  const now = ctx.clock.now()
  const nowIso = ctx.clock.iso()
  const spec = job.spec
  const uid = job.metadata.uid!
  const suspended = spec.suspend === true
  const indexed = isIndexed(job)
  const completions: number | undefined = spec.completions ?? undefined
  const parallelism: number = spec.parallelism ?? 1
  const prev = job.status ?? {}
  let conditions: JobCondition[] = clone(prev.conditions ?? [])
  let startTime: string | undefined = prev.startTime

  // Count pods that finished since the last sync; their finalizers are released below.
  let succeeded: number = prev.succeeded ?? 0
  let failed: number = prev.failed ?? 0
  const succeededIndexes = indexed
    ? parseIndexes(prev.completedIndexes, completions ?? 0)
    : undefined
  const toRelease: KObject[] = []
  let failJobMessage: string | undefined
  const finished: { failed: boolean; at: number }[] = []
  for (const p of pods) {
    if (!p.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER)) continue
    if (p.status?.phase === 'Succeeded') {
      toRelease.push(p)
      finished.push({ failed: false, at: podFinishMs(p, now) })
      if (succeededIndexes) {
        const ix = completionIndex(p)
        if (ix !== undefined && ix < (completions ?? 0)) succeededIndexes.add(ix)
      } else succeeded++
    } else if (countsAsFailed(p, job)) {
      toRelease.push(p)
      const verdict =
        spec.podFailurePolicy && p.status?.phase === 'Failed'
          ? applyFailurePolicy(job, p)
          : undefined
      if (verdict?.failJob && !failJobMessage) failJobMessage = verdict.failJob
      if (verdict && !verdict.count) continue
      finished.push({ failed: true, at: podFinishMs(p, now) })
      failed++
    }
  }
  if (succeededIndexes) succeeded = succeededIndexes.size
  const rec = updateBackoff(backoff.get(uid), finished)
  if (rec) backoff.set(uid, rec)

  let active = pods.filter((p) => !isTerminal(p) && !p.metadata.deletionTimestamp)
  let terminating = pods.filter((p) => p.metadata.deletionTimestamp && !isTerminal(p)).length

  // Suspend / resume.
  const suspendCond = setCondition(
    conditions,
    'Suspended',
    suspended ? 'True' : 'False',
    suspended ? 'JobSuspended' : 'JobResumed',
    suspended ? 'Job suspended' : 'Job resumed',
    nowIso,
  )
  if (suspendCond) {
    conditions = suspendCond
    if (suspended) ctx.recorder.normal(job, 'Suspended', 'Job suspended', { source: SOURCE })
    else {
      ctx.recorder.normal(job, 'Resumed', 'Job resumed', { source: SOURCE })
      startTime = nowIso
    }
  }
  if (!startTime && !suspended) startTime = nowIso

  // A terminal outcome already decided waits only for terminating pods.
  let target = conditions.find(
    (c) => (c.type === 'FailureTarget' || c.type === 'SuccessCriteriaMet') && c.status === 'True',
  )
  if (!target) {
    const newFailure = failed > (prev.failed ?? 0)
    const limit: number = spec.backoffLimit ?? 6
    const onFailureRestarts =
      spec.template?.spec?.restartPolicy === 'OnFailure' &&
      (limit === 0
        ? active.some((p) => restarts(p) > 0)
        : active.reduce((n, p) => n + restarts(p), 0) >= limit)
    const deadline =
      spec.activeDeadlineSeconds !== undefined && startTime && !suspended
        ? Date.parse(startTime) + spec.activeDeadlineSeconds * 1000
        : undefined
    let failure: { reason: string; message: string } | undefined
    if (failJobMessage) failure = { reason: 'PodFailurePolicy', message: failJobMessage }
    else if ((newFailure && active.length !== parallelism && failed > limit) || onFailureRestarts)
      failure = BACKOFF_LIMIT
    else if (deadline !== undefined && now >= deadline) failure = DEADLINE
    else if (deadline !== undefined) ctx.requeueAt(key, deadline)
    if (failure) {
      conditions = setCondition(
        conditions,
        'FailureTarget',
        'True',
        failure.reason,
        failure.message,
        nowIso,
      )!
      target = conditions[conditions.length - 1]
      for (const p of active) if (deletePod(ctx, job, p)) terminating++
      active = []
    }
  }

  if (!target) {
    active = manageJob(
      ctx,
      job,
      key,
      active,
      { succeeded, succeededIndexes, suspended, parallelism, completions, now },
      rec,
    )
    const complete =
      completions === undefined
        ? succeeded > 0 && active.length === 0
        : succeeded >= completions && active.length === 0
    if (complete && !suspended) {
      conditions = setCondition(
        conditions,
        'SuccessCriteriaMet',
        'True',
        COMPLETIONS_REACHED.reason,
        COMPLETIONS_REACHED.message,
        nowIso,
      )!
      target = conditions[conditions.length - 1]
    }
  }

  for (const p of toRelease) releaseFinalizer(ctx, p)

  let completionTime: string | undefined = prev.completionTime
  if (target && terminating === 0) {
    const success = target.type === 'SuccessCriteriaMet'
    const final = setCondition(
      conditions,
      success ? 'Complete' : 'Failed',
      'True',
      target.reason!,
      target.message!,
      nowIso,
    )
    if (final) {
      conditions = final
      if (success) {
        completionTime = nowIso
        ctx.recorder.normal(job, 'Completed', 'Job completed', { source: SOURCE })
      } else ctx.recorder.warning(job, target.reason!, target.message!, { source: SOURCE })
    }
  }

  const status = buildStatus(
    {
      active: active.length,
      ready: active.filter(isReady).length,
      succeeded,
      failed,
      terminating,
      completedIndexes: succeededIndexes ? formatIndexes(succeededIndexes) : undefined,
    },
    { conditions, startTime, completionTime },
  )
  if (JSON.stringify(status) !== JSON.stringify(job.status ?? {})) {
    const latest = ctx.api.get('jobs.batch', namespace, name)
    ctx.api.updateStatus('jobs.batch', { ...latest, status })
  }
}

interface ManageInput {
  succeeded: number
  succeededIndexes?: Set<number>
  suspended: boolean
  parallelism: number
  completions?: number
  now: number
}

/** Creates or deletes pods so `active` matches what the Job wants now; returns the new active set. */
function manageJob(
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
  else wantActive = Math.max(0, Math.min(m.parallelism, m.completions - m.succeeded))

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
  if (
    job.spec.podReplacementPolicy === 'Failed' &&
    active.some((p) => p.metadata.deletionTimestamp)
  )
    return keep
  const wait = remainingBackoffMs(rec, m.now)
  if (wait > 0) {
    ctx.requeueAfter(key, wait)
    return keep
  }
  const indexes: (number | undefined)[] = []
  if (m.succeededIndexes) {
    const busy = new Set(keep.map(completionIndex))
    for (let i = 0; i < (m.completions ?? 0) && indexes.length < wantActive - keep.length; i++)
      if (!m.succeededIndexes.has(i) && !busy.has(i)) indexes.push(i)
  } else for (let i = keep.length; i < wantActive; i++) indexes.push(undefined)
  const created = [...keep]
  for (const ix of indexes) {
    try {
      const { object } = ctx.api.create('pods', newJobPod(job, ix), { internal: true })
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

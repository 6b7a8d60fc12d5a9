import type { KObject } from '../api/types.ts'
import { isNotFound } from '../api/errors.ts'
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
  parseIndexes,
  restarts,
} from './jobPods.ts'
import { applyFailurePolicy } from './jobFailurePolicy.ts'
import { deletePod, manageJob, SOURCE } from './jobManage.ts'
import {
  FAILED_INDEXES,
  hasPerIndexLimit,
  MAX_FAILED_INDEXES,
  matchSuccessPolicy,
  perIndexState,
} from './jobIndexes.ts'
import { podFinishMs, updateBackoff, type BackoffRecord } from './jobBackoff.ts'
import {
  BACKOFF_LIMIT,
  buildStatus,
  COMPLETIONS_REACHED,
  DEADLINE,
  jobFinished,
  setCondition,
  type JobCondition,
} from './jobStatus.ts'

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

  const perIndex = hasPerIndexLimit(job) ? perIndexState(job, pods, now) : undefined
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
    const maxFailedIndexes: number | undefined = spec.maxFailedIndexes ?? undefined
    if (failJobMessage) failure = { reason: 'PodFailurePolicy', message: failJobMessage }
    else if (
      perIndex &&
      maxFailedIndexes !== undefined &&
      perIndex.failedIndexes.size > maxFailedIndexes
    )
      failure = MAX_FAILED_INDEXES
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
  const policyMatch =
    !target && succeededIndexes && spec.successPolicy
      ? matchSuccessPolicy(job, succeededIndexes)
      : undefined
  if (policyMatch) {
    // The success policy is met: the remaining pods are no longer needed.
    conditions = setCondition(
      conditions,
      'SuccessCriteriaMet',
      'True',
      'SuccessPolicy',
      policyMatch,
      nowIso,
    )!
    target = conditions[conditions.length - 1]
    for (const p of active) if (deletePod(ctx, job, p)) terminating++
    active = []
  }

  if (!target) {
    active = manageJob(
      ctx,
      job,
      key,
      active,
      {
        succeeded,
        succeededIndexes,
        suspended,
        parallelism,
        completions,
        now,
        terminating,
        perIndex,
      },
      rec,
    )
    const complete =
      completions === undefined
        ? succeeded > 0 && active.length === 0
        : succeeded >= completions && active.length === 0
    const settled = perIndex && succeeded + perIndex.failedIndexes.size >= (completions ?? 0)
    if (settled && perIndex.failedIndexes.size > 0 && active.length === 0) {
      conditions = setCondition(
        conditions,
        'FailureTarget',
        'True',
        FAILED_INDEXES.reason,
        FAILED_INDEXES.message,
        nowIso,
      )!
      target = conditions[conditions.length - 1]
    } else if (complete && !suspended) {
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
      failedIndexes: perIndex ? formatIndexes(perIndex.failedIndexes) : undefined,
    },
    { conditions, startTime, completionTime },
  )
  if (JSON.stringify(status) !== JSON.stringify(job.status ?? {})) {
    const latest = ctx.api.get('jobs.batch', namespace, name)
    ctx.api.updateStatus('jobs.batch', { ...latest, status })
  }
}

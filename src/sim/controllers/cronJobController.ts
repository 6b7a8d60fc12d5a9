import type { KObject } from '../api/types.ts'
import { isNotFound, isStatusError } from '../api/errors.ts'
import { clone } from '../apiserver/store.ts'
import {
  keyOf,
  ownerKeys,
  selfKeys,
  splitKey,
  type Controller,
  type ControllerContext,
} from '../runtime/controller.ts'
import { controlledBy, ownedObjects } from './workloadPods.ts'
import { controllerRef } from './podStatus.ts'
import { jobFinished } from './jobStatus.ts'
import { CronParseError, nextAfter, parseSchedule, type Schedule } from './cronSchedule.ts'
import { mostRecentScheduleTime, rfc1123z, zonedRfc3339 } from './cronTimes.ts'

const SOURCE = { component: 'cronjob-controller' }
/** Upstream requeues 100 ms after the next activation so the sync sees it as due. */
const NEXT_SCHEDULE_DELTA_MS = 100

/**
 * The CronJob controller (cronjob_controllerv2, v1.32). Each sync creates at most the job of the
 * most recent unmet schedule and then sleeps until the next activation, so a CronJob costs one
 * reconcile per run however long the simulation goes.
 */
export function cronJobController(): Controller {
  return {
    name: 'cronjob',
    watches: [selfKeys('cronjobs.batch'), ownerKeys('jobs.batch', 'CronJob')],
    initialKeys: (ctx) => ctx.api.list('cronjobs.batch').items.map(keyOf),
    reconcile: (key, ctx) => syncCronJob(key, ctx),
  }
}

function jobRef(job: KObject): Record<string, unknown> {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    name: job.metadata.name,
    namespace: job.metadata.namespace,
    resourceVersion: job.metadata.resourceVersion,
    uid: job.metadata.uid,
  }
}

function syncCronJob(key: string, ctx: ControllerContext): void {
  const { namespace, name } = splitKey(key)
  const cj = ctx.api.tryGet('cronjobs.batch', namespace, name)
  if (!cj) return
  const jobs = ownedObjects(ctx.api, cj, 'jobs.batch')
  const status: any = clone(cj.status ?? {})
  let active: any[] = status.active ?? []
  const now = ctx.clock.now()

  const byUid = new Map(jobs.map((j) => [j.metadata.uid!, j]))
  for (const j of jobs) {
    const found = active.some((r) => r.uid === j.metadata.uid)
    const finished = jobFinished(j)
    if (found && finished) {
      active = active.filter((r) => r.uid !== j.metadata.uid)
      ctx.recorder.normal(
        cj,
        'SawCompletedJob',
        `Saw completed job: ${j.metadata.name}, status: ${finished}`,
        {
          source: SOURCE,
        },
      )
    } else if (!found && !finished) {
      ctx.recorder.warning(
        cj,
        'UnexpectedJob',
        `Saw a job that the controller did not create or forgot: ${j.metadata.name}`,
        {
          source: SOURCE,
        },
      )
    } else if (finished === 'Complete' && j.status?.completionTime) {
      if (!status.lastSuccessfulTime || j.status.completionTime > status.lastSuccessfulTime)
        status.lastSuccessfulTime = j.status.completionTime
    }
  }
  for (const r of active) {
    if (byUid.has(r.uid)) continue
    ctx.recorder.normal(cj, 'MissingJob', `Active job went missing: ${r.name}`, { source: SOURCE })
  }
  active = active.filter((r) => byUid.has(r.uid))

  const next = cj.metadata.deletionTimestamp
    ? undefined
    : schedule(cj, ctx, now, status, active, jobs)
  if (next) active = next.active

  // Jobs a Replace policy just deleted are gone from the store; only the rest count as history.
  const remaining = jobs.filter((j) => ctx.api.tryGet('jobs.batch', namespace, j.metadata.name!))
  cleanupFinishedJobs(ctx, cj, remaining, (uid) => {
    active = active.filter((r) => r.uid !== uid)
  })

  if (active.length) status.active = active
  else delete status.active
  if (JSON.stringify(status) !== JSON.stringify(cj.status ?? {})) {
    const latest = ctx.api.get('cronjobs.batch', namespace, name)
    ctx.api.updateStatus('cronjobs.batch', { ...latest, status })
  }
  if (next?.requeueAt !== undefined) ctx.requeueAt(key, next.requeueAt)
}

/** The part of syncCronJob that decides whether to start a job now; returns the next wake-up. */
function schedule(
  cj: KObject,
  ctx: ControllerContext,
  now: number,
  status: any,
  activeIn: any[],
  jobs: KObject[],
): { active: any[]; requeueAt?: number } | undefined {
  let active = activeIn
  const spec = cj.spec
  if (spec.suspend) return { active }
  let sched: Schedule
  try {
    sched = parseSchedule(spec.schedule)
  } catch (e) {
    if (!(e instanceof CronParseError)) throw e
    ctx.recorder.warning(
      cj,
      'UnparseableSchedule',
      `unparseable schedule: ${JSON.stringify(spec.schedule)} : ${e.message}`,
      {
        source: SOURCE,
      },
    )
    return { active }
  }
  const tz: string | undefined = spec.timeZone ?? undefined
  const wake = (): number | undefined => {
    const r = mostRecentScheduleTime(cj, status, now, sched, tz, false)
    if (r.error) return undefined
    const base = r.mostRecent ?? r.earliest
    const n = nextAfter(sched, base, tz)
    return n === undefined ? undefined : n + NEXT_SCHEDULE_DELTA_MS
  }
  const r = mostRecentScheduleTime(cj, status, now, sched, tz, true)
  if (r.error) {
    ctx.recorder.warning(cj, 'InvalidSchedule', `invalid schedule: ${spec.schedule} : ${r.error}`, {
      source: SOURCE,
    })
    return { active }
  }
  if (r.missed > 100) {
    ctx.recorder.warning(
      cj,
      'TooManyMissedTimes',
      `too many missed start times: ${r.missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`,
      { source: SOURCE },
    )
  }
  const scheduled = r.mostRecent
  if (scheduled === undefined || scheduled > now) return { active, requeueAt: wake() }
  const deadline = spec.startingDeadlineSeconds
  if (deadline !== undefined && deadline !== null && scheduled + deadline * 1000 < now) {
    ctx.recorder.warning(
      cj,
      'MissSchedule',
      `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`,
      {
        source: SOURCE,
      },
    )
    return { active, requeueAt: wake() }
  }
  const jobName = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`
  const lastIso = status.lastScheduleTime
  if (active.some((a) => a.name === jobName) || (lastIso && Date.parse(lastIso) === scheduled))
    return { active, requeueAt: wake() }
  if (spec.concurrencyPolicy === 'Forbid' && active.length > 0) {
    ctx.recorder.normal(
      cj,
      'JobAlreadyActive',
      'Not starting job because prior execution is running and concurrency policy is Forbid',
      {
        source: SOURCE,
      },
    )
    return { active, requeueAt: wake() }
  }
  if (spec.concurrencyPolicy === 'Replace') {
    for (const a of active) {
      const j = jobs.find((x) => x.metadata.uid === a.uid)
      if (j && deleteJob(ctx, cj, j)) active = active.filter((x) => x.uid !== a.uid)
    }
  }
  const tmpl = spec.jobTemplate ?? {}
  const job: KObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName,
      namespace: cj.metadata.namespace,
      labels: { ...(tmpl.metadata?.labels ?? {}) },
      annotations: {
        ...(tmpl.metadata?.annotations ?? {}),
        'batch.kubernetes.io/cronjob-scheduled-timestamp': zonedRfc3339(scheduled, tz),
      },
      ownerReferences: [controllerRef(cj)],
    },
    spec: clone(tmpl.spec ?? {}),
  }
  let created: KObject
  try {
    created = ctx.api.create('jobs.batch', job, { internal: true }).object
    ctx.recorder.normal(cj, 'SuccessfulCreate', `Created job ${created.metadata.name}`, {
      source: SOURCE,
    })
  } catch (e) {
    if (!isStatusError(e)) throw e
    if (e.code !== 409) {
      if (e.status.details?.causes?.some((c) => c.reason === 'NamespaceTerminating'))
        return { active }
      ctx.recorder.warning(cj, 'FailedCreate', `Error creating job: ${e.message}`, {
        source: SOURCE,
      })
      throw e
    }
    // Created earlier but never recorded in status: adopt it into the active list.
    const existing = ctx.api.get('jobs.batch', cj.metadata.namespace, jobName)
    if (!controlledBy(existing, cj) || active.some((a) => a.uid === existing.metadata.uid))
      return { active }
    created = existing
  }
  active = [...active, jobRef(created)]
  status.lastScheduleTime = ctx.clock.iso(scheduled)
  return { active, requeueAt: wake() }
}

function deleteJob(ctx: ControllerContext, cj: KObject, job: KObject): boolean {
  try {
    ctx.api.delete('jobs.batch', job.metadata.namespace, job.metadata.name!, {
      propagationPolicy: 'Background',
      internal: true,
    })
  } catch (e) {
    if (!isStatusError(e) || isNotFound(e)) return false
    ctx.recorder.warning(cj, 'FailedDelete', `Deleted job: ${e.message}`, { source: SOURCE })
    return false
  }
  ctx.recorder.normal(cj, 'SuccessfulDelete', `Deleted job ${job.metadata.name}`, {
    source: SOURCE,
  })
  return true
}

/** Keeps successfulJobsHistoryLimit / failedJobsHistoryLimit finished jobs, removing the oldest. */
function cleanupFinishedJobs(
  ctx: ControllerContext,
  cj: KObject,
  jobs: KObject[],
  onDeleted: (uid: string) => void,
): void {
  const spec = cj.spec
  const groups: [KObject[], number | undefined][] = [
    [jobs.filter((j) => jobFinished(j) === 'Complete'), spec.successfulJobsHistoryLimit],
    [jobs.filter((j) => jobFinished(j) === 'Failed'), spec.failedJobsHistoryLimit],
  ]
  for (const [list, limit] of groups) {
    if (limit === undefined || limit === null || list.length <= limit) continue
    // byJobStartTime: jobs without a start time sort last, ties by name.
    list.sort((a, b) => {
      const sa = a.status?.startTime
      const sb = b.status?.startTime
      if (!sa !== !sb) return sa ? -1 : 1
      if (sa && sb && sa !== sb) return sa < sb ? -1 : 1
      return a.metadata.name! < b.metadata.name! ? -1 : 1
    })
    for (const j of list.slice(0, list.length - limit))
      if (deleteJob(ctx, cj, j)) onDeleted(j.metadata.uid!)
  }
}

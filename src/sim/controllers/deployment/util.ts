// Helpers of pkg/controller/deployment/util/deployment_util.go: replica arithmetic, conditions and
// replica set selection.
import type { KObject } from '../../api/types.ts'
import { scaledValue } from '../../registry/intOrPercent.ts'
import { byCreation } from '../podStatus.ts'
import { equalIgnoreHash } from './hash.ts'

export const REVISION = 'deployment.kubernetes.io/revision'
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history'
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas'
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas'

/** Deployment annotations never copied onto its ReplicaSets (annotationsToSkip). */
export const SKIP_COPY = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
])

export const Reason = {
  NewRSAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  NewRSCreated: 'NewReplicaSetCreated',
  FoundNewRS: 'FoundNewReplicaSet',
  RSUpdated: 'ReplicaSetUpdated',
  FailedRSCreate: 'ReplicaSetCreateError',
  Paused: 'DeploymentPaused',
  Resumed: 'DeploymentResumed',
  MinimumAvailable: 'MinimumReplicasAvailable',
  MinimumUnavailable: 'MinimumReplicasUnavailable',
} as const

export const MAX_INT32 = 2147483647

export function replicasOf(o: KObject | undefined): number {
  return o?.spec?.replicas ?? 0
}

export function isRollingUpdate(d: KObject): boolean {
  return d.spec?.strategy?.type === 'RollingUpdate'
}

/** ResolveFenceposts: surge rounds up, unavailable down; both zero means one may be unavailable. */
export function resolveFenceposts(d: KObject): [surge: number, unavailable: number] {
  const ru = d.spec?.strategy?.rollingUpdate ?? {}
  const desired = replicasOf(d)
  const surge = scaledValue(ru.maxSurge ?? 0, desired, true)
  let unavailable = scaledValue(ru.maxUnavailable ?? 0, desired, false)
  if (surge === 0 && unavailable === 0) unavailable = 1
  return [surge, unavailable]
}

export function maxSurge(d: KObject): number {
  if (!isRollingUpdate(d)) return 0
  return resolveFenceposts(d)[0]
}

export function maxUnavailable(d: KObject): number {
  if (!isRollingUpdate(d) || replicasOf(d) === 0) return 0
  return Math.min(resolveFenceposts(d)[1], replicasOf(d))
}

export function hasProgressDeadline(d: KObject): boolean {
  const p = d.spec?.progressDeadlineSeconds
  return typeof p === 'number' && p !== MAX_INT32
}

export function hasRevisionHistoryLimit(d: KObject): boolean {
  const l = d.spec?.revisionHistoryLimit
  return typeof l === 'number' && l !== MAX_INT32
}

const sum = (rss: (KObject | undefined)[], f: (rs: KObject) => number): number =>
  rss.reduce((n, rs) => n + (rs ? f(rs) : 0), 0)

/** Σ spec.replicas */
export const specReplicas = (rss: (KObject | undefined)[]): number => sum(rss, replicasOf)
/** Σ status.replicas */
export const actualReplicas = (rss: (KObject | undefined)[]): number =>
  sum(rss, (rs) => rs.status?.replicas ?? 0)
export const readyReplicas = (rss: (KObject | undefined)[]): number =>
  sum(rss, (rs) => rs.status?.readyReplicas ?? 0)
export const availableReplicas = (rss: (KObject | undefined)[]): number =>
  sum(rss, (rs) => rs.status?.availableReplicas ?? 0)

export function activeReplicaSets(rss: (KObject | undefined)[]): KObject[] {
  return rss.filter((rs): rs is KObject => !!rs && replicasOf(rs) > 0)
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
export function findNewReplicaSet(d: KObject, rsList: KObject[]): KObject | undefined {
  return [...rsList]
    .sort(byCreation)
    .find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template))
}

export function findOldReplicaSets(d: KObject, rsList: KObject[]): KObject[] {
  const newRS = findNewReplicaSet(d, rsList)
  return rsList.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid)
}

export function revisionOf(rs: KObject): number {
  const v = Number(rs.metadata.annotations?.[REVISION] ?? '')
  return Number.isInteger(v) && rs.metadata.annotations?.[REVISION] !== '' ? v : 0
}

export function maxRevision(rss: KObject[]): number {
  return rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0)
}

/** FindActiveOrLatest: the one active ReplicaSet, or the newest when none is active. */
export function findActiveOrLatest(
  newRS: KObject | undefined,
  oldRSs: KObject[],
): KObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined
  const olds = [...oldRSs].sort((a, b) => byCreation(b, a))
  const active = activeReplicaSets([...olds, newRS])
  if (active.length === 0) return newRS ?? olds[0]
  return active.length === 1 ? active[0] : undefined
}

export function isSaturated(d: KObject, rs: KObject | undefined): boolean {
  if (!rs) return false
  const desired = Number(rs.metadata.annotations?.[DESIRED_REPLICAS])
  if (!Number.isInteger(desired)) return false
  const want = replicasOf(d)
  return replicasOf(rs) === want && desired === want && (rs.status?.availableReplicas ?? 0) === want
}

/** DeploymentComplete */
export function deploymentComplete(d: KObject, status: any): boolean {
  const want = replicasOf(d)
  return (
    (status.updatedReplicas ?? 0) === want &&
    (status.replicas ?? 0) === want &&
    (status.availableReplicas ?? 0) === want &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  )
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available pods. */
export function deploymentProgressing(d: KObject, status: any): boolean {
  const old = d.status ?? {}
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0)
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0)
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  )
}

export function getCondition(status: any, type: string): any {
  return (status?.conditions ?? []).find((c: any) => c.type === type)
}

export function newCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: string,
): any {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message }
}

/** SetDeploymentCondition: same status and reason is a no-op; same status keeps the transition time. */
export function setCondition(status: any, cond: any): void {
  const current = getCondition(status, cond.type)
  if (current && current.status === cond.status && current.reason === cond.reason) return
  const next = { ...cond }
  if (current && current.status === cond.status)
    next.lastTransitionTime = current.lastTransitionTime
  status.conditions = [...(status.conditions ?? []).filter((c: any) => c.type !== cond.type), next]
}

export function removeCondition(status: any, type: string): void {
  if (!status.conditions) return
  status.conditions = status.conditions.filter((c: any) => c.type !== type)
  if (status.conditions.length === 0) delete status.conditions
}

/** DeploymentTimedOut */
export function deploymentTimedOut(d: KObject, status: any, now: number): boolean {
  if (!hasProgressDeadline(d)) return false
  const cond = getCondition(status, 'Progressing')
  if (!cond) return false
  if (cond.reason === Reason.NewRSAvailable) return false
  if (cond.reason === Reason.TimedOut) return true
  const from = Date.parse(cond.lastUpdateTime)
  return from + d.spec.progressDeadlineSeconds * 1000 < now
}

/** NewRSNewReplicas: how far the new ReplicaSet may grow now. */
export function newRSNewReplicas(d: KObject, allRSs: KObject[], newRS: KObject): number {
  if (!isRollingUpdate(d)) return replicasOf(d)
  const want = replicasOf(d)
  const surge = scaledValue(d.spec.strategy.rollingUpdate?.maxSurge ?? 0, want, true)
  const current = specReplicas(allRSs)
  const maxTotal = want + surge
  if (current >= maxTotal) return replicasOf(newRS)
  const up = Math.min(maxTotal - current, want - replicasOf(newRS))
  return replicasOf(newRS) + up
}

function roundToInt32(a: number): number {
  return a < 0 ? Math.trunc(a - 0.5) : Math.trunc(a + 0.5)
}

/** GetProportion: this ReplicaSet's share of a proportional scale. */
export function proportion(rs: KObject, d: KObject, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0
  const fraction = replicaSetFraction(rs, d)
  const allowed = toAdd - added
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed)
}

function replicaSetFraction(rs: KObject, d: KObject): number {
  if (replicasOf(d) === 0) return -replicasOf(rs)
  const deploymentMax = replicasOf(d) + maxSurge(d)
  let before = Number(rs.metadata.annotations?.[MAX_REPLICAS])
  if (!Number.isInteger(before) || before === 0) before = d.status?.replicas ?? 0
  if (before === 0) return 0
  return roundToInt32((replicasOf(rs) * deploymentMax) / before) - replicasOf(rs)
}

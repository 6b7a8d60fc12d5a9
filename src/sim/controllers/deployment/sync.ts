// sync.go: scaling (proportional during a rollout), history cleanup and the status calculation.
import type { KObject } from '../../api/types.ts'
import { isNotFound } from '../../api/errors.ts'
import { clone } from '../../apiserver/store.ts'
import type { DeploymentSync } from './context.ts'
import {
  getNewReplicaSet,
  replicasAnnotationsNeedUpdate,
  setReplicasAnnotations,
} from './revision.ts'
import {
  activeReplicaSets,
  actualReplicas,
  availableReplicas,
  DESIRED_REPLICAS,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  maxSurge,
  maxUnavailable,
  newCondition,
  proportion,
  Reason,
  readyReplicas,
  replicasOf,
  revisionOf,
  setCondition,
  specReplicas,
} from './util.ts'
import { byCreation, timeMs } from '../podStatus.ts'

/** getAllReplicaSetsAndSyncRevision */
export function allReplicaSets(
  s: DeploymentSync,
  rsList: KObject[],
  create: boolean,
): { newRS: KObject | undefined; oldRSs: KObject[] } {
  const existing = findNewReplicaSet(s.d, rsList)
  const oldRSs = findOldReplicaSets(s.d, rsList)
  const newRS = getNewReplicaSet(s, rsList, oldRSs, existing, create)
  return { newRS, oldRSs }
}

/** scaleReplicaSet: writes the size and the replicas annotations; the event only on a size change. */
export function scaleReplicaSet(
  s: DeploymentSync,
  rs: KObject,
  newScale: number,
  operation: string,
): { scaled: boolean; rs: KObject } {
  const d = s.d
  const sizeChanges = replicasOf(rs) !== newScale
  const max = replicasOf(d) + maxSurge(d)
  if (!sizeChanges && !replicasAnnotationsNeedUpdate(rs, replicasOf(d), max))
    return { scaled: false, rs }
  const oldScale = replicasOf(rs)
  const copy = clone(rs)
  copy.spec.replicas = newScale
  setReplicasAnnotations(copy, replicasOf(d), max)
  const updated = s.ctx.api.update('replicasets.apps', copy, { internal: true }).object
  if (sizeChanges)
    s.event(
      `Scaled ${operation} replica set ${updated.metadata.name} to ${newScale} from ${oldScale}`,
    )
  return { scaled: sizeChanges, rs: updated }
}

export function scaleAndRecord(
  s: DeploymentSync,
  rs: KObject,
  newScale: number,
): { scaled: boolean; rs: KObject } {
  if (replicasOf(rs) === newScale) return { scaled: false, rs }
  return scaleReplicaSet(s, rs, newScale, replicasOf(rs) < newScale ? 'up' : 'down')
}

/** ReplicaSetsBySizeNewer / BySizeOlder: larger first; ties newer (or older) first. */
function bySize(newerFirst: boolean) {
  return (a: KObject, b: KObject): number => {
    if (replicasOf(a) !== replicasOf(b)) return replicasOf(b) - replicasOf(a)
    return newerFirst ? byCreation(b, a) : byCreation(a, b)
  }
}

/** scale: a scaling event (or a paused Deployment); spread over the active sets proportionally. */
export function scale(s: DeploymentSync, newRS: KObject | undefined, oldRSs: KObject[]): void {
  const d = s.d
  const one = findActiveOrLatest(newRS, oldRSs)
  if (one) {
    if (replicasOf(one) !== replicasOf(d)) scaleAndRecord(s, one, replicasOf(d))
    return
  }
  if (isSaturated(d, newRS)) {
    for (const old of activeReplicaSets(oldRSs)) scaleAndRecord(s, old, 0)
    return
  }
  if (!isRollingUpdate(d)) return
  const all = activeReplicaSets([...oldRSs, newRS])
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0
  const toAdd = allowed - specReplicas(all)
  let operation = ''
  if (toAdd > 0) {
    all.sort(bySize(true))
    operation = 'up'
  } else if (toAdd < 0) {
    all.sort(bySize(false))
    operation = 'down'
  }
  let added = 0
  const sizes = new Map<string, number>()
  for (const rs of all) {
    if (toAdd !== 0) {
      const p = proportion(rs, d, toAdd, added)
      sizes.set(rs.metadata.name!, replicasOf(rs) + p)
      added += p
    } else {
      sizes.set(rs.metadata.name!, replicasOf(rs))
    }
  }
  all.forEach((rs, i) => {
    let size = sizes.get(rs.metadata.name!)!
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added)
    scaleReplicaSet(s, rs, size, operation)
  })
}

/** sync: scaling events and paused Deployments. */
export function syncScale(s: DeploymentSync, rsList: KObject[]): void {
  const { newRS, oldRSs } = allReplicaSets(s, rsList, false)
  scale(s, newRS, oldRSs)
  if (s.d.spec.paused) cleanupDeployment(s, oldRSs)
  syncDeploymentStatus(s, [...oldRSs, newRS], newRS)
}

/** cleanupDeployment: delete the oldest-revision empty ReplicaSets beyond revisionHistoryLimit. */
export function cleanupDeployment(s: DeploymentSync, oldRSs: KObject[]): void {
  const d = s.d
  if (!hasRevisionHistoryLimit(d)) return
  // The sets as listed when the sync began, as upstream: one scaled down just now is spared.
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp)
  const diff = cleanable.length - d.spec.revisionHistoryLimit
  if (diff <= 0) return
  cleanable.sort(
    (a, b) =>
      revisionOf(a) - revisionOf(b) ||
      timeMs(a.metadata.creationTimestamp) - timeMs(b.metadata.creationTimestamp),
  )
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i]
    if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0) continue
    if ((rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue
    try {
      s.ctx.api.delete('replicasets.apps', rs.metadata.namespace, rs.metadata.name!, {
        internal: true,
      })
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
  }
}

/** calculateStatus: counts from the ReplicaSets plus the Available condition. */
export function calculateStatus(
  s: DeploymentSync,
  allRSs: (KObject | undefined)[],
  newRS: KObject | undefined,
): any {
  const d = s.d
  const available = availableReplicas(allRSs)
  const unavailable = Math.max(0, specReplicas(allRSs) - available)
  const status: any = {}
  const put = (k: string, v: number | undefined): void => {
    if (v) status[k] = v
  }
  put('observedGeneration', d.metadata.generation)
  put('replicas', actualReplicas(allRSs))
  put('updatedReplicas', actualReplicas([newRS]))
  put('readyReplicas', readyReplicas(allRSs))
  put('availableReplicas', available)
  put('unavailableReplicas', unavailable)
  if (d.status?.conditions) status.conditions = clone(d.status.conditions)
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(
      status,
      newCondition(
        'Available',
        'True',
        Reason.MinimumAvailable,
        'Deployment has minimum availability.',
        s.now(),
      ),
    )
  } else {
    setCondition(
      status,
      newCondition(
        'Available',
        'False',
        Reason.MinimumUnavailable,
        'Deployment does not have minimum availability.',
        s.now(),
      ),
    )
  }
  return status
}

export function syncDeploymentStatus(
  s: DeploymentSync,
  allRSs: (KObject | undefined)[],
  newRS: KObject | undefined,
): void {
  const status = calculateStatus(s, allRSs, newRS)
  if (JSON.stringify(status) === JSON.stringify(s.d.status ?? {})) return
  s.d.status = status
  s.writeStatus(false)
}

/** isScalingEvent: an active ReplicaSet was sized for a different replica count. */
export function isScalingEvent(s: DeploymentSync, rsList: KObject[]): boolean {
  const { newRS, oldRSs } = allReplicaSets(s, rsList, false)
  for (const rs of activeReplicaSets([...oldRSs, newRS])) {
    const desired = Number(rs.metadata.annotations?.[DESIRED_REPLICAS])
    if (!Number.isInteger(desired) || rs.metadata.annotations?.[DESIRED_REPLICAS] === undefined)
      continue
    if (desired !== replicasOf(s.d)) return true
  }
  return false
}

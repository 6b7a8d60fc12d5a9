// rolling.go: surge the new ReplicaSet, then scale old ones down within maxUnavailable.
import type { KObject } from '../../api/types.ts'
import type { DeploymentSync } from './context.ts'
import { syncRolloutStatus } from './progress.ts'
import { allReplicaSets, cleanupDeployment, scaleAndRecord } from './sync.ts'
import {
  activeReplicaSets,
  availableReplicas,
  deploymentComplete,
  maxUnavailable,
  newRSNewReplicas,
  replicasOf,
  specReplicas,
} from './util.ts'
import { byCreation } from '../podStatus.ts'

function reconcileNewReplicaSet(s: DeploymentSync, allRSs: KObject[], newRS: KObject): boolean {
  const want = replicasOf(s.d)
  if (replicasOf(newRS) === want) return false
  if (replicasOf(newRS) > want) return scaleAndRecord(s, newRS, want).scaled
  return scaleAndRecord(s, newRS, newRSNewReplicas(s.d, allRSs, newRS)).scaled
}

/** cleanupUnhealthyReplicas: shrink old sets by their unavailable pods first, oldest set first. */
function cleanupUnhealthy(
  s: DeploymentSync,
  oldRSs: KObject[],
  maxCleanup: number,
): { oldRSs: KObject[]; count: number } {
  const sorted = [...oldRSs].sort(byCreation)
  let total = 0
  for (let i = 0; i < sorted.length; i++) {
    if (total >= maxCleanup) break
    const rs = sorted[i]
    const available = rs.status?.availableReplicas ?? 0
    if (replicasOf(rs) === 0 || replicasOf(rs) === available) continue
    const down = Math.min(maxCleanup - total, replicasOf(rs) - available)
    sorted[i] = scaleAndRecord(s, rs, replicasOf(rs) - down).rs
    total += down
  }
  return { oldRSs: sorted, count: total }
}

/** scaleDownOldReplicaSetsForRollingUpdate: scale down while availability stays above the floor. */
function scaleDownOld(s: DeploymentSync, allRSs: KObject[], oldRSs: KObject[]): number {
  const minAvailable = replicasOf(s.d) - maxUnavailable(s.d)
  const available = availableReplicas(allRSs)
  if (available <= minAvailable) return 0
  const sorted = [...oldRSs].sort(byCreation)
  const target = available - minAvailable
  let total = 0
  for (const rs of sorted) {
    if (total >= target) break
    if (replicasOf(rs) === 0) continue
    const down = Math.min(replicasOf(rs), target - total)
    scaleAndRecord(s, rs, replicasOf(rs) - down)
    total += down
  }
  return total
}

function reconcileOldReplicaSets(
  s: DeploymentSync,
  allRSs: KObject[],
  oldRSs: KObject[],
  newRS: KObject,
): boolean {
  if (specReplicas(oldRSs) === 0) return false
  const minAvailable = replicasOf(s.d) - maxUnavailable(s.d)
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0)
  const maxScaledDown = specReplicas(allRSs) - minAvailable - newUnavailable
  if (maxScaledDown <= 0) return false
  const cleaned = cleanupUnhealthy(s, oldRSs, maxScaledDown)
  const scaledDown = scaleDownOld(s, [...cleaned.oldRSs, newRS], cleaned.oldRSs)
  return cleaned.count + scaledDown > 0
}

/** rolloutRolling */
export function rolloutRolling(s: DeploymentSync, rsList: KObject[]): void {
  const { newRS, oldRSs } = allReplicaSets(s, rsList, true)
  const all = [...oldRSs, newRS!]
  if (reconcileNewReplicaSet(s, all, newRS!)) {
    syncRolloutStatus(s, all, newRS)
    return
  }
  if (reconcileOldReplicaSets(s, all, activeReplicaSets(oldRSs), newRS!)) {
    syncRolloutStatus(s, all, newRS)
    return
  }
  if (deploymentComplete(s.d, s.d.status)) cleanupDeployment(s, oldRSs)
  syncRolloutStatus(s, all, newRS)
}

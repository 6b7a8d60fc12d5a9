// recreate.go: every old pod goes before any new one is created.
import type { KObject } from '../../api/types.ts'
import type { DeploymentSync } from './context.ts'
import { syncRolloutStatus } from './progress.ts'
import { allReplicaSets, cleanupDeployment, scaleAndRecord } from './sync.ts'
import { activeReplicaSets, actualReplicas, deploymentComplete, replicasOf } from './util.ts'
import { ownedPods } from '../podStatus.ts'

/** oldPodsRunning: old sets still report pods, or an old pod has not finished. */
function oldPodsRunning(
  s: DeploymentSync,
  newRS: KObject | undefined,
  oldRSs: KObject[],
  rsList: KObject[],
): boolean {
  if (actualReplicas(oldRSs) > 0) return true
  for (const rs of rsList) {
    if (newRS && rs.metadata.uid === newRS.metadata.uid) continue
    for (const pod of ownedPods(s.ctx.api, rs)) {
      const phase = pod.status?.phase
      if (phase !== 'Failed' && phase !== 'Succeeded') return true
    }
  }
  return false
}

/** rolloutRecreate */
export function rolloutRecreate(s: DeploymentSync, rsList: KObject[]): void {
  let { newRS, oldRSs } = allReplicaSets(s, rsList, false)
  let all: (KObject | undefined)[] = [...oldRSs, newRS]
  let scaledDown = false
  for (const rs of activeReplicaSets(oldRSs)) {
    if (scaleAndRecord(s, rs, 0).scaled) scaledDown = true
  }
  if (scaledDown) {
    syncRolloutStatus(s, all, newRS)
    return
  }
  if (oldPodsRunning(s, newRS, oldRSs, rsList)) {
    syncRolloutStatus(s, all, newRS)
    return
  }
  if (!newRS) {
    ;({ newRS, oldRSs } = allReplicaSets(s, rsList, true))
    all = [...oldRSs, newRS]
  }
  if (newRS && replicasOf(newRS) !== replicasOf(s.d)) scaleAndRecord(s, newRS, replicasOf(s.d))
  if (deploymentComplete(s.d, s.d.status)) cleanupDeployment(s, oldRSs)
  syncRolloutStatus(s, all, newRS)
}

// progress.go: the Progressing condition, the progress deadline, and the paused conditions.
import type { KObject } from '../../api/types.ts'
import { keyOf } from '../../runtime/controller.ts'
import type { DeploymentSync } from './context.ts'
import { calculateStatus } from './sync.ts'
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  newCondition,
  Reason,
  removeCondition,
  setCondition,
} from './util.ts'

/** checkPausedConditions: DeploymentPaused / DeploymentResumed, unless the deadline already passed. */
export function checkPausedConditions(s: DeploymentSync): void {
  const d = s.d
  if (!hasProgressDeadline(d)) return
  const cond = getCondition(d.status, 'Progressing')
  if (cond?.reason === Reason.TimedOut) return
  const pausedCond = cond?.reason === Reason.Paused
  if (d.spec.paused && !pausedCond) {
    setCondition(
      d.status,
      newCondition('Progressing', 'Unknown', Reason.Paused, 'Deployment is paused', s.now()),
    )
  } else if (!d.spec.paused && pausedCond) {
    setCondition(
      d.status,
      newCondition('Progressing', 'Unknown', Reason.Resumed, 'Deployment is resumed', s.now()),
    )
  } else {
    return
  }
  s.writeStatus(false)
}

/** getReplicaFailures: the new ReplicaSet's failure first, then any old one's. */
function replicaFailure(allRSs: (KObject | undefined)[], newRS: KObject | undefined): any {
  const failureOf = (rs: KObject | undefined): any =>
    (rs?.status?.conditions ?? []).find(
      (c: any) => c.type === 'ReplicaFailure' && c.status === 'True',
    )
  const sets = newRS
    ? [newRS, ...allRSs.filter((rs) => rs?.metadata.uid !== newRS.metadata.uid)]
    : allRSs
  for (const rs of sets) {
    const c = failureOf(rs)
    if (c) {
      return {
        type: 'ReplicaFailure',
        status: c.status,
        lastUpdateTime: c.lastTransitionTime,
        lastTransitionTime: c.lastTransitionTime,
        reason: c.reason,
        message: c.message,
      }
    }
  }
  return undefined
}

/** syncRolloutStatus */
export function syncRolloutStatus(
  s: DeploymentSync,
  allRSs: (KObject | undefined)[],
  newRS: KObject | undefined,
): void {
  const d = s.d
  const status = calculateStatus(s, allRSs, newRS)
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing')
  const current = getCondition(d.status, 'Progressing')
  const complete =
    status.replicas === status.updatedReplicas && current?.reason === Reason.NewRSAvailable
  if (hasProgressDeadline(d) && !complete) {
    const name = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`
    if (deploymentComplete(d, status)) {
      setCondition(
        status,
        newCondition(
          'Progressing',
          'True',
          Reason.NewRSAvailable,
          `${name} has successfully progressed.`,
          s.now(),
        ),
      )
    } else if (deploymentProgressing(d, status)) {
      const cond = newCondition(
        'Progressing',
        'True',
        Reason.RSUpdated,
        `${name} is progressing.`,
        s.now(),
      )
      // Progress refreshes lastUpdateTime even when the reason stays the same.
      if (current) {
        if (current.status === 'True') cond.lastTransitionTime = current.lastTransitionTime
        removeCondition(status, 'Progressing')
      }
      setCondition(status, cond)
    } else if (deploymentTimedOut(d, status, s.nowMs())) {
      setCondition(
        status,
        newCondition(
          'Progressing',
          'False',
          Reason.TimedOut,
          `${name} has timed out progressing.`,
          s.now(),
        ),
      )
    }
  }
  const failure = replicaFailure(allRSs, newRS)
  if (failure) setCondition(status, failure)
  else removeCondition(status, 'ReplicaFailure')

  if (JSON.stringify(status) === JSON.stringify(d.status ?? {})) {
    requeueStuckDeployment(s, status)
    return
  }
  d.status = status
  s.writeStatus(false)
}

/** requeueStuckDeployment: wake the Deployment when its progress deadline would pass. */
function requeueStuckDeployment(s: DeploymentSync, status: any): void {
  const d = s.d
  const cond = getCondition(d.status, 'Progressing')
  if (!hasProgressDeadline(d) || !cond) return
  if (deploymentComplete(d, status) || cond.reason === Reason.TimedOut) return
  const at = Date.parse(cond.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000
  const after = at - s.nowMs()
  // Upstream re-queues one second past the deadline; when that is under a second away it re-queues
  // rate-limited. In virtual time an immediate re-queue would fire again at the same instant for
  // ever (a deadline long past with a NewReplicaSetAvailable condition), so it waits a second.
  s.ctx.requeueAfter(keyOf(d), after < 1000 ? 1000 : after + 1000)
}

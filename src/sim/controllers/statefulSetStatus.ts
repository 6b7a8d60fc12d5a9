import type { KObject } from '../api/types.ts'
import { isAvailable } from './podStatus.ts'
import { isRunningAndReady } from './workloadPods.ts'
import { REVISION_LABEL } from './statefulSetPods.ts'

/**
 * StatefulSetStatus as the controller computes it, in the API's field order, with
 * completeRollingUpdate: once every pod is updated and ready, the update revision becomes current.
 */
export function statefulSetStatus(
  set: KObject,
  pods: KObject[],
  current: KObject,
  update: KObject,
  collisionCount: number,
  minReady: number,
  now: number,
): any {
  let replicas = 0
  let ready = 0
  let available = 0
  let currentReplicas = 0
  let updated = 0
  for (const p of pods) {
    replicas++
    if (isRunningAndReady(p)) {
      ready++
      if (isAvailable(p, minReady, now)) available++
    }
    if (p.metadata.deletionTimestamp) continue
    const rev = p.metadata.labels?.[REVISION_LABEL]
    if (rev === current.metadata.name) currentReplicas++
    if (rev === update.metadata.name) updated++
  }
  let currentRevision = current.metadata.name
  const want: number = set.spec.replicas ?? 1
  if (
    set.spec.updateStrategy?.type === 'RollingUpdate' &&
    updated === want &&
    ready === want &&
    replicas === want
  ) {
    currentReplicas = updated
    currentRevision = update.metadata.name
  }
  const s: any = { observedGeneration: set.metadata.generation, replicas }
  if (ready) s.readyReplicas = ready
  if (currentReplicas) s.currentReplicas = currentReplicas
  if (updated) s.updatedReplicas = updated
  s.currentRevision = currentRevision
  s.updateRevision = update.metadata.name
  s.collisionCount = collisionCount
  s.availableReplicas = available
  return s
}

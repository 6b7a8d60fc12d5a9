import type { KObject } from '../api/types.ts'
import { scaledValue } from '../registry/intOrPercent.ts'
import { isAvailable } from './podStatus.ts'
import { HASH_LABEL } from './daemonSetPods.ts'

export interface NodePods {
  node: string
  pods: KObject[]
  /** NodeShouldRunDaemonPod for this node (false for nodes that no longer exist). */
  run: boolean
}

export interface UpdatePlan {
  deletePods: KObject[]
  createOn: string[]
}

/** findUpdatedPodsOnNode: at most one new and one old live pod, else the node is left to manage. */
function split(pods: KObject[], hash: string): { ok: boolean; newPod?: KObject; oldPod?: KObject } {
  let newPod: KObject | undefined
  let oldPod: KObject | undefined
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue
    if (p.metadata.labels?.[HASH_LABEL] === hash) {
      if (newPod) return { ok: false }
      newPod = p
    } else {
      if (oldPod) return { ok: false }
      oldPod = p
    }
  }
  return { ok: true, newPod, oldPod }
}

/** updatedDesiredNodeCounts: maxSurge and maxUnavailable scaled against the desired count. */
export function budgets(
  ds: KObject,
  desired: number,
): { maxSurge: number; maxUnavailable: number } {
  const ru = ds.spec.updateStrategy?.rollingUpdate ?? {}
  const maxSurge = scaledValue(ru.maxSurge ?? 0, desired, true)
  let maxUnavailable = scaledValue(ru.maxUnavailable ?? 1, desired, true)
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1
  return { maxSurge, maxUnavailable }
}

/**
 * The DaemonSet rollingUpdate step (pkg/controller/daemon/update.go): without surge, delete old
 * pods while fewer than maxUnavailable daemons are unavailable; with surge, start new pods next to
 * available old ones and delete the old once the new are available.
 */
export function rollingUpdatePlan(
  ds: KObject,
  nodes: NodePods[],
  hash: string,
  desired: number,
  now: number,
): UpdatePlan {
  const minReady: number = ds.spec.minReadySeconds ?? 0
  const available = (p: KObject): boolean => isAvailable(p, minReady, now)
  const { maxSurge, maxUnavailable } = budgets(ds, desired)
  if (maxSurge === 0) {
    let numUnavailable = 0
    const allowed: KObject[] = []
    const candidates: KObject[] = []
    for (const n of nodes) {
      const { ok, newPod, oldPod } = split(n.pods, hash)
      if (!ok) {
        numUnavailable++
        continue
      }
      if ((!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++
      else if (newPod) {
        if (!available(newPod)) numUnavailable++
      } else if (!available(oldPod!)) allowed.push(oldPod!)
      else if (numUnavailable < maxUnavailable) candidates.push(oldPod!)
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length)
    return { deletePods: [...allowed, ...candidates.slice(0, remaining)], createOn: [] }
  }
  const deletePods: KObject[] = []
  const allowedNew: string[] = []
  const candidateNew: string[] = []
  let numSurge = 0
  for (const n of nodes) {
    const { ok, newPod, oldPod } = split(n.pods, hash)
    if (!ok) {
      numSurge++
      continue
    }
    if (!oldPod) continue
    if (!newPod) {
      if (!available(oldPod)) {
        if (!n.run) deletePods.push(oldPod)
        else allowedNew.push(n.node)
      } else if (n.run && numSurge < maxSurge) candidateNew.push(n.node)
      continue
    }
    if (!available(newPod)) numSurge++
    else deletePods.push(oldPod)
  }
  const remaining = Math.min(Math.max(0, maxSurge - numSurge), candidateNew.length)
  return { deletePods, createOn: [...allowedNew, ...candidateNew.slice(0, remaining)] }
}

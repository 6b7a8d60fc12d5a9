import type { KObject } from '../api/types.ts'
import type { NodeInfo, Taint } from './cache.ts'
import { unresolvable, type Cycle, type FilterPlugin } from './framework.ts'

export interface Toleration {
  key?: string
  operator?: string
  value?: string
  effect?: string
  tolerationSeconds?: number
}

/** v1.Toleration.ToleratesTaint. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false
  if (t.key && t.key !== taint.key) return false
  if (!t.key && t.operator !== 'Exists') return false
  if (t.operator === 'Exists') return true
  return (t.value ?? '') === (taint.value ?? '')
}

export function toleratesAny(tolerations: Toleration[], taint: Taint): boolean {
  for (const t of tolerations) if (tolerates(t, taint)) return true
  return false
}

export function podTolerations(pod: KObject): Toleration[] {
  return pod.spec?.tolerations ?? []
}

/** The reason text of v1.32 (v1.35 drops the taint details from it). */
export function untoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`
}

/** TaintToleration Filter: the first NoSchedule/NoExecute taint the pod does not tolerate. */
export const taintTolerationFilter: FilterPlugin = {
  name: 'TaintToleration',
  filter(c: Cycle, node: NodeInfo) {
    if (node.taints.length === 0) return null
    const tols = podTolerations(c.pod)
    for (const taint of node.taints) {
      if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue
      if (!toleratesAny(tols, taint)) return unresolvable(untoleratedTaintReason(taint))
    }
    return null
  },
}

/** Taint matching the unschedulable field; pods tolerating it may land on cordoned nodes. */
const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }

export const nodeUnschedulableFilter: FilterPlugin = {
  name: 'NodeUnschedulable',
  filter(c, node) {
    if (!node.unschedulable) return null
    if (toleratesAny(podTolerations(c.pod), UNSCHEDULABLE_TAINT)) return null
    return unresolvable('node(s) were unschedulable')
  },
}

/** Count of PreferNoSchedule taints the pod does not tolerate (TaintToleration Score, lower is better). */
export function intolerablePreferNoSchedule(pod: KObject, node: NodeInfo): number {
  if (node.taints.length === 0) return 0
  const tols = podTolerations(pod).filter((t) => !t.effect || t.effect === 'PreferNoSchedule')
  let n = 0
  for (const taint of node.taints)
    if (taint.effect === 'PreferNoSchedule' && !toleratesAny(tols, taint)) n++
  return n
}

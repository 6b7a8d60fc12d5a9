// HPA status writing: conditions as setConditionInList keeps them, and the status shape.
import type { KObject } from '../api/types.ts'

/** setConditionInList: updates in place; the transition time moves only with the status. */
export function setCondition(
  hpa: KObject,
  type: string,
  status: string,
  reason: string,
  message: string,
  now: string,
): void {
  const list: any[] = hpa.status.conditions ?? []
  let c = list.find((x) => x.type === type)
  if (!c) {
    c = { type }
    list.push(c)
  }
  if (c.status !== status) c.lastTransitionTime = now
  c.status = status
  c.reason = reason
  c.message = message
  hpa.status.conditions = list.map((x) => ({
    type: x.type,
    status: x.status,
    lastTransitionTime: x.lastTransitionTime,
    reason: x.reason,
    message: x.message,
  }))
}

export function setStatus(
  hpa: KObject,
  current: number,
  desired: number,
  statuses: any[] | undefined,
  rescale: boolean,
  iso: string,
): void {
  const s: any = {}
  if (hpa.status.lastScaleTime) s.lastScaleTime = hpa.status.lastScaleTime
  if (rescale) s.lastScaleTime = iso
  if (current) s.currentReplicas = current
  s.desiredReplicas = desired
  if (statuses?.length) s.currentMetrics = statuses
  if (hpa.status.conditions) s.conditions = hpa.status.conditions
  hpa.status = s
}

export function orderStatus(s: any): any {
  const out: any = {}
  for (const k of [
    'observedGeneration',
    'lastScaleTime',
    'currentReplicas',
    'desiredReplicas',
    'currentMetrics',
    'conditions',
  ])
    if (s[k] !== undefined) out[k] = s[k]
  return out
}

import type { KObject } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import { conflict } from '../api/errors.ts'

const BINDING = { plural: 'pods/binding', group: '' }

/** Sets or replaces one pod condition, moving lastTransitionTime only when the status changes. */
export function setPodCondition(pod: KObject, cond: Record<string, unknown>, now: string): void {
  pod.status = pod.status ?? {}
  const list: Record<string, unknown>[] = pod.status.conditions ?? []
  const i = list.findIndex((c) => c.type === cond.type)
  const prev = i >= 0 ? list[i] : undefined
  const next: Record<string, unknown> = {
    type: cond.type,
    status: cond.status,
    lastProbeTime: null,
    lastTransitionTime:
      prev && prev.status === cond.status ? (prev.lastTransitionTime ?? now) : now,
  }
  // Assigned, not spread from empty objects: every binding sets a condition.
  if (cond.reason !== undefined) next.reason = cond.reason
  if (cond.message !== undefined) next.message = cond.message
  if (i >= 0) list[i] = next
  else list.push(next)
  pod.status.conditions = list
}

/**
 * The pods/binding subresource (POST .../pods/<name>/binding): sets spec.nodeName, which no pod
 * update may change, and marks the pod PodScheduled=True. Refuses pods that are already bound or
 * being deleted, with the API server's Conflict messages.
 */
export function bindPod(api: ApiServer, namespace: string, name: string, node: string): KObject {
  const current = api.get('pods', namespace, name)
  if (current.metadata.deletionTimestamp)
    throw conflict(BINDING, name, `pod ${name} is being deleted, cannot be assigned to a host`)
  if (current.spec?.nodeName)
    throw conflict(
      BINDING,
      name,
      `pod ${name} is already assigned to node "${current.spec.nodeName}"`,
    )
  // A structural copy of only what changes: binding thousands of pods must stay cheap.
  const pod: KObject = {
    ...current,
    metadata: { ...current.metadata },
    spec: { ...current.spec, nodeName: node },
    status: {
      ...(current.status ?? {}),
      conditions: [...(current.status?.conditions ?? [])],
    },
  }
  setPodCondition(pod, { type: 'PodScheduled', status: 'True' }, api.now())
  pod.metadata.resourceVersion = api.store.nextRv()
  // Already in the API server's key order: spread from the stored pod, no key added but status.
  api.store.put('pods', pod, 'MODIFIED')
  return pod
}

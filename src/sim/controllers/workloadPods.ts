import type { KObject } from '../api/types.ts'
import { clone } from '../apiserver/store.ts'
import { ownerRef } from './controllerRevisions.ts'

/** controller.GetPodFromTemplate: a pod carrying the template's metadata and spec, owned by `owner`. */
export function podFromTemplate(owner: KObject, template: any, name?: string): KObject {
  const meta = template?.metadata ?? {}
  const pod: KObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace: owner.metadata.namespace,
      labels: { ...(meta.labels ?? {}) },
      ownerReferences: [ownerRef(owner)],
    },
    spec: clone(template?.spec ?? {}),
  }
  if (name) pod.metadata.name = name
  else pod.metadata.generateName = `${owner.metadata.name}-`
  if (meta.annotations && Object.keys(meta.annotations).length)
    pod.metadata.annotations = { ...meta.annotations }
  if (meta.finalizers?.length) pod.metadata.finalizers = [...meta.finalizers]
  return pod
}

export function controlledBy(o: KObject, owner: KObject): boolean {
  return (
    o.metadata.ownerReferences?.some((r) => r.controller && r.uid === owner.metadata.uid) ?? false
  )
}

export function podCondition(pod: KObject, type: string): any {
  return (pod.status?.conditions ?? []).find((c: any) => c.type === type)
}

export function isPodReady(pod: KObject): boolean {
  return podCondition(pod, 'Ready')?.status === 'True'
}

export function isRunningAndReady(pod: KObject): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod)
}

/** Ready for at least minReadySeconds (podutil.IsPodAvailable). */
export function isPodAvailable(pod: KObject, minReadySeconds: number, nowMs: number): boolean {
  const ready = podCondition(pod, 'Ready')
  if (ready?.status !== 'True') return false
  if (!minReadySeconds) return true
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : NaN
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= nowMs
}

/** Milliseconds until a ready pod becomes available, for a requeue; undefined when not pending. */
export function msUntilAvailable(
  pod: KObject,
  minReadySeconds: number,
  nowMs: number,
): number | undefined {
  const ready = podCondition(pod, 'Ready')
  if (ready?.status !== 'True' || !minReadySeconds || !ready.lastTransitionTime) return undefined
  const at = Date.parse(ready.lastTransitionTime) + minReadySeconds * 1000
  return at > nowMs ? at - nowMs : undefined
}

export function isTerminal(pod: KObject): boolean {
  const p = pod.status?.phase
  return p === 'Succeeded' || p === 'Failed'
}

export function isTerminating(o: KObject): boolean {
  return Boolean(o.metadata.deletionTimestamp)
}

export function byCreation(a: KObject, b: KObject): number {
  const ta = a.metadata.creationTimestamp ?? ''
  const tb = b.metadata.creationTimestamp ?? ''
  if (ta !== tb) return ta < tb ? -1 : 1
  const na = a.metadata.name ?? ''
  const nb = b.metadata.name ?? ''
  return na < nb ? -1 : na > nb ? 1 : 0
}

/** Names for events: `Created pod: x` needs the name the API server generated. */
export function nameOf(o: KObject): string {
  return o.metadata.name ?? ''
}

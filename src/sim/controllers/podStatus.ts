import type { KObject, OwnerReference } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'

/** The pod's condition of `type`, if any. */
export function condition(pod: KObject, type: string): any {
  const list = pod.status?.conditions
  if (!Array.isArray(list)) return undefined
  return list.find((c: any) => c?.type === type)
}

/** podutil.IsPodReady. */
export function isReady(pod: KObject): boolean {
  return condition(pod, 'Ready')?.status === 'True'
}

/** When the Ready condition last turned true (ms), or undefined. */
export function readySince(pod: KObject): number | undefined {
  const c = condition(pod, 'Ready')
  if (c?.status !== 'True' || !c.lastTransitionTime) return undefined
  const t = Date.parse(c.lastTransitionTime)
  return Number.isFinite(t) ? t : undefined
}

/** podutil.IsPodAvailable: ready, and ready for strictly longer than minReadySeconds. */
export function isAvailable(pod: KObject, minReadySeconds: number, nowMs: number): boolean {
  if (!isReady(pod)) return false
  if (!minReadySeconds) return true
  const since = readySince(pod)
  return since !== undefined && since + minReadySeconds * 1000 < nowMs
}

/** controller.IsPodActive: not finished and not being deleted. */
export function isActive(pod: KObject): boolean {
  const phase = pod.status?.phase
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp
}

/** metav1.GetControllerOf. */
export function controllerOf(o: KObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller)
}

/** metav1.NewControllerRef. */
export function controllerRef(owner: KObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  }
}

/** Milliseconds of an RFC 3339 timestamp (0 when missing). */
export function timeMs(ts: string | undefined | null): number {
  if (!ts) return 0
  const t = Date.parse(ts)
  return Number.isFinite(t) ? t : 0
}

/** controller.ReplicaSetsByCreationTimestamp: oldest first, then by name. */
export function byCreation(a: KObject, b: KObject): number {
  const d = timeMs(a.metadata.creationTimestamp) - timeMs(b.metadata.creationTimestamp)
  if (d !== 0) return d
  const an = a.metadata.name!
  const bn = b.metadata.name!
  return an < bn ? -1 : an > bn ? 1 : 0
}

/** Pods a controller owns, found through the store's owner index (no namespace scan). */
export function ownedPods(api: ApiServer, owner: KObject): KObject[] {
  const out: KObject[] = []
  for (const [res, key] of api.store.dependents(owner.metadata.uid!)) {
    if (res !== 'pods') continue
    const pod = api.store.get(res, key)
    if (pod && controllerOf(pod)?.uid === owner.metadata.uid) out.push(pod)
  }
  return out
}

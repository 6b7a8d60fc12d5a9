import type { KObject } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import { clone } from '../apiserver/store.ts'
import { controllerOf, controllerRef, isReady, readySince } from './podStatus.ts'

/** controller.GetPodFromTemplate: a pod carrying the template's metadata and spec, owned by `owner`. */
export function podFromTemplate(owner: KObject, template: any): KObject {
  const meta = template?.metadata ?? {}
  const pod: KObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      labels: { ...(meta.labels ?? {}) },
      ownerReferences: [controllerRef(owner)],
    },
    spec: clone(template?.spec ?? {}),
  }
  if (meta.annotations && Object.keys(meta.annotations).length)
    pod.metadata.annotations = { ...meta.annotations }
  if (meta.finalizers?.length) pod.metadata.finalizers = [...meta.finalizers]
  return pod
}

export function controlledBy(o: KObject, owner: KObject): boolean {
  return controllerOf(o)?.uid === owner.metadata.uid
}

/** Objects of `resource` that `owner` controls, through the store's owner index. */
export function ownedObjects(api: ApiServer, owner: KObject, resource: string): KObject[] {
  const out: KObject[] = []
  for (const [res, key] of api.store.dependents(owner.metadata.uid!)) {
    if (res !== resource) continue
    const o = api.store.get(res, key)
    if (o && controlledBy(o, owner)) out.push(o)
  }
  return out
}

export function isRunningAndReady(pod: KObject): boolean {
  return pod.status?.phase === 'Running' && isReady(pod)
}

/** Milliseconds until a ready pod counts as available, for a requeue; undefined when not pending. */
export function msUntilAvailable(
  pod: KObject,
  minReadySeconds: number,
  nowMs: number,
): number | undefined {
  const since = readySince(pod)
  if (since === undefined || !minReadySeconds) return undefined
  // Available once ready for strictly longer than minReadySeconds.
  const at = since + minReadySeconds * 1000
  return at >= nowMs ? at - nowMs + 1 : undefined
}

export function isTerminal(pod: KObject): boolean {
  const p = pod.status?.phase
  return p === 'Succeeded' || p === 'Failed'
}

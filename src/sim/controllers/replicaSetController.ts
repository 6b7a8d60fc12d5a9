// The ReplicaSet controller (pkg/controller/replicaset). ReplicationController runs the same
// manager with map selectors, as upstream runs one controller over both kinds.
import type { KObject, WatchEvent } from '../api/types.ts'
import { matchesRequirements, selectorRequirements } from '../api/selectors.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import { clone } from '../apiserver/store.ts'
import {
  keyOf,
  ownerKeysOf,
  splitKey,
  type Controller,
  type ControllerContext,
} from '../runtime/controller.ts'
import { controllerOf, isActive, isAvailable, isReady, ownedPods, readySince } from './podStatus.ts'
import { claimPods, createPods, deletePods, podsToDelete, type PodControl } from './replicaPods.ts'

/** --replicaset-burst: pods created or deleted per sync at most. */
export const BURST_REPLICAS = 500

export interface ReplicaKind extends PodControl {
  /** Controller name in the manager. */
  name: string
  resource: string
  kind: string
  /** Whether a pod's labels are selected by the owner, worked out once per owner version. */
  selector(owner: KObject): (labels: Record<string, string> | undefined) => boolean
}

const RS_KIND: ReplicaKind = {
  name: 'replicaset',
  resource: 'replicasets.apps',
  kind: 'ReplicaSet',
  component: 'replicaset-controller',
  selector: (rs) => {
    const reqs = selectorRequirements(rs.spec?.selector)
    return (labels) => reqs !== null && matchesRequirements(labels, reqs)
  },
}

/** The active pods of a namespace straight from the store's index: no sort, no copies. */
function activePods(ctx: ControllerContext, namespace: string): KObject[] {
  const out: KObject[] = []
  // forEach, not an iterator handed across functions: a sync visits every pod of the namespace.
  ctx.api.store.forEachInNamespace('pods', namespace, (pod) => {
    if (isActive(pod)) out.push(pod)
  })
  return out
}

/** Pods of sibling ReplicaSets owned by the same Deployment (getIndirectlyRelatedPods). */
function relatedPods(ctx: ControllerContext, owner: KObject, k: ReplicaKind): KObject[] {
  const parent = controllerOf(owner)
  if (!parent) return ownedPods(ctx.api, owner)
  const out: KObject[] = []
  for (const [res, key] of ctx.api.store.dependents(parent.uid)) {
    if (res !== k.resource) continue
    const sibling = ctx.api.store.get(res, key)
    if (sibling) out.push(...ownedPods(ctx.api, sibling))
  }
  return out
}

function failureCondition(status: any): any {
  return (status?.conditions ?? []).find((c: any) => c.type === 'ReplicaFailure')
}

function hasLabels(labels: Record<string, string>, want: [string, string][]): boolean {
  for (let i = 0; i < want.length; i++) if (labels[want[i][0]] !== want[i][1]) return false
  return true
}

/** calculateStatus of replica_set_utils.go. */
function computeStatus(
  owner: KObject,
  pods: KObject[],
  now: number,
  nowIso: string,
  manageError: unknown,
): any {
  const templateLabels = Object.entries<string>(owner.spec?.template?.metadata?.labels ?? {})
  const minReady = owner.spec?.minReadySeconds ?? 0
  let fullyLabeled = 0
  let ready = 0
  let available = 0
  for (const pod of pods) {
    if (hasLabels(pod.metadata.labels ?? {}, templateLabels)) fullyLabeled++
    if (isReady(pod)) {
      ready++
      if (isAvailable(pod, minReady, now)) available++
    }
  }
  let conditions: any[] = clone(owner.status?.conditions ?? [])
  const failure = failureCondition(owner.status)
  if (manageError !== undefined && !failure) {
    const diff = pods.length - (owner.spec?.replicas ?? 1)
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : ''
    const message = manageError instanceof Error ? manageError.message : String(manageError)
    conditions.push({
      type: 'ReplicaFailure',
      status: 'True',
      lastTransitionTime: nowIso,
      reason,
      message,
    })
  } else if (manageError === undefined && failure) {
    conditions = conditions.filter((c) => c.type !== 'ReplicaFailure')
  }
  const status: any = { replicas: pods.length }
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled
  if (ready) status.readyReplicas = ready
  if (available) status.availableReplicas = available
  if (owner.metadata.generation) status.observedGeneration = owner.metadata.generation
  if (conditions.length) status.conditions = conditions
  return status
}

/** When the next ready pod turns available, so the status is refreshed right then. */
function nextAvailability(owner: KObject, pods: KObject[], now: number): number | undefined {
  const minReady = owner.spec?.minReadySeconds ?? 0
  if (!minReady) return undefined
  let next: number | undefined
  for (const pod of pods) {
    const since = readySince(pod)
    if (since === undefined) continue
    const at = since + minReady * 1000 + 1
    if (at > now && (next === undefined || at < next)) next = at
  }
  return next
}

function manageReplicas(
  ctx: ControllerContext,
  k: ReplicaKind,
  owner: KObject,
  active: KObject[],
): unknown {
  const want = owner.spec?.replicas ?? 1
  let diff = active.length - want
  if (diff < 0) {
    diff = Math.min(-diff, BURST_REPLICAS)
    // A partial burst leaves the rest for the next sync, which the new pods' events trigger.
    return createPods(ctx, k, owner, diff).error
  }
  if (diff > 0) {
    diff = Math.min(diff, BURST_REPLICAS)
    const victims = podsToDelete(active, relatedPods(ctx, owner, k), diff, ctx.clock.now())
    return deletePods(ctx, k, owner, victims)
  }
  return undefined
}

function podEventKeys(k: ReplicaKind, api: ApiServer) {
  return (ev: WatchEvent): string[] => {
    const keys = ownerKeysOf(ev, k.kind)
    // An orphan wakes every owner in its namespace that selects it, so one can adopt it.
    if (!controllerOf(ev.object) && ev.type !== 'DELETED') {
      const ns = ev.object.metadata.namespace!
      for (const owner of api.list(k.resource, { namespace: ns }).items) {
        const key = keyOf(owner)
        if (k.selector(owner)(ev.object.metadata.labels) && !keys.includes(key)) keys.push(key)
      }
    }
    return keys
  }
}

/** The replica manager for one kind; exported for ReplicationController. */
export function replicaManager(api: ApiServer, k: ReplicaKind): Controller {
  return {
    name: k.name,
    watches: [
      { resource: k.resource, keys: (ev) => [keyOf(ev.object)] },
      { resource: 'pods', keys: podEventKeys(k, api) },
    ],
    initialKeys: (ctx) => ctx.api.list(k.resource).items.map(keyOf),
    reconcile(key, ctx) {
      const { namespace, name } = splitKey(key)
      const owner = ctx.api.tryGet(k.resource, namespace, name)
      if (!owner) return
      const candidates = activePods(ctx, namespace!)
      const active = claimPods(ctx, owner, candidates, k.selector(owner))
      const manageError = owner.metadata.deletionTimestamp
        ? undefined
        : manageReplicas(ctx, k, owner, active)

      const current = ctx.api.tryGet(k.resource, namespace, name)
      if (!current) return
      const now = ctx.clock.now()
      // The pods as found before this sync's creations and deletions, as upstream counts them;
      // their watch events bring the next sync, which counts them.
      const status = computeStatus(current, active, now, ctx.clock.iso(), manageError)
      if (JSON.stringify(status) !== JSON.stringify(current.status ?? {}))
        ctx.api.updateStatus(k.resource, { ...current, status })
      const next = nextAvailability(current, active, now)
      if (next !== undefined) ctx.requeueAt(key, next)
      if (manageError !== undefined) throw manageError
    },
  }
}

export function replicaSetController(api: ApiServer): Controller {
  return replicaManager(api, RS_KIND)
}

// What ReplicaSet and ReplicationController share (pkg/controller/controller_utils.go): creating
// pods from a template in slow-start batches, deleting the pods ranked cheapest to lose, and the
// adopt/release rules of ClaimPods.
import type { KObject } from '../api/types.ts'
import { isStatusError } from '../api/errors.ts'
import { clone } from '../apiserver/store.ts'
import type { ControllerContext } from '../runtime/controller.ts'
import type { ManagedFieldsEntry } from '../apiserver/managedFields.ts'
import { controllerOf, controllerRef, isActive, isReady, readySince, timeMs } from './podStatus.ts'

/** controller.SlowStartInitialBatchSize */
const SLOW_START_INITIAL_BATCH = 1

function namespaceTerminating(err: unknown): boolean {
  return (
    isStatusError(err) &&
    (err.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')
  )
}

/** controller.GetPodFromTemplate. */
export function podFromTemplate(owner: KObject, template: any): KObject {
  const meta = template?.metadata ?? {}
  const pod: KObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      ownerReferences: [controllerRef(owner)],
    },
    spec: clone(template?.spec ?? {}),
  }
  if (meta.labels && Object.keys(meta.labels).length) pod.metadata.labels = { ...meta.labels }
  if (meta.annotations && Object.keys(meta.annotations).length)
    pod.metadata.annotations = { ...meta.annotations }
  if (Array.isArray(meta.finalizers) && meta.finalizers.length)
    pod.metadata.finalizers = [...meta.finalizers]
  return pod
}

export interface PodControl {
  /** Event source component: `replicaset-controller`, `replication-controller`. */
  component: string
}

/**
 * Creates `count` pods in doubling batches (1, 2, 4, ...) and stops after the first batch with a
 * failure, as slowStartBatch does, so a quota or admission error costs one call and not hundreds.
 * Returns how many were created and the first error.
 */
export function createPods(
  ctx: ControllerContext,
  pc: PodControl,
  owner: KObject,
  count: number,
): { created: number; error?: unknown } {
  let remaining = count
  let created = 0
  const source = { component: pc.component }
  // Every pod of one call is built from the same template at the same instant, so the server
  // works out the same managed fields for each: they are worked out for the first one only.
  let managed: ManagedFieldsEntry[] | undefined
  for (
    let batch = Math.min(remaining, SLOW_START_INITIAL_BATCH);
    batch > 0;
    batch = Math.min(2 * batch, remaining)
  ) {
    let firstError: unknown
    for (let i = 0; i < batch; i++) {
      try {
        const pod = podFromTemplate(owner, owner.spec.template)
        if (!pod.metadata.labels) throw new Error('unable to create pods, no labels')
        const { object } = ctx.api.create('pods', pod, { internal: true, owned: true, managed })
        managed ??= object.metadata.managedFields as ManagedFieldsEntry[] | undefined
        ctx.recorder.normal(owner, 'SuccessfulCreate', `Created pod: ${object.metadata.name}`, {
          source,
        })
        created++
      } catch (err) {
        if (namespaceTerminating(err)) continue
        const message = err instanceof Error ? err.message : String(err)
        ctx.recorder.warning(owner, 'FailedCreate', `Error creating: ${message}`, { source })
        firstError ??= err
      }
    }
    if (firstError !== undefined) return { created, error: firstError }
    remaining -= batch
  }
  return { created }
}

/** Deletes pods, recording SuccessfulDelete/FailedDelete on the owner. Returns the first error. */
export function deletePods(
  ctx: ControllerContext,
  pc: PodControl,
  owner: KObject,
  pods: KObject[],
): unknown {
  const source = { component: pc.component }
  let firstError: unknown
  for (const pod of pods) {
    try {
      ctx.api.delete('pods', pod.metadata.namespace, pod.metadata.name!, { internal: true })
      ctx.recorder.normal(owner, 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, {
        source,
      })
    } catch (err) {
      if (isStatusError(err) && err.code === 404) continue
      const message = err instanceof Error ? err.message : String(err)
      ctx.recorder.warning(owner, 'FailedDelete', `Error deleting: ${message}`, { source })
      firstError ??= err
    }
  }
  return firstError
}

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 }

function deletionCost(pod: KObject): number {
  const v = pod.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost']
  const n = v === undefined ? 0 : Number(v)
  return Number.isInteger(n) ? n : 0
}

/** Highest restart count among regular containers, and among restartable init (sidecar) containers. */
function maxRestarts(pod: KObject): [number, number] {
  let regular = 0
  let sidecar = 0
  for (const s of pod.status?.containerStatuses ?? [])
    regular = Math.max(regular, s?.restartCount ?? 0)
  const sidecars = new Set(
    (pod.spec?.initContainers ?? [])
      .filter((c: any) => c?.restartPolicy === 'Always')
      .map((c: any) => c.name),
  )
  for (const s of pod.status?.initContainerStatuses ?? [])
    if (sidecars.has(s?.name)) sidecar = Math.max(sidecar, s?.restartCount ?? 0)
  return [regular, sidecar]
}

/** logarithmicRankDiff: compares how long ago two times were on a log2 scale of nanoseconds. */
function logRankDiff(t1: number, t2: number, now: number): number {
  const rank = (t: number): number => {
    const d = (now - t) * 1e6
    return d > 0 ? Math.floor(Math.log2(d)) : -1
  }
  return rank(t1) - rank(t2)
}

/** true when a sorts before b by "later first, unset first" (afterOrZero). */
function afterOrZero(a: number, b: number): boolean {
  if (a === 0 || b === 0) return a === 0
  return a > b
}

/**
 * controller.ActivePodsWithRanks.Less with LogarithmicScaleDown (GA in v1.31): the first pods in
 * the order are the cheapest to delete.
 */
export function rankForDeletion(pods: KObject[], related: KObject[], now: number): KObject[] {
  const onNode = new Map<string, number>()
  for (const p of related) {
    if (!isActive(p)) continue
    const n = p.spec?.nodeName ?? ''
    onNode.set(n, (onNode.get(n) ?? 0) + 1)
  }
  const items = pods.map((pod) => ({
    pod,
    rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0,
    ready: isReady(pod),
    readyAt: readySince(pod) ?? 0,
    created: timeMs(pod.metadata.creationTimestamp),
    uid: pod.metadata.uid ?? '',
    restarts: maxRestarts(pod),
  }))
  const less = (a: (typeof items)[number], b: (typeof items)[number]): boolean => {
    const an = a.pod.spec?.nodeName ?? ''
    const bn = b.pod.spec?.nodeName ?? ''
    if (an !== bn && (an === '' || bn === '')) return an === ''
    const ap = PHASE_ORDINAL[a.pod.status?.phase] ?? 0
    const bp = PHASE_ORDINAL[b.pod.status?.phase] ?? 0
    if (ap !== bp) return ap < bp
    if (a.ready !== b.ready) return !a.ready
    const ac = deletionCost(a.pod)
    const bc = deletionCost(b.pod)
    if (ac !== bc) return ac < bc
    if (a.rank !== b.rank) return a.rank > b.rank
    if (a.ready && b.ready && a.readyAt !== b.readyAt) {
      if (a.readyAt === 0 || b.readyAt === 0) return afterOrZero(a.readyAt, b.readyAt)
      const d = logRankDiff(a.readyAt, b.readyAt, now)
      if (d === 0) return a.uid < b.uid
      return d < 0
    }
    if (a.restarts[0] !== b.restarts[0]) return a.restarts[0] > b.restarts[0]
    if (a.restarts[1] !== b.restarts[1]) return a.restarts[1] > b.restarts[1]
    if (a.created !== b.created) {
      if (a.created === 0 || b.created === 0) return afterOrZero(a.created, b.created)
      const d = logRankDiff(a.created, b.created, now)
      if (d === 0) return a.uid < b.uid
      return d < 0
    }
    return false
  }
  items.sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0))
  return items.map((i) => i.pod)
}

/** getPodsToDelete: the first `diff` pods by rank (no sorting when all of them go). */
export function podsToDelete(
  active: KObject[],
  related: KObject[],
  diff: number,
  now: number,
): KObject[] {
  if (diff >= active.length) return active.slice()
  return rankForDeletion(active, related, now).slice(0, diff)
}

/**
 * ClaimPods for a single namespace scan: pods the owner controls stay (or are released when their
 * labels no longer match); orphans whose labels match are adopted, unless the owner is going away.
 */
export function claimPods(
  ctx: ControllerContext,
  owner: KObject,
  candidates: Iterable<KObject>,
  matches: (labels: Record<string, string> | undefined) => boolean,
): KObject[] {
  const uid = owner.metadata.uid
  const claimed: KObject[] = []
  for (const pod of candidates) {
    const ref = controllerOf(pod)
    if (ref) {
      if (ref.uid !== uid) continue
      if (matches(pod.metadata.labels)) {
        claimed.push(pod)
      } else if (!pod.metadata.deletionTimestamp && !owner.metadata.deletionTimestamp) {
        release(ctx, pod, uid!)
      }
      continue
    }
    if (owner.metadata.deletionTimestamp || pod.metadata.deletionTimestamp) continue
    if (!matches(pod.metadata.labels)) continue
    const adopted = adopt(ctx, owner, pod)
    if (adopted) claimed.push(adopted)
  }
  return claimed
}

function adopt(ctx: ControllerContext, owner: KObject, pod: KObject): KObject | undefined {
  const copy = clone(pod)
  copy.metadata.ownerReferences = [...(copy.metadata.ownerReferences ?? []), controllerRef(owner)]
  try {
    return ctx.api.update('pods', copy, { internal: true }).object
  } catch (err) {
    if (isStatusError(err) && err.code === 404) return undefined
    throw err
  }
}

function release(ctx: ControllerContext, pod: KObject, uid: string): void {
  const copy = clone(pod)
  const refs = (copy.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid)
  if (refs.length) copy.metadata.ownerReferences = refs
  else delete copy.metadata.ownerReferences
  try {
    ctx.api.update('pods', copy, { internal: true })
  } catch (err) {
    if (!(isStatusError(err) && err.code === 404)) throw err
  }
}

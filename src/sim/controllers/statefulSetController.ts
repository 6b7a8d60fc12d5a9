import type { KObject, OwnerReference } from '../api/types.ts'
import { isNotFound, isStatusError } from '../api/errors.ts'
import { clone } from '../apiserver/store.ts'
import {
  keyOf,
  ownerKeys,
  selfKeys,
  splitKey,
  type Controller,
  type ControllerContext,
} from '../runtime/controller.ts'
import {
  ensureRevision,
  ownedRevisions,
  revisionHash,
  templatePatch,
  truncateHistory,
} from './controllerRevisions.ts'
import { isRunningAndReady, isTerminal, msUntilAvailable, ownedObjects } from './workloadPods.ts'
import { controllerRef, isAvailable } from './podStatus.ts'
import {
  claimsFor,
  newStatefulPod,
  ordinalOf,
  REVISION_LABEL,
  revisionTemplate,
  startOrdinal,
} from './statefulSetPods.ts'
import { statefulSetStatus } from './statefulSetStatus.ts'

const SOURCE = { component: 'statefulset-controller' }

/**
 * The StatefulSet controller (pkg/controller/statefulset, v1.32): stable pod names and storage,
 * OrderedReady and Parallel pod management, scale-down from the highest ordinal, RollingUpdate
 * with partition from the highest ordinal, OnDelete, PVC retention, ControllerRevisions, status.
 */
export function statefulSetController(): Controller {
  return {
    name: 'statefulset',
    watches: [selfKeys('statefulsets.apps'), ownerKeys('pods', 'StatefulSet')],
    initialKeys: (ctx) => ctx.api.list('statefulsets.apps').items.map(keyOf),
    reconcile: (key, ctx) => syncStatefulSet(key, ctx),
  }
}

interface Sync {
  ctx: ControllerContext
  set: KObject
  monotonic: boolean
  minReady: number
  now: number
}

function podEvent(s: Sync, verb: 'create' | 'delete', pod: KObject, err?: string): void {
  const Verb = verb === 'create' ? 'Create' : 'Delete'
  if (err === undefined)
    s.ctx.recorder.normal(
      s.set,
      `Successful${Verb}`,
      `${verb} Pod ${pod.metadata.name} in StatefulSet ${s.set.metadata.name} successful`,
      {
        source: SOURCE,
      },
    )
  else
    s.ctx.recorder.warning(
      s.set,
      `Failed${Verb}`,
      `${verb} Pod ${pod.metadata.name} in StatefulSet ${s.set.metadata.name} failed error: ${err}`,
      {
        source: SOURCE,
      },
    )
}

function deletePod(s: Sync, pod: KObject): void {
  try {
    s.ctx.api.delete('pods', pod.metadata.namespace, pod.metadata.name!, { internal: true })
    podEvent(s, 'delete', pod)
  } catch (e) {
    if (isNotFound(e)) return
    if (!isStatusError(e)) throw e
    podEvent(s, 'delete', pod, e.message)
  }
}

/** createPersistentVolumeClaims then the pod; false when it could not (claim terminating, error). */
function createPod(s: Sync, pod: KObject, ordinal: number): boolean {
  const { ctx, set } = s
  for (const claim of claimsFor(set, ordinal)) {
    const existing = ctx.api.tryGet(
      'persistentvolumeclaims',
      claim.metadata.namespace,
      claim.metadata.name!,
    )
    if (existing) {
      if (existing.metadata.deletionTimestamp) {
        ctx.requeueAfter(keyOf(set), 1000)
        return false
      }
      continue
    }
    try {
      ctx.api.create('persistentvolumeclaims', claim, { internal: true })
      ctx.recorder.normal(
        set,
        'SuccessfulCreate',
        `create Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`,
        {
          source: SOURCE,
        },
      )
    } catch (e) {
      if (!isStatusError(e)) throw e
      ctx.recorder.warning(
        set,
        'FailedCreate',
        `create Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${e.message}`,
        { source: SOURCE },
      )
      return false
    }
  }
  try {
    ctx.api.create('pods', pod, { internal: true })
    podEvent(s, 'create', pod)
    return true
  } catch (e) {
    if (!isStatusError(e)) throw e
    podEvent(s, 'create', pod, e.message)
    return false
  }
}

const healthy = (s: Sync, p: KObject): boolean =>
  !p.metadata.deletionTimestamp && isRunningAndReady(p) && isAvailable(p, s.minReady, s.now)

function syncStatefulSet(key: string, ctx: ControllerContext): void {
  const { namespace, name } = splitKey(key)
  const set = ctx.api.tryGet('statefulsets.apps', namespace, name)
  if (!set || set.metadata.deletionTimestamp) return
  const s: Sync = {
    ctx,
    set,
    monotonic: set.spec.podManagementPolicy !== 'Parallel',
    minReady: set.spec.minReadySeconds ?? 0,
    now: ctx.clock.now(),
  }
  const revs = ensureRevision(ctx, set, ownedRevisions(ctx, set), (cc) =>
    revisionHash(templatePatch(set), cc),
  )
  const update = revs.update
  const current =
    revs.revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update
  const start = startOrdinal(set)
  const count: number = set.spec.replicas ?? 1
  const pods = ownedObjects(ctx.api, set, 'pods')
  const replicas: (KObject | undefined)[] = new Array(count).fill(undefined)
  const condemned: KObject[] = []
  for (const p of pods) {
    const ord = ordinalOf(set, p)
    if (ord < 0) continue
    if (ord >= start && ord < start + count) replicas[ord - start] = p
    else condemned.push(p)
  }
  condemned.sort((a, b) => ordinalOf(set, a) - ordinalOf(set, b))

  // Claims learn their owners first, so a pod scaled away takes its claim along when asked to.
  updateClaimOwners(s, start, count)
  if (reconcilePods(s, replicas, condemned, current, update)) rollingUpdate(s, replicas, update)

  const fresh = ownedObjects(ctx.api, set, 'pods')
  const status = statefulSetStatus(
    set,
    fresh,
    current,
    update,
    revs.collisionCount,
    s.minReady,
    s.now,
  )
  const liveRevisions = new Set([
    current.metadata.name!,
    update.metadata.name!,
    ...fresh.map((p) => p.metadata.labels?.[REVISION_LABEL] ?? ''),
  ])
  truncateHistory(ctx, revs.revisions, liveRevisions, set.spec.revisionHistoryLimit ?? 10, true)
  if (JSON.stringify(status) !== JSON.stringify(set.status ?? {})) {
    const latest = ctx.api.get('statefulsets.apps', namespace, name)
    ctx.api.updateStatus('statefulsets.apps', { ...latest, status })
  }
  let wait: number | undefined
  for (const p of fresh) {
    const w = msUntilAvailable(p, s.minReady, s.now)
    if (w !== undefined) wait = Math.min(wait ?? Infinity, w)
  }
  if (wait !== undefined) ctx.requeueAfter(key, wait)
}

/**
 * Creates missing pods in ordinal order, replaces finished ones, and scales down from the highest
 * ordinal. With OrderedReady it stops at the first pod not yet Running and Ready. Returns whether
 * it got through everything (so the rolling update may proceed).
 */
function reconcilePods(
  s: Sync,
  replicas: (KObject | undefined)[],
  condemned: KObject[],
  current: KObject,
  update: KObject,
): boolean {
  const { set } = s
  const start = startOrdinal(set)
  const partition: number | undefined = set.spec.updateStrategy?.rollingUpdate?.partition
  const rolling = set.spec.updateStrategy?.type === 'RollingUpdate'
  let proceed = true
  for (let i = 0; i < replicas.length; i++) {
    const pod = replicas[i]
    const ordinal = start + i
    if (!pod) {
      // newVersionedStatefulSetPod: ordinals below the partition stay at the current revision.
      const belowPartition =
        rolling &&
        (partition === undefined
          ? ordinal < start + (set.status?.currentReplicas ?? 0)
          : ordinal < start + partition)
      const rev = belowPartition ? current : update
      const created = createPod(
        s,
        newStatefulPod(set, revisionTemplate(rev), ordinal, rev.metadata.name!),
        ordinal,
      )
      if (s.monotonic) return false
      if (!created) proceed = false
      continue
    }
    if (isTerminal(pod)) {
      if (!pod.metadata.deletionTimestamp) deletePod(s, pod)
      // The replacement is created on a later sync, once this pod is gone.
      if (s.monotonic) return false
      proceed = false
      continue
    }
    if (pod.status?.phase === 'Pending' || !pod.status?.phase)
      recreateMissingClaims(s, pod, ordinal)
    if (s.monotonic && (pod.metadata.deletionTimestamp || !healthy(s, pod))) return false
  }
  if (!proceed) return false
  const firstUnhealthy = [...replicas, ...condemned].find((p) => p && !healthy(s, p))
  for (let t = condemned.length - 1; t >= 0; t--) {
    const pod = condemned[t]
    if (pod.metadata.deletionTimestamp) {
      if (s.monotonic) return false
      continue
    }
    if (s.monotonic && !healthy(s, pod) && pod !== firstUnhealthy) return false
    deletePod(s, pod)
    if (s.monotonic) return false
  }
  return true
}

function recreateMissingClaims(s: Sync, pod: KObject, ordinal: number): void {
  for (const claim of claimsFor(s.set, ordinal)) {
    if (s.ctx.api.tryGet('persistentvolumeclaims', claim.metadata.namespace, claim.metadata.name!))
      continue
    try {
      s.ctx.api.create('persistentvolumeclaims', claim, { internal: true })
      s.ctx.recorder.normal(
        s.set,
        'SuccessfulCreate',
        `create Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${s.set.metadata.name} success`,
        {
          source: SOURCE,
        },
      )
    } catch (e) {
      if (!isStatusError(e)) throw e
    }
  }
}

/** RollingUpdate: from the highest ordinal down to the partition, one pod at a time. */
function rollingUpdate(s: Sync, replicas: (KObject | undefined)[], update: KObject): void {
  const { set } = s
  if (set.spec.updateStrategy?.type !== 'RollingUpdate') return
  const partition: number = set.spec.updateStrategy.rollingUpdate?.partition ?? 0
  for (let t = replicas.length - 1; t >= partition; t--) {
    const pod = replicas[t]
    if (!pod) return
    if (
      pod.metadata.labels?.[REVISION_LABEL] !== update.metadata.name &&
      !pod.metadata.deletionTimestamp
    ) {
      deletePod(s, pod)
      return
    }
    if (!healthy(s, pod)) return
  }
}

/**
 * persistentVolumeClaimRetentionPolicy: claims are owned by the set when whenDeleted is Delete, and
 * by their pod when whenScaled is Delete and the pod's ordinal is being scaled away, so the garbage
 * collector removes them at the right moment. Retain (the default) leaves them unowned.
 */
function updateClaimOwners(s: Sync, start: number, count: number): void {
  const { ctx, set } = s
  const policy = set.spec.persistentVolumeClaimRetentionPolicy ?? {}
  if (!(set.spec.volumeClaimTemplates ?? []).length) return
  for (const pod of ownedObjects(ctx.api, set, 'pods')) {
    const ordinal = ordinalOf(set, pod)
    if (ordinal < 0) continue
    const scaledAway = ordinal < start || ordinal >= start + count
    for (const c of claimsFor(set, ordinal)) {
      const claim = ctx.api.tryGet('persistentvolumeclaims', c.metadata.namespace, c.metadata.name!)
      if (!claim) continue
      const refs: OwnerReference[] = (claim.metadata.ownerReferences ?? []).filter(
        (r) => r.uid !== set.metadata.uid && r.uid !== pod.metadata.uid,
      )
      // updateClaimOwnerRefForSetAndPod: controller references; a claim scaled away with
      // whenScaled=Delete belongs to its pod alone.
      const toPod = policy.whenScaled === 'Delete' && scaledAway
      if (policy.whenDeleted === 'Delete' && !toPod) refs.push(controllerRef(set))
      if (toPod) refs.push(controllerRef(pod))
      if (JSON.stringify(refs) === JSON.stringify(claim.metadata.ownerReferences ?? [])) continue
      const copy = clone(claim)
      if (refs.length) copy.metadata.ownerReferences = refs
      else delete copy.metadata.ownerReferences
      ctx.api.update('persistentvolumeclaims', copy, { internal: true })
    }
  }
}

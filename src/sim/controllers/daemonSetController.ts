import type { KObject } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import { isNotFound, isStatusError } from '../api/errors.ts'
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
  truncateHistory,
} from './controllerRevisions.ts'
import { msUntilAvailable, ownedObjects } from './workloadPods.ts'
import { byCreation, isAvailable, isReady } from './podStatus.ts'
import {
  HASH_LABEL,
  isPodUpdated,
  newDaemonPod,
  shouldRunOn,
  targetNode,
  templateGeneration,
} from './daemonSetPods.ts'
import { rollingUpdatePlan, type NodePods } from './daemonSetUpdate.ts'

const SOURCE = { component: 'daemonset-controller' }
const FAILED_BACKOFF_MS = 1_000
const FAILED_BACKOFF_MAX_MS = 15 * 60_000

interface Backoff {
  delayMs: number
  until: number
}

/**
 * The DaemonSet controller (pkg/controller/daemon, v1.32): one pod per eligible node, pinned by
 * node affinity and bound by the scheduler; failed daemons replaced with back-off; RollingUpdate
 * (maxUnavailable / maxSurge) and OnDelete; ControllerRevisions and status.
 */
export function daemonSetController(api: ApiServer): Controller {
  // Failed-pod back-off per DaemonSet uid and node (failedPodsBackoff).
  const backoff = new Map<string, Backoff>()
  return {
    name: 'daemonset',
    watches: [
      selfKeys('daemonsets.apps'),
      ownerKeys('pods', 'DaemonSet'),
      {
        resource: 'nodes',
        // Nodes coming, going, or changing labels, taints or schedulability re-evaluate every
        // DaemonSet; heartbeats (status only) do not (shouldIgnoreNodeUpdate).
        keys: (ev) =>
          ev.type === 'MODIFIED' && ev.old && !nodeSchedulingChanged(ev.old, ev.object)
            ? []
            : api.list('daemonsets.apps').items.map(keyOf),
      },
    ],
    initialKeys: (ctx) => ctx.api.list('daemonsets.apps').items.map(keyOf),
    reconcile: (key, ctx) => syncDaemonSet(key, ctx, backoff),
    saveState: () => [...backoff.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    loadState(state) {
      backoff.clear()
      for (const [k, v] of state as [string, Backoff][]) backoff.set(k, v)
    },
  }
}

function nodeSchedulingChanged(a: KObject, b: KObject): boolean {
  return (
    JSON.stringify(a.metadata.labels ?? {}) !== JSON.stringify(b.metadata.labels ?? {}) ||
    JSON.stringify(a.spec ?? {}) !== JSON.stringify(b.spec ?? {})
  )
}

function createPod(ctx: ControllerContext, ds: KObject, node: string, hash: string): void {
  try {
    const { object } = ctx.api.create('pods', newDaemonPod(ds, node, hash), { internal: true })
    ctx.recorder.normal(ds, 'SuccessfulCreate', `Created pod: ${object.metadata.name}`, {
      source: SOURCE,
    })
  } catch (e) {
    if (!isStatusError(e)) throw e
    ctx.recorder.warning(ds, 'FailedCreate', `Error creating: ${e.message}`, { source: SOURCE })
  }
}

function deletePod(ctx: ControllerContext, ds: KObject, pod: KObject): void {
  try {
    ctx.api.delete('pods', pod.metadata.namespace, pod.metadata.name!, { internal: true })
    ctx.recorder.normal(ds, 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, {
      source: SOURCE,
    })
  } catch (e) {
    if (!isNotFound(e)) throw e
  }
}

function syncDaemonSet(key: string, ctx: ControllerContext, backoff: Map<string, Backoff>): void {
  const { namespace, name } = splitKey(key)
  const ds = ctx.api.tryGet('daemonsets.apps', namespace, name)
  if (!ds || ds.metadata.deletionTimestamp) return
  const now = ctx.clock.now()
  const nodes = ctx.api.list('nodes').items
  const nodeNames = new Set(nodes.map((n) => n.metadata.name!))
  const pods = ownedObjects(ctx.api, ds, 'pods').sort(byCreation)
  // Deleted pods that already finished are gone as far as the controller is concerned.
  const live = pods.filter((p) => !(p.metadata.deletionTimestamp && isFinished(p)))
  const byNode = new Map<string, KObject[]>()
  const orphans: KObject[] = []
  for (const p of live) {
    const n = targetNode(p)
    if (!n || !nodeNames.has(n)) {
      // getUnscheduledPodsWithoutNode: bound pods of a deleted node are the pod GC's to remove.
      if (!p.metadata.deletionTimestamp && !p.spec?.nodeName) orphans.push(p)
      continue
    }
    byNode.set(n, [...(byNode.get(n) ?? []), p])
  }

  const revs = ensureRevision(ctx, ds, ownedRevisions(ctx, ds), (cc) =>
    revisionHash(ds.spec.template, cc),
  )
  const hash = revs.update.metadata.labels![HASH_LABEL]
  const surge =
    ds.spec.updateStrategy?.type === 'RollingUpdate' &&
    Boolean(ds.spec.updateStrategy?.rollingUpdate?.maxSurge)

  // manage: create where missing, delete where not wanted, failed, or in excess.
  const createOn: string[] = []
  const toDelete: KObject[] = [...orphans]
  const eligibility = new Map<string, { run: boolean; keep: boolean }>()
  let requeue: number | undefined
  for (const node of [...nodes].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))) {
    const n = node.metadata.name!
    const e = shouldRunOn(node, ds)
    eligibility.set(n, e)
    const onNode = byNode.get(n) ?? []
    if (e.run && onNode.length === 0) {
      createOn.push(n)
      continue
    }
    if (!e.keep) {
      for (const p of onNode) if (!p.metadata.deletionTimestamp) toDelete.push(p)
      continue
    }
    const running: KObject[] = []
    for (const p of onNode) {
      if (p.metadata.deletionTimestamp) continue
      if (p.status?.phase === 'Failed') {
        const bk = `${ds.metadata.uid}/${n}`
        const b = backoff.get(bk)
        if (b && now < b.until) {
          requeue = Math.min(requeue ?? Infinity, b.until - now)
          continue
        }
        const delay = b ? Math.min(b.delayMs * 2, FAILED_BACKOFF_MAX_MS) : FAILED_BACKOFF_MS
        backoff.set(bk, { delayMs: delay, until: now + delay })
        ctx.recorder.warning(
          ds,
          'FailedDaemonPod',
          `Found failed daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${n}, will try to kill it`,
          { source: SOURCE },
        )
        toDelete.push(p)
        continue
      }
      if (p.status?.phase === 'Succeeded') {
        toDelete.push(p)
        continue
      }
      running.push(p)
    }
    if (running.length <= 1) continue
    if (!surge) {
      toDelete.push(...running.slice(1))
      continue
    }
    // With surge, keep the oldest new pod, and the oldest old pod only while the new one is not available.
    const newest = running.filter((p) => p.metadata.labels?.[HASH_LABEL] === hash)
    const old = running.filter((p) => p.metadata.labels?.[HASH_LABEL] !== hash)
    toDelete.push(...newest.slice(1), ...old.slice(1))
    if (
      newest[0] &&
      old[0] &&
      (!isReady(old[0]) || isAvailable(newest[0], ds.spec.minReadySeconds ?? 0, now))
    )
      toDelete.push(old[0])
  }
  for (const n of createOn) createPod(ctx, ds, n, hash)
  for (const p of toDelete) deletePod(ctx, ds, p)

  if (
    ds.spec.updateStrategy?.type === 'RollingUpdate' &&
    createOn.length === 0 &&
    toDelete.length === 0
  ) {
    const desired = [...eligibility.values()].filter((e) => e.run).length
    const nodePods: NodePods[] = [...byNode.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([node, list]) => ({ node, pods: list, run: eligibility.get(node)?.run ?? false }))
    const plan = rollingUpdatePlan(ds, nodePods, hash, desired, now)
    for (const n of plan.createOn) createPod(ctx, ds, n, hash)
    for (const p of plan.deletePods) deletePod(ctx, ds, p)
  }

  const limit: number = ds.spec.revisionHistoryLimit ?? 10
  const liveHashes = new Set(pods.map((p) => p.metadata.labels?.[HASH_LABEL]))
  const inUse = new Set(
    revs.revisions
      .filter((r) => r === revs.update || liveHashes.has(r.metadata.labels?.[HASH_LABEL]))
      .map((r) => r.metadata.name!),
  )
  truncateHistory(ctx, revs.revisions, inUse, limit)

  requeue = writeStatus(ctx, ds, nodes, eligibility, hash, revs.collisionCount, requeue)
  if (requeue !== undefined) ctx.requeueAfter(key, requeue)
}

function isFinished(p: KObject): boolean {
  return p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed'
}

function writeStatus(
  ctx: ControllerContext,
  ds: KObject,
  nodes: KObject[],
  eligibility: Map<string, { run: boolean }>,
  hash: string,
  collisionCount: number,
  requeueIn: number | undefined,
): number | undefined {
  const { namespace, name } = ds.metadata
  const now = ctx.clock.now()
  const minReady: number = ds.spec.minReadySeconds ?? 0
  const pods = ownedObjects(ctx.api, ds, 'pods')
    .filter((p) => !(p.metadata.deletionTimestamp && isFinished(p)))
    .sort(byCreation)
  const byNode = new Map<string, KObject[]>()
  for (const p of pods) {
    const n = targetNode(p)
    if (n) byNode.set(n, [...(byNode.get(n) ?? []), p])
  }
  let desired = 0
  let current = 0
  let misscheduled = 0
  let ready = 0
  let available = 0
  let updated = 0
  let requeue = requeueIn
  const generation = templateGeneration(ds)
  for (const node of nodes) {
    const n = node.metadata.name!
    const list = byNode.get(n) ?? []
    if (!eligibility.get(n)?.run) {
      if (list.length) misscheduled++
      continue
    }
    desired++
    if (!list.length) continue
    current++
    const pod = list[0]
    if (isReady(pod)) {
      ready++
      if (isAvailable(pod, minReady, now)) available++
      else {
        const wait = msUntilAvailable(pod, minReady, now)
        if (wait !== undefined) requeue = Math.min(requeue ?? Infinity, wait)
      }
    }
    if (isPodUpdated(pod, hash, generation)) updated++
  }
  const status: any = {
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    observedGeneration: ds.metadata.generation,
  }
  if (updated) status.updatedNumberScheduled = updated
  if (available) status.numberAvailable = available
  if (desired - available) status.numberUnavailable = desired - available
  if (collisionCount) status.collisionCount = collisionCount
  if (ds.status?.conditions) status.conditions = ds.status.conditions
  if (JSON.stringify(status) !== JSON.stringify(ds.status ?? {})) {
    const latest = ctx.api.get('daemonsets.apps', namespace, name!)
    ctx.api.updateStatus('daemonsets.apps', { ...latest, status })
  }
  return requeue
}

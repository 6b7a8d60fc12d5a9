import type { KObject, WatchEvent } from '../api/types.ts'
import { isNotFound } from '../api/errors.ts'
import { clone } from '../apiserver/store.ts'
import type { Controller, ControllerContext } from '../runtime/controller.ts'
import { unknownConditions } from '../cluster/nodes.ts'
import { setPodCondition } from '../registry/binding.ts'
import type { Taint } from '../scheduler/cache.ts'
import { tolerates, type Toleration } from '../scheduler/taintToleration.ts'
import { LEASE_NAMESPACE } from './leaseController.ts'

/** node-monitor-grace-period and node-monitor-period of kube-controller-manager. */
const GRACE_MS = 40_000
const MONITOR_PERIOD_MS = 5_000

const UNREACHABLE = 'node.kubernetes.io/unreachable'
const NOT_READY = 'node.kubernetes.io/not-ready'
const UNSCHEDULABLE = 'node.kubernetes.io/unschedulable'
/** Taints this controller owns; anything else on the node belongs to someone else. */
const OWNED = new Set([UNREACHABLE, NOT_READY, UNSCHEDULABLE])

function readyStatus(node: KObject): string | undefined {
  return (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status
}

/** The taints the node's Ready condition and spec.unschedulable call for (TaintNodesByCondition). */
function desiredTaints(node: KObject): { key: string; effect: string }[] {
  const out: { key: string; effect: string }[] = []
  const ready = readyStatus(node)
  if (ready === 'Unknown')
    out.push({ key: UNREACHABLE, effect: 'NoSchedule' }, { key: UNREACHABLE, effect: 'NoExecute' })
  else if (ready === 'False')
    out.push({ key: NOT_READY, effect: 'NoSchedule' }, { key: NOT_READY, effect: 'NoExecute' })
  if (node.spec?.unschedulable) out.push({ key: UNSCHEDULABLE, effect: 'NoSchedule' })
  return out
}

function taintId(t: { key: string; effect: string }): string {
  return `${t.key}:${t.effect}`
}

/**
 * kube-controller-manager's node lifecycle controller and taint-eviction controller: marks nodes
 * whose lease went stale Unknown, keeps the condition taints in step, marks their pods not
 * ready, and deletes pods that do not tolerate a NoExecute taint once their tolerationSeconds
 * run out. Deleted pods stay Terminating until a kubelet confirms, as on a real cluster.
 */
export function nodeLifecycleController(): Controller {
  return {
    name: 'node-lifecycle',
    watches: [
      { resource: 'nodes', keys: (ev: WatchEvent) => [ev.object.metadata.name!] },
      {
        resource: 'leases.coordination.k8s.io',
        keys: (ev: WatchEvent) =>
          ev.object.metadata.namespace === LEASE_NAMESPACE ? [ev.object.metadata.name!] : [],
      },
    ],
    initialKeys: (ctx) => ctx.api.list('nodes').items.map((n) => n.metadata.name!),
    reconcile(key, ctx) {
      if (key.startsWith(ORPHANS)) return collectOrphans(key.slice(ORPHANS.length), ctx)
      let node = ctx.api.tryGet('nodes', undefined, key)
      if (!node) {
        // The pod garbage collector's quarantine before it removes pods of a deleted node.
        ctx.requeueAfter(ORPHANS + key, ORPHAN_QUARANTINE_MS)
        return
      }
      node = monitorHealth(node, ctx)
      node = syncTaints(node, ctx)
      evictIntolerant(node, ctx)
    },
  }
}

/** Key prefix (node names have no colon) for the orphaned-pod check of a deleted node. */
const ORPHANS = 'orphans:'
const ORPHAN_QUARANTINE_MS = 40_000

/**
 * PodGC's gcOrphaned: pods bound to a node that no longer exists are marked Failed with a
 * DisruptionTarget condition and deleted at once, since no kubelet will ever stop them.
 */
function collectOrphans(nodeName: string, ctx: ControllerContext): void {
  if (ctx.api.tryGet('nodes', undefined, nodeName)) return
  for (const pod of podsOn(nodeName, ctx)) {
    const next = clone(pod)
    setPodCondition(
      next,
      {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByPodGC',
        message: 'PodGC: node no longer exists',
      },
      ctx.api.now(),
    )
    const phase = next.status?.phase
    if (phase !== 'Succeeded' && phase !== 'Failed') next.status.phase = 'Failed'
    try {
      ctx.api.updateStatus('pods', next)
      ctx.api.delete('pods', pod.metadata.namespace, pod.metadata.name!, {
        gracePeriodSeconds: 0,
        internal: true,
      })
    } catch (e) {
      if (!isNotFound(e)) throw e
    }
  }
}

function monitorHealth(node: KObject, ctx: ControllerContext): KObject {
  const name = node.metadata.name!
  const lease = ctx.api.tryGet('leases.coordination.k8s.io', LEASE_NAMESPACE, name)
  const renew = lease?.spec?.renewTime ? Date.parse(lease.spec.renewTime) : undefined
  const heartbeat = renew ?? Date.parse(node.metadata.creationTimestamp ?? ctx.api.now())
  const now = ctx.clock.now()
  if (now - heartbeat <= GRACE_MS) {
    // Checked on the monitor period after the grace period would run out.
    const due = heartbeat + GRACE_MS + 1
    ctx.requeueAt(name, Math.ceil(due / MONITOR_PERIOD_MS) * MONITOR_PERIOD_MS)
    return node
  }
  if (readyStatus(node) === 'Unknown') return node
  const next = clone(node)
  next.status.conditions = unknownConditions(node.status?.conditions ?? [], ctx.api.now())
  const stored = ctx.api.updateStatus('nodes', next).object
  ctx.recorder.normal(stored, 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, {
    source: { component: 'node-controller' },
  })
  markPodsNotReady(name, ctx)
  return stored
}

function podsOn(node: string, ctx: ControllerContext): KObject[] {
  return ctx.api.list('pods', { fieldSelector: `spec.nodeName=${node}` }).items
}

function markPodsNotReady(node: string, ctx: ControllerContext): void {
  for (const pod of podsOn(node, ctx)) {
    const ready = (pod.status?.conditions ?? []).find((c: any) => c.type === 'Ready')
    if (!ready || ready.status === 'False') continue
    const next = clone(pod)
    setPodCondition(next, { type: 'Ready', status: 'False' }, ctx.api.now())
    ctx.api.updateStatus('pods', next)
    ctx.recorder.warning(pod, 'NodeNotReady', 'Node is not ready', {
      source: { component: 'node-controller' },
    })
  }
}

function syncTaints(node: KObject, ctx: ControllerContext): KObject {
  const current: Taint[] = node.spec?.taints ?? []
  const want = desiredTaints(node)
  const wantIds = new Set(want.map(taintId))
  const kept = current.filter((t) => !OWNED.has(t.key) || wantIds.has(taintId(t)))
  const have = new Set(kept.map(taintId))
  const added = want
    .filter((t) => !have.has(taintId(t)))
    .map((t) => ({ ...t, timeAdded: ctx.api.now() }))
  if (added.length === 0 && kept.length === current.length) return node
  const next = clone(node)
  next.spec = { ...next.spec, taints: [...kept, ...added] }
  if (next.spec.taints.length === 0) delete next.spec.taints
  return ctx.api.update('nodes', next, { internal: true }).object
}

/**
 * How long a pod may stay on a node with these NoExecute taints: 0 when one is not tolerated,
 * the smallest tolerationSeconds otherwise, Infinity when it tolerates them forever.
 */
export function tolerationWindowMs(tolerations: Toleration[], taints: Taint[]): number {
  let min = Infinity
  for (const taint of taints) {
    const matching = tolerations.filter((t) => tolerates(t, taint))
    if (matching.length === 0) return 0
    for (const t of matching)
      if (typeof t.tolerationSeconds === 'number')
        min = Math.min(min, Math.max(0, t.tolerationSeconds) * 1000)
  }
  return min
}

function evictIntolerant(node: KObject, ctx: ControllerContext): void {
  const taints: Taint[] = (node.spec?.taints ?? []).filter((t: Taint) => t.effect === 'NoExecute')
  if (taints.length === 0) return
  const since = Math.max(
    ...taints.map((t) => (t.timeAdded ? Date.parse(t.timeAdded) : ctx.clock.now())),
  )
  const now = ctx.clock.now()
  let nextDue = Infinity
  for (const pod of podsOn(node.metadata.name!, ctx)) {
    if (pod.metadata.deletionTimestamp) continue
    const window = tolerationWindowMs(pod.spec?.tolerations ?? [], taints)
    if (window === Infinity) continue
    const due = since + window
    if (due > now) {
      nextDue = Math.min(nextDue, due)
      continue
    }
    evict(pod, ctx)
  }
  if (nextDue !== Infinity) ctx.requeueAt(node.metadata.name!, nextDue)
}

function evict(pod: KObject, ctx: ControllerContext): void {
  const ns = pod.metadata.namespace!
  const name = pod.metadata.name!
  ctx.recorder.normal(pod, 'TaintManagerEviction', `Marking for deletion Pod ${ns}/${name}`, {
    source: { component: 'taint-eviction-controller' },
  })
  const next = clone(pod)
  setPodCondition(
    next,
    {
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
    },
    ctx.api.now(),
  )
  try {
    ctx.api.updateStatus('pods', next)
    ctx.api.delete('pods', ns, name, { internal: true })
  } catch (e) {
    if (!isNotFound(e)) throw e
  }
}

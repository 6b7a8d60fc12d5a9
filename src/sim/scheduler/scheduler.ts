import type { KObject, WatchEvent } from '../api/types.ts'
import { isStatusError } from '../api/errors.ts'
import { clone } from '../apiserver/store.ts'
import type { Controller, ControllerContext } from '../runtime/controller.ts'
import type { Sim } from '../sim.ts'
import { bindPod, setPodCondition } from '../registry/binding.ts'
import { SchedulerCache } from './cache.ts'
import type { NodeTable } from './nodeTable.ts'
import { PreFilterReject, type Cycle, type FilterPlugin } from './framework.ts'
import { fitErrorMessage, NO_NODES } from './messages.ts'
import { filterGrid, type SchedulingDiagnosis } from './diagnosis.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import { buildPodInfo, podKeyOf } from './podInfo.ts'
import { scoreNodes, selectHost } from './scoring.ts'
import { nodeAffinityFilter, nodeNameFilter } from './nodeAffinity.ts'
import { nodePortsFilter } from './nodePorts.ts'
import { resourcesFitFilter } from './resourcesFit.ts'
import { nodeUnschedulableFilter, taintTolerationFilter } from './taintToleration.ts'
import { findFeasible } from './feasible.ts'
import { preBindVolumes, volumeBindingFilter, volumeRestrictionsFilter } from './volumes.ts'
import { podTopologySpreadFilter } from './topologySpread.ts'
import { interPodAffinityFilter } from './interPodAffinity.ts'

export type { SchedulingDiagnosis } from './diagnosis.ts'

export const SCHEDULER_NAME = 'default-scheduler'
const SOURCE = { component: SCHEDULER_NAME }
/** Key that re-examines unschedulable pods after a cluster change (MoveAllToActiveOrBackoffQueue). */
const FLUSH = '\u0000flush'

/** Filter plugins in the v1.32 default profile order; a node reports its first failure. */
export const FILTERS: FilterPlugin[] = [
  nodeUnschedulableFilter,
  nodeNameFilter,
  taintTolerationFilter,
  nodeAffinityFilter,
  nodePortsFilter,
  resourcesFitFilter,
  volumeRestrictionsFilter,
  volumeBindingFilter,
  podTopologySpreadFilter,
  interPodAffinityFilter,
]

/** Pod back-off: 1 s doubling to 10 s (podInitialBackoffSeconds / podMaxBackoffSeconds). */
function backoffMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), 10_000)
}
/** How many failed pods keep their last attempt's full grid. */
const MAX_DIAGNOSES = 100
/** podMaxInUnschedulablePodsDuration: unschedulable pods are retried at least this often. */
const UNSCHEDULABLE_RETRY_MS = 5 * 60_000

interface Backoff {
  attempts: number
  lastAttempt: number
  /** The pod failed on a rule about other pods, so new assigned pods may help it. */
  waitsOnPods: boolean
}

interface SchedulerState {
  nextStartNodeIndex: number
  backoff: [string, Backoff][]
  diagnoses: [string, SchedulingDiagnosis][]
}

/** upstream numFeasibleNodesToFind with the adaptive percentage (percentageOfNodesToScore unset). */
export function numFeasibleNodesToFind(all: number): number {
  if (all < 100) return all
  const pct = Math.max(5, 50 - Math.floor(all / 125))
  const n = Math.floor((all * pct) / 100)
  return n < 100 ? 100 : n
}

function needsScheduling(pod: KObject | undefined): pod is KObject {
  if (!pod || pod.spec?.nodeName || pod.metadata.deletionTimestamp) return false
  const phase = pod.status?.phase
  if (phase === 'Succeeded' || phase === 'Failed') return false
  return (pod.spec?.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME
}

function specOrMetaChanged(ev: WatchEvent): boolean {
  if (!ev.old) return true
  const a = ev.old
  const b = ev.object
  return (
    JSON.stringify(a.spec) !== JSON.stringify(b.spec) ||
    JSON.stringify(a.metadata.labels) !== JSON.stringify(b.metadata.labels)
  )
}

function nodeChanged(ev: WatchEvent): boolean {
  if (ev.type !== 'MODIFIED' || !ev.old) return ev.type === 'ADDED'
  const a = ev.old
  const b = ev.object
  return (
    JSON.stringify(a.spec) !== JSON.stringify(b.spec) ||
    JSON.stringify(a.metadata.labels) !== JSON.stringify(b.metadata.labels) ||
    JSON.stringify(a.status?.allocatable) !== JSON.stringify(b.status?.allocatable) ||
    JSON.stringify(a.status?.images) !== JSON.stringify(b.status?.images)
  )
}

/**
 * kube-scheduler as a controller over unbound pods: PreFilter, Filter in default order, Score,
 * selectHost, then the binding subresource. Failures set PodScheduled=False and emit
 * FailedScheduling; pods retry after back-off when the cluster changes, or every 5 minutes.
 * Pods are taken in arrival order (PrioritySort's ordering by priority is not simulated).
 */
export class Scheduler implements Controller {
  readonly name = 'scheduler'
  readonly cache = new SchedulerCache()
  private nextStartNodeIndex = 0
  private readonly backoff = new Map<string, Backoff>()
  private readonly diagnoses = new Map<string, SchedulingDiagnosis>()

  readonly watches = [
    { resource: 'pods', keys: (ev: WatchEvent) => this.onPod(ev) },
    { resource: 'nodes', keys: (ev: WatchEvent) => this.onNode(ev) },
    { resource: 'persistentvolumeclaims', keys: () => this.flushKeys() },
    { resource: 'persistentvolumes', keys: () => this.flushKeys() },
    { resource: 'services', keys: (ev: WatchEvent) => this.onService(ev) },
  ]

  initialKeys(ctx: ControllerContext): string[] {
    return ctx.api
      .list('pods')
      .items.filter((p) => needsScheduling(p))
      .map(podKeyOf)
  }

  private flushKeys(): string[] {
    return this.backoff.size ? [FLUSH] : []
  }

  private onPod(ev: WatchEvent): string[] {
    this.cache.onEvent(ev)
    if (ev.type === 'DELETED') {
      const key = podKeyOf(ev.object)
      this.backoff.delete(key)
      this.diagnoses.delete(key)
      return ev.object.spec?.nodeName ? this.flushKeys() : []
    }
    const pod = ev.object
    const keys: string[] = []
    if (needsScheduling(pod) && (ev.type === 'ADDED' || specOrMetaChanged(ev)))
      keys.push(podKeyOf(pod))
    const wasBound = !!ev.old?.spec?.nodeName
    const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed'
    const wasFinished = ev.old?.status?.phase === 'Succeeded' || ev.old?.status?.phase === 'Failed'
    if (pod.spec?.nodeName && finished && !wasFinished) keys.push(...this.flushKeys())
    else if (pod.spec?.nodeName && !wasBound && this.anyWaitsOnPods()) keys.push(FLUSH)
    return keys
  }

  private onNode(ev: WatchEvent): string[] {
    this.cache.onEvent(ev)
    return nodeChanged(ev) ? this.flushKeys() : []
  }

  private onService(ev: WatchEvent): string[] {
    this.cache.onEvent(ev)
    return []
  }

  private anyWaitsOnPods(): boolean {
    for (const b of this.backoff.values()) if (b.waitsOnPods) return true
    return false
  }

  reconcile(key: string, ctx: ControllerContext): void {
    if (!this.cache.built) this.cache.build(ctx.api)
    if (key === FLUSH) {
      for (const podKey of [...this.backoff.keys()]) this.attempt(podKey, ctx)
      return
    }
    this.attempt(key, ctx)
  }

  /** One scheduling attempt, unless the pod is still backing off from its last failure. */
  private attempt(key: string, ctx: ControllerContext): void {
    const slash = key.indexOf('/')
    const pod = ctx.api.tryGet('pods', key.slice(0, slash), key.slice(slash + 1))
    if (!needsScheduling(pod)) {
      this.backoff.delete(key)
      this.diagnoses.delete(key)
      return
    }
    const b = this.backoff.get(key)
    if (b) {
      const until = b.lastAttempt + backoffMs(b.attempts)
      if (ctx.clock.now() < until) {
        ctx.requeueAt(key, until)
        return
      }
    }
    if (pod.spec?.schedulingGates?.length) {
      this.markGated(pod, ctx)
      return
    }
    this.scheduleOne(pod, ctx)
  }

  private markGated(pod: KObject, ctx: ControllerContext): void {
    const cond = (pod.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled')
    if (cond?.reason === 'SchedulingGated') return
    const next = clone(pod)
    setPodCondition(
      next,
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'SchedulingGated',
        message: 'Scheduling is blocked due to non-empty scheduling gates',
      },
      ctx.api.now(),
    )
    ctx.api.updateStatus('pods', next)
  }

  private scheduleOne(pod: KObject, ctx: ControllerContext): void {
    const cache = this.cache
    const key = podKeyOf(pod)
    const order = cache.nodeOrder()
    const total = order.length
    const c: Cycle = {
      pod,
      info: buildPodInfo(pod),
      cache,
      api: ctx.api,
      state: new Map(),
      narrowedBy: [],
    }
    if (total === 0) return this.fail(pod, ctx, NO_NODES, { filters: {} }, false)

    const active: FilterPlugin[] = []
    try {
      for (const f of FILTERS) if (!f.preFilter || f.preFilter(c)) active.push(f)
    } catch (e) {
      if (!(e instanceof PreFilterReject)) throw e
      const message = fitErrorMessage({
        totalNodes: total,
        preFilter: { message: e.message, code: e.code },
        nodeStatuses: [],
        preemptionNever: pod.spec?.preemptionPolicy === 'Never',
      })
      return this.fail(pod, ctx, message, { filters: {}, preFilter: e.message }, false)
    }

    const table = cache.nodeTable()
    const narrowed = c.nodeNames ? narrowedRows(c.nodeNames, table) : undefined
    const toFind = narrowed ? narrowed.length : numFeasibleNodesToFind(total)
    const start = narrowed ? 0 : this.nextStartNodeIndex % Math.max(1, total)
    const { rows, processed } = findFeasible(c, active, table, narrowed, start, toFind)
    if (!narrowed) this.nextStartNodeIndex = (start + processed) % total

    if (rows.length === 0) {
      const names = narrowed ? narrowed.map((row) => table.names[row]) : table.names
      return this.failFilters(pod, c, active, new Set(names), ctx)
    }

    const selected =
      rows.length === 1
        ? table.names[rows[0]]
        : selectHost(rows, scoreNodes(c, rows, table, total), table, ctx.rng)
    if (!preBindVolumes(c, selected, ctx)) {
      // Claims wait for provisioning on the chosen node; their binding wakes the pod again.
      this.backoff.set(key, { attempts: 0, lastAttempt: ctx.clock.now(), waitsOnPods: false })
      return
    }
    try {
      bindPod(ctx.api, c.info.namespace, c.info.name, selected)
    } catch (e) {
      if (isStatusError(e) && (e.code === 409 || e.code === 404)) return
      throw e
    }
    this.backoff.delete(key)
    this.diagnoses.delete(key)
    ctx.recorder.normal(
      pod,
      'Scheduled',
      `Successfully assigned ${c.info.namespace}/${c.info.name} to ${selected}`,
      { source: SOURCE, action: 'Binding' },
    )
  }

  /** Failure path: every filter on every node, for the message and the diagnosis grid. */
  private failFilters(
    pod: KObject,
    c: Cycle,
    active: FilterPlugin[],
    candidates: Set<string>,
    ctx: ControllerContext,
  ): void {
    const grid = filterGrid(this.cache, c, FILTERS, active, candidates)
    const message = fitErrorMessage({
      totalNodes: this.cache.nodeOrder().length,
      nodeStatuses: grid.statuses,
      preemptionNever: pod.spec?.preemptionPolicy === 'Never',
    })
    this.fail(pod, ctx, message, { filters: grid.filters }, grid.waitsOnPods)
  }

  private fail(
    pod: KObject,
    ctx: ControllerContext,
    message: string,
    detail: { filters: Record<string, Record<string, string>>; preFilter?: string },
    waitsOnPods: boolean,
  ): void {
    const key = podKeyOf(pod)
    const now = ctx.clock.now()
    const attempts = (this.backoff.get(key)?.attempts ?? 0) + 1
    this.backoff.set(key, { attempts, lastAttempt: now, waitsOnPods })
    // Most recent last; only the latest failures keep their grid (it grows with the cluster).
    this.diagnoses.delete(key)
    if (this.diagnoses.size >= MAX_DIAGNOSES)
      this.diagnoses.delete(this.diagnoses.keys().next().value!)
    this.diagnoses.set(key, {
      pod: key,
      attemptAt: ctx.clock.iso(now),
      attempts,
      totalNodes: this.cache.nodeOrder().length,
      message,
      ...detail,
    })
    ctx.recorder.warning(pod, 'FailedScheduling', message, { source: SOURCE, action: 'Scheduling' })
    const next = clone(pod)
    setPodCondition(
      next,
      { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message },
      ctx.api.now(),
    )
    if (next.status.nominatedNodeName) delete next.status.nominatedNodeName
    next.status.phase = next.status.phase ?? 'Pending'
    ctx.api.updateStatus('pods', next)
    ctx.requeueAfter(key, UNSCHEDULABLE_RETRY_MS)
  }

  /** The last failed attempt's diagnosis, or a grid evaluated now if that one was dropped. */
  diagnosis(key: string, api: ApiServer): SchedulingDiagnosis | undefined {
    const stored = this.diagnoses.get(key)
    if (stored) return stored
    const b = this.backoff.get(key)
    const slash = key.indexOf('/')
    const pod = api.tryGet('pods', key.slice(0, slash), key.slice(slash + 1))
    if (!b || !b.attempts || !needsScheduling(pod)) return undefined
    if (!this.cache.built) this.cache.build(api)
    const c: Cycle = {
      pod,
      info: buildPodInfo(pod),
      cache: this.cache,
      api,
      state: new Map(),
      narrowedBy: [],
    }
    const cond = (pod.status?.conditions ?? []).find(
      (x: { type: string }) => x.type === 'PodScheduled',
    )
    const base = {
      pod: key,
      attemptAt: new Date(Math.floor(b.lastAttempt / 1000) * 1000)
        .toISOString()
        .replace('.000Z', 'Z'),
      attempts: b.attempts,
      totalNodes: this.cache.nodeOrder().length,
      message: cond?.message ?? '',
      recomputed: true,
    }
    const active: FilterPlugin[] = []
    try {
      for (const f of FILTERS) if (!f.preFilter || f.preFilter(c)) active.push(f)
    } catch (e) {
      if (e instanceof PreFilterReject) return { ...base, preFilter: e.message, filters: {} }
      throw e
    }
    const names = this.cache.nodeOrder().filter((n) => !c.nodeNames || c.nodeNames.has(n))
    return { ...base, filters: filterGrid(this.cache, c, FILTERS, active, new Set(names)).filters }
  }

  saveState(): SchedulerState {
    return {
      nextStartNodeIndex: this.nextStartNodeIndex,
      backoff: [...this.backoff],
      diagnoses: [...this.diagnoses],
    }
  }

  loadState(state: unknown): void {
    const s = state as SchedulerState
    this.nextStartNodeIndex = s.nextStartNodeIndex
    this.backoff.clear()
    for (const [k, v] of s.backoff) this.backoff.set(k, v)
    this.diagnoses.clear()
    for (const [k, v] of s.diagnoses) this.diagnoses.set(k, v)
    this.cache.built = false
  }
}

/** The table rows of the nodes PreFilter narrowed to, in table order (usually one: a DaemonSet pod's). */
function narrowedRows(names: ReadonlySet<string>, table: NodeTable): number[] {
  const rows: number[] = []
  for (const name of names) {
    const row = table.index.get(name)
    if (row !== undefined) rows.push(row)
  }
  return rows.sort((a, b) => a - b)
}

export function schedulerOf(sim: Sim): Scheduler {
  const s = sim.manager.controller('scheduler')
  if (!(s instanceof Scheduler)) throw new Error('the scheduler is not installed')
  return s
}

/**
 * Why is this pod Pending? The last attempt's per-node, per-filter verdicts and the
 * FailedScheduling message; undefined when the scheduler has not failed to place the pod.
 */
export function schedulingDiagnosis(
  sim: Sim,
  namespace: string,
  name: string,
): SchedulingDiagnosis | undefined {
  return schedulerOf(sim).diagnosis(`${namespace}/${name}`, sim.api)
}

import type { KObject } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import {
  matchesMapSelector,
  matchesRequirements,
  selectorRequirements,
  type Requirement,
} from '../api/selectors.ts'
import type { NodeInfo, SchedulerCache } from './cache.ts'
import type { NodeTable } from './nodeTable.ts'
import { matchesEveryNode, podMatchesNode } from './nodeAffinity.ts'
import { unresolvable, unschedulable, type Cycle, type FilterPlugin } from './framework.ts'

const HOSTNAME = 'kubernetes.io/hostname'
const ZONE = 'topology.kubernetes.io/zone'

export interface Constraint {
  maxSkew: number
  topologyKey: string
  hard: boolean
  minDomains?: number
  selector: Requirement[]
}

function constraintSelector(pod: KObject, c: any): Requirement[] | null {
  const reqs = selectorRequirements(c.labelSelector)
  if (reqs === null) return null
  for (const key of c.matchLabelKeys ?? []) {
    const v = pod.metadata.labels?.[key]
    if (v !== undefined) reqs.push({ key, op: 'In', values: [v] })
  }
  return reqs
}

export function explicitConstraints(pod: KObject): Constraint[] {
  const out: Constraint[] = []
  for (const c of pod.spec?.topologySpreadConstraints ?? []) {
    const selector = constraintSelector(pod, c)
    if (!selector) continue
    out.push({
      maxSkew: c.maxSkew ?? 1,
      topologyKey: c.topologyKey,
      hard: (c.whenUnsatisfiable ?? 'DoNotSchedule') === 'DoNotSchedule',
      minDomains: c.minDomains,
      selector,
    })
  }
  return out
}

/**
 * helper.DefaultSelector: the selectors of the Services, ReplicationController, ReplicaSet or
 * StatefulSet that own or select the pod, merged. Empty means no default spreading.
 */
function defaultSelector(api: ApiServer, pod: KObject): Requirement[] {
  const ns = pod.metadata.namespace
  const reqs: Requirement[] = []
  const labels = pod.metadata.labels ?? {}
  for (const svc of api.list('services', { namespace: ns }).items) {
    if (!matchesMapSelector(labels, svc.spec?.selector)) continue
    for (const [k, v] of Object.entries(svc.spec.selector as Record<string, string>))
      reqs.push({ key: k, op: '=', values: [v] })
  }
  const owner = pod.metadata.ownerReferences?.find((r) => r.controller)
  const ownerResource: Record<string, string> = {
    ReplicaSet: 'replicasets.apps',
    StatefulSet: 'statefulsets.apps',
    ReplicationController: 'replicationcontrollers',
  }
  const res = owner && ownerResource[owner.kind]
  if (owner && res) {
    const o = api.tryGet(res, ns, owner.name)
    const sel = o?.spec?.selector
    if (owner.kind === 'ReplicationController' && sel) {
      for (const [k, v] of Object.entries(sel as Record<string, string>))
        reqs.push({ key: k, op: '=', values: [v] })
    } else if (sel) reqs.push(...(selectorRequirements(sel) ?? []))
  }
  return reqs
}

/** The v1.32 system default constraints (ScheduleAnyway on hostname, skew 3, and zone, skew 5). */
export function scoringConstraints(
  api: ApiServer,
  pod: KObject,
): {
  constraints: Constraint[]
  requireAll: boolean
} {
  const explicit = explicitConstraints(pod)
  if (pod.spec?.topologySpreadConstraints?.length)
    return { constraints: explicit.filter((c) => !c.hard), requireAll: true }
  const selector = defaultSelector(api, pod)
  if (selector.length === 0) return { constraints: [], requireAll: false }
  return {
    constraints: [
      { maxSkew: 3, topologyKey: HOSTNAME, hard: false, selector },
      { maxSkew: 5, topologyKey: ZONE, hard: false, selector },
    ],
    requireAll: false,
  }
}

/** Matching pods on one node (same namespace, not being deleted). */
export function countOnNode(
  cache: SchedulerCache,
  node: NodeInfo,
  ns: string,
  selector: Requirement[],
): number {
  return cache.selectorCounts.count(cache.entries.values(), node.name, ns, selector)
}

interface HardState {
  constraints: Constraint[]
  counts: Map<string, number>[]
  minMatch: number[]
}

function hasAllKeys(node: NodeInfo, cs: Constraint[]): boolean {
  for (const c of cs) if (node.labels[c.topologyKey] === undefined) return false
  return true
}

export const REASON_SPREAD = "node(s) didn't match pod topology spread constraints"

export const podTopologySpreadFilter: FilterPlugin = {
  name: 'PodTopologySpread',
  preFilter(c) {
    const constraints = explicitConstraints(c.pod).filter((x) => x.hard)
    if (constraints.length === 0) return false
    const counts = constraints.map(() => new Map<string, number>())
    for (const name of c.cache.nodeOrder()) {
      const node = c.cache.nodes.get(name)!
      // nodeAffinityPolicy Honor and nodeTaintsPolicy Ignore are the v1.32 defaults.
      if (!hasAllKeys(node, constraints) || !podMatchesNode(c.pod, node)) continue
      constraints.forEach((con, i) => {
        const v = node.labels[con.topologyKey]
        const n = countOnNode(c.cache, node, c.info.namespace, con.selector)
        counts[i].set(v, (counts[i].get(v) ?? 0) + n)
      })
    }
    const minMatch = constraints.map((con, i) => {
      if (counts[i].size === 0) return 0
      if (con.minDomains !== undefined && counts[i].size < con.minDomains) return 0
      return Math.min(...counts[i].values())
    })
    c.state.set('PodTopologySpread', { constraints, counts, minMatch } satisfies HardState)
    return true
  },
  filter(c, node) {
    const s = c.state.get('PodTopologySpread') as HardState
    for (let i = 0; i < s.constraints.length; i++) {
      const con = s.constraints[i]
      const v = node.labels[con.topologyKey]
      if (v === undefined) return unresolvable(`${REASON_SPREAD} (missing required label)`)
      const self = matchesRequirements(c.info.labels, con.selector) ? 1 : 0
      const skew = (s.counts[i].get(v) ?? 0) + self - s.minMatch[i]
      if (skew > con.maxSkew) return unschedulable(REASON_SPREAD)
    }
    return null
  },
}

/**
 * PodTopologySpread Score and NormalizeScore: fewer matching pods in a node's domains scores
 * higher; weights are log(domains + 2) as upstream.
 */
export function topologySpreadScores(
  c: Cycle,
  nodes: NodeInfo[],
  rows: readonly number[],
  table: NodeTable,
): number[] | undefined {
  const { constraints, requireAll } = scoringConstraints(c.api, c.pod)
  if (constraints.length === 0) return undefined
  // Label values and names come from the node table: these loops run for hundreds of nodes per pod.
  const values = constraints.map((con) => table.labelValues(con.topologyKey))
  const ignored = new Uint8Array(nodes.length)
  let ignoredCount = 0
  if (requireAll) {
    for (let j = 0; j < nodes.length; j++) {
      if (values.every((vs) => vs[rows[j]] !== undefined)) continue
      ignored[j] = 1
      ignoredCount++
    }
  }
  const weights = constraints.map((con, i) => {
    let size: number
    if (con.topologyKey === HOSTNAME) size = nodes.length - ignoredCount
    else {
      const domains = new Set<string>()
      for (let j = 0; j < nodes.length; j++) {
        const v = values[i][rows[j]]
        if (!ignored[j] && v !== undefined) domains.add(v)
      }
      size = domains.size
    }
    return Math.log(size + 2)
  })
  // Every node counts when the pod can go anywhere: the totals kept per domain are the same sums.
  const anyNode = !requireAll && matchesEveryNode(c.pod)
  const domainCounts = constraints.map((con) => {
    if (con.topologyKey === HOSTNAME) return undefined
    if (anyNode) {
      const { entries, selectorCounts } = c.cache
      return selectorCounts.domainCounts(
        entries.values(),
        c.info.namespace,
        con.selector,
        con.topologyKey,
      )
    }
    const m = new Map<string, number>()
    for (const name of c.cache.nodeOrder()) {
      const n = c.cache.nodes.get(name)!
      const v = n.labels[con.topologyKey]
      if (v === undefined || (requireAll && !hasAllKeys(n, constraints))) continue
      if (!podMatchesNode(c.pod, n)) continue
      m.set(v, (m.get(v) ?? 0) + countOnNode(c.cache, n, c.info.namespace, con.selector))
    }
    return m
  })
  // Per-node counts read straight from the tally: this loop runs for hundreds of nodes per pod.
  const { entries, selectorCounts } = c.cache
  const perNode = constraints.map((con) =>
    con.topologyKey === HOSTNAME
      ? selectorCounts.perNode(entries.values(), c.info.namespace, con.selector)
      : undefined,
  )
  const raw = new Array<number>(nodes.length)
  for (let j = 0; j < nodes.length; j++) {
    if (ignored[j]) {
      raw[j] = -1
      continue
    }
    const row = rows[j]
    let score = 0
    for (let i = 0; i < constraints.length; i++) {
      const v = values[i][row]
      if (v === undefined) continue
      const counts = perNode[i]
      const cnt = counts ? (counts.get(table.names[row]) ?? 0) : (domainCounts[i]!.get(v) ?? 0)
      score += cnt * weights[i] + (constraints[i].maxSkew - 1)
    }
    raw[j] = Math.round(score)
  }
  let min = Number.MAX_SAFE_INTEGER
  let max = 0
  for (const s of raw) {
    if (s < 0) continue
    if (s < min) min = s
    if (s > max) max = s
  }
  return raw.map((s) => {
    if (s < 0) return 0
    if (max === 0) return 100
    return Math.trunc((100 * (max + min - s)) / max)
  })
}

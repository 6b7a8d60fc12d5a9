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
import { jsonEqual } from '../apiserver/jsonData.ts'
import { byteScratch, floatScratch, SLOT } from './scratch.ts'
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

const OWNER_RESOURCE: Record<string, string> = {
  ReplicaSet: 'replicasets.apps',
  StatefulSet: 'statefulsets.apps',
  ReplicationController: 'replicationcontrollers',
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
  const res = owner && OWNER_RESOURCE[owner.kind]
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

/**
 * defaultSelector, remembered for the last pod: replicas of one workload are scheduled one after
 * another and ask for the same selector, whose array (the same one) then also finds its matching
 * pod tallies at once. Valid while the namespace, the pod's labels, its owner object (never
 * mutated, so compared by identity) and the Services (counted by the cache) are what they were.
 */
function memoDefaultSelector(cache: SchedulerCache, api: ApiServer, pod: KObject): Requirement[] {
  const m = cache.selectorMemo
  const namespace = pod.metadata.namespace
  const labels = pod.metadata.labels
  const ref = pod.metadata.ownerReferences?.find((r) => r.controller)
  const ownerKey = ref ? `${ref.kind}/${ref.name}` : ''
  const res = ref && OWNER_RESOURCE[ref.kind]
  const owner = res ? api.tryGet(res, namespace, ref.name) : undefined
  if (
    m &&
    m.services === cache.servicesVersion &&
    m.namespace === namespace &&
    m.ownerKey === ownerKey &&
    m.owner === owner &&
    jsonEqual(m.labels, labels)
  )
    return m.selector
  const selector = defaultSelector(api, pod)
  cache.selectorMemo = {
    services: cache.servicesVersion,
    namespace,
    ownerKey,
    owner,
    labels,
    selector,
  }
  return selector
}

/** The v1.32 system default constraints (ScheduleAnyway on hostname, skew 3, and zone, skew 5). */
export function scoringConstraints(
  cache: SchedulerCache,
  api: ApiServer,
  pod: KObject,
): {
  constraints: Constraint[]
  requireAll: boolean
} {
  const explicit = explicitConstraints(pod)
  if (pod.spec?.topologySpreadConstraints?.length)
    return { constraints: explicit.filter((c) => !c.hard), requireAll: true }
  const selector = memoDefaultSelector(cache, api, pod)
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
  rows: readonly number[],
  table: NodeTable,
): Float64Array | undefined {
  const { constraints, requireAll } = scoringConstraints(c.cache, c.api, c.pod)
  if (constraints.length === 0) return undefined
  // Domains are indexes over the node table's rows and counts are typed arrays: the loops below
  // run for hundreds of nodes per pod.
  const domains = constraints.map((con) => table.labelDomains(con.topologyKey))
  const n = rows.length
  const ignored = byteScratch(n)
  let ignoredCount = 0
  if (requireAll) {
    for (let j = 0; j < n; j++) {
      if (domains.every((d) => d.ids[rows[j]] >= 0)) continue
      ignored[j] = 1
      ignoredCount++
    }
  }
  const weights = constraints.map((con, i) => {
    let size = 0
    if (con.topologyKey === HOSTNAME) size = n - ignoredCount
    else {
      const ids = domains[i].ids
      const seen = new Uint8Array(domains[i].values.length)
      const all = seen.length
      for (let j = 0; j < n && size < all; j++) {
        const id = ids[rows[j]]
        if (ignored[j] || id < 0 || seen[id]) continue
        seen[id] = 1
        size++
      }
    }
    return Math.log(size + 2)
  })
  const { entries, selectorCounts } = c.cache
  // Hostname counts are per row (a node is its own domain); other keys' per domain index.
  const perRow = constraints.map((con) =>
    con.topologyKey === HOSTNAME
      ? selectorCounts.rowCounts(entries.values(), c.info.namespace, con.selector, table)
      : undefined,
  )
  const perDomain = constraints.map((con, i) => {
    if (perRow[i]) return undefined
    const m = domainTotals(c, con, constraints, requireAll)
    const values = domains[i].values
    const counts = new Float64Array(values.length)
    for (let d = 0; d < values.length; d++) counts[d] = m.get(values[d]) ?? 0
    return counts
  })
  // One pass per constraint adds the same terms in the same order as a sum per node would.
  const raw = floatScratch(SLOT.spread, n)
  for (let i = 0; i < constraints.length; i++) {
    const ids = domains[i].ids
    const w = weights[i]
    const skew = constraints[i].maxSkew - 1
    const byRow = perRow[i]
    if (byRow) {
      for (let j = 0; j < n; j++) {
        const row = rows[j]
        if (ids[row] >= 0) raw[j] += byRow[row] * w + skew
      }
    } else {
      const byDomain = perDomain[i]!
      for (let j = 0; j < n; j++) {
        const id = ids[rows[j]]
        if (id >= 0) raw[j] += byDomain[id] * w + skew
      }
    }
  }
  for (let j = 0; j < n; j++) raw[j] = ignored[j] ? -1 : Math.round(raw[j])
  let min = Number.MAX_SAFE_INTEGER
  let max = 0
  for (let j = 0; j < n; j++) {
    const s = raw[j]
    if (s < 0) continue
    if (s < min) min = s
    if (s > max) max = s
  }
  for (let j = 0; j < n; j++) {
    const s = raw[j]
    raw[j] = s < 0 ? 0 : max === 0 ? 100 : Math.trunc((100 * (max + min - s)) / max)
  }
  return raw
}

/** Matching pods per value of a constraint's key, over the nodes the pod may go to. */
function domainTotals(
  c: Cycle,
  con: Constraint,
  constraints: Constraint[],
  requireAll: boolean,
): ReadonlyMap<string, number> {
  const { entries, selectorCounts } = c.cache
  // Every node counts when the pod can go anywhere: the totals kept per domain are the same sums.
  if (!requireAll && matchesEveryNode(c.pod))
    return selectorCounts.domainCounts(
      entries.values(),
      c.info.namespace,
      con.selector,
      con.topologyKey,
    )
  const m = new Map<string, number>()
  for (const name of c.cache.nodeOrder()) {
    const node = c.cache.nodes.get(name)!
    const v = node.labels[con.topologyKey]
    if (v === undefined || (requireAll && !hasAllKeys(node, constraints))) continue
    if (!podMatchesNode(c.pod, node)) continue
    m.set(v, (m.get(v) ?? 0) + countOnNode(c.cache, node, c.info.namespace, con.selector))
  }
  return m
}

import { matchesRequirements, type Requirement } from '../api/selectors.ts'
import type { PodEntry } from './cache.ts'
import type { NodeTable } from './nodeTable.ts'

/** More selectors than this are dropped oldest first: each one costs a check on every pod change. */
const MAX_SELECTORS = 64

interface Tally {
  namespace: string
  selector: Requirement[]
  /** Node name → matching pods on it that are not being deleted. */
  perNode: Map<string, number>
  /** Topology key → label value → matching pods on the nodes with that value, kept once asked. */
  domains: Map<string, Map<string, number>>
  /** perNode by node-table row, for the table it was last asked with. */
  rows?: { table: NodeTable; counts: Float64Array }
}

/** A known node's labels, or undefined for a node the cache does not have. */
export type NodeLabels = (node: string) => Record<string, string> | undefined

/**
 * PodTopologySpread asks, for every pod of a workload, how many pods matching the workload's
 * selector sit on each node. Recounting every pod on every node made scheduling quadratic in the
 * number of pods; these tallies are built once per (namespace, selector) and then kept up to date
 * from the cache's own pod additions and removals.
 */
export class SelectorCounts {
  private readonly tallies = new Map<string, Tally>()
  /** Selector arrays are rebuilt per scheduling cycle; their tally id is computed once per array. */
  private readonly ids = new WeakMap<Requirement[], { namespace: string; id: string }>()

  constructor(private readonly labelsOf: NodeLabels = () => undefined) {}

  clear(): void {
    this.tallies.clear()
  }

  /** Node labels changed (or a node came or went): domain totals are summed afresh when next asked. */
  nodesChanged(): void {
    for (const t of this.tallies.values()) t.domains.clear()
  }

  /** Matching pods on a node, building the tally from `entries` on first use. */
  count(
    entries: Iterable<PodEntry>,
    node: string,
    namespace: string,
    selector: Requirement[],
  ): number {
    return this.tally(entries, namespace, selector).perNode.get(node) ?? 0
  }

  /** Matching pods per node name, for loops that ask about many nodes with one selector. */
  perNode(
    entries: Iterable<PodEntry>,
    namespace: string,
    selector: Requirement[],
  ): ReadonlyMap<string, number> {
    return this.tally(entries, namespace, selector).perNode
  }

  /** perNode as one number per row of `table` (a node the tally has not seen counts 0). */
  rowCounts(
    entries: Iterable<PodEntry>,
    namespace: string,
    selector: Requirement[],
    table: NodeTable,
  ): Float64Array {
    const t = this.tally(entries, namespace, selector)
    if (t.rows?.table !== table) {
      const counts = new Float64Array(table.names.length)
      for (let i = 0; i < counts.length; i++) counts[i] = t.perNode.get(table.names[i]) ?? 0
      t.rows = { table, counts }
    }
    return t.rows.counts
  }

  /**
   * Matching pods per value of `topologyKey` over every known node that has the label: what
   * PodTopologySpread sums node by node, kept up to date instead of re-summed for every pod.
   */
  domainCounts(
    entries: Iterable<PodEntry>,
    namespace: string,
    selector: Requirement[],
    topologyKey: string,
  ): ReadonlyMap<string, number> {
    const t = this.tally(entries, namespace, selector)
    let m = t.domains.get(topologyKey)
    if (!m) {
      m = new Map()
      for (const [node, n] of t.perNode) {
        const v = this.labelsOf(node)?.[topologyKey]
        if (v !== undefined) m.set(v, (m.get(v) ?? 0) + n)
      }
      t.domains.set(topologyKey, m)
    }
    return m
  }

  private tally(entries: Iterable<PodEntry>, namespace: string, selector: Requirement[]): Tally {
    let known = this.ids.get(selector)
    if (known?.namespace !== namespace) {
      known = { namespace, id: namespace + '\u0000' + JSON.stringify(selector) }
      this.ids.set(selector, known)
    }
    const id = known.id
    let t = this.tallies.get(id)
    if (!t) {
      t = { namespace, selector, perNode: new Map(), domains: new Map() }
      for (const e of entries) if (matches(t, e)) this.bump(t, e.node, 1)
      this.tallies.set(id, t)
      if (this.tallies.size > MAX_SELECTORS) this.tallies.delete(this.tallies.keys().next().value!)
    }
    return t
  }

  /** Called for every entry the cache adds (+1) or removes (-1). */
  apply(e: PodEntry, sign: 1 | -1): void {
    for (const t of this.tallies.values()) if (matches(t, e)) this.bump(t, e.node, sign)
  }

  private bump(t: Tally, node: string, d: number): void {
    const n = (t.perNode.get(node) ?? 0) + d
    if (n === 0) t.perNode.delete(node)
    else t.perNode.set(node, n)
    if (t.rows) {
      const i = t.rows.table.index.get(node)
      if (i !== undefined) t.rows.counts[i] += d
    }
    if (t.domains.size === 0) return
    const labels = this.labelsOf(node)
    if (!labels) return
    for (const [key, m] of t.domains) {
      const v = labels[key]
      if (v === undefined) continue
      const total = (m.get(v) ?? 0) + d
      if (total === 0) m.delete(v)
      else m.set(v, total)
    }
  }
}

function matches(t: Tally, e: PodEntry): boolean {
  return !e.terminating && e.namespace === t.namespace && matchesRequirements(e.labels, t.selector)
}

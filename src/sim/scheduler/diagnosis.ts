import type { NodeInfo, SchedulerCache } from './cache.ts'
import { unresolvable, type Cycle, type FilterPlugin, type FilterStatus } from './framework.ts'

/** Why a pod is not scheduled: every filter's verdict per node for the last failed attempt. */
export interface SchedulingDiagnosis {
  pod: string
  attemptAt: string
  attempts: number
  totalNodes: number
  /** The FailedScheduling message (the pod condition's message too). */
  message: string
  /** PreFilter rejection that stopped the attempt before any node was looked at. */
  preFilter?: string
  /** node → plugin → "passed" or the plugin's reasons; "skipped" when PreFilter skipped it. */
  filters: Record<string, Record<string, string>>
  /**
   * Set when the grid was evaluated against the cluster as it is now, because the last
   * attempt's grid was dropped (only the most recent failures keep theirs).
   */
  recomputed?: boolean
}

export interface FilterGrid {
  filters: Record<string, Record<string, string>>
  /** First failure of every node, in node order: what the FailedScheduling histogram counts. */
  statuses: FilterStatus[]
  /** Some node failed on a rule about other pods, so newly placed pods may help. */
  waitsOnPods: boolean
}

/**
 * Runs every filter on every node (the failure path, so the grid is complete rather than
 * stopping at the first failure as scheduling does). Nodes a PreFilter ruled out are "absent".
 */
export function filterGrid(
  cache: SchedulerCache,
  c: Cycle,
  all: FilterPlugin[],
  active: FilterPlugin[],
  candidates: Set<string>,
): FilterGrid {
  const filters: Record<string, Record<string, string>> = {}
  const statuses: FilterStatus[] = []
  const absent = unresolvable(`node(s) didn't satisfy plugin(s) [${c.narrowedBy.join(' ')}]`)
  let waitsOnPods = false
  for (const node of cache.nodeInfos()) {
    const row: Record<string, string> = {}
    if (!candidates.has(node.name)) {
      for (const f of all) row[f.name] = 'skipped'
      row[c.narrowedBy[0] ?? 'NodeAffinity'] = absent.reasons[0]
      statuses.push(absent)
      filters[node.name] = row
      continue
    }
    const first = evaluateRow(c, node, all, active, row)
    if (first) {
      statuses.push(first.status)
      if (first.plugin === 'InterPodAffinity' || first.plugin === 'PodTopologySpread')
        waitsOnPods = true
    }
    filters[node.name] = row
  }
  return { filters, statuses, waitsOnPods }
}

function evaluateRow(
  c: Cycle,
  node: NodeInfo,
  all: FilterPlugin[],
  active: FilterPlugin[],
  row: Record<string, string>,
): { plugin: string; status: FilterStatus } | undefined {
  let first: { plugin: string; status: FilterStatus } | undefined
  for (const f of all) {
    if (!active.includes(f)) {
      row[f.name] = 'skipped'
      continue
    }
    const s = f.filter(c, node)
    row[f.name] = s ? s.reasons.join(', ') : 'passed'
    if (s && !first) first = { plugin: f.name, status: s }
  }
  return first
}

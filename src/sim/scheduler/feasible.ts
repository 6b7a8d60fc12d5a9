import type { Cycle, FilterPlugin, FilterStatus } from './framework.ts'
import type { NodeInfo } from './cache.ts'
import type { NodeTable } from './nodeTable.ts'
import { resourcesFitFilter } from './resourcesFit.ts'
import { nodeUnschedulableFilter, taintTolerationFilter } from './taintToleration.ts'

function firstFailure(
  active: FilterPlugin[],
  c: Cycle,
  node: NodeInfo,
): FilterStatus | null {
  for (const f of active) {
    const s = f.filter(c, node)
    if (s) return s
  }
  return null
}

/** The plugins every pod runs (none has a PreFilter); the table answers them for most nodes. */
const TABLE_FILTERS = new Set([nodeUnschedulableFilter, taintTolerationFilter, resourcesFitFilter])

/** One attempt's filters, split into what the node table answers and what must run as plugins. */
interface Check {
  c: Cycle
  t: NodeTable
  /** Extended resources: every active plugin runs as it is. */
  plain: boolean
  active: FilterPlugin[]
  /** NodeUnschedulable and TaintToleration, for nodes with a cordon or taints. */
  guards: FilterPlugin[]
  rest: FilterPlugin[]
  cpu: number
  memory: number
  ephemeral: number
}

/**
 * Whether a node passes every active filter. Only the verdict matters on the way to a feasible
 * node (the failure path re-runs the plugins for their reasons), so NodeResourcesFit is read from
 * the node table, and NodeUnschedulable and TaintToleration only run on nodes with a cordon or
 * taints; the other active plugins run as they are.
 */
function passes(k: Check, i: number): boolean {
  const t = k.t
  if (k.plain) return firstFailure(k.active, k.c, t.infos[i]) === null
  if (t.podCount[i] + 1 > t.allocPods[i]) return false
  if (k.cpu > 0 && k.cpu > t.allocCpu[i] - t.reqCpu[i]) return false
  if (k.memory > 0 && k.memory > t.allocMemory[i] - t.reqMemory[i]) return false
  if (k.ephemeral > 0 && k.ephemeral > t.allocEphemeral[i] - t.reqEphemeral[i]) return false
  if (t.guarded[i] && firstFailure(k.guards, k.c, t.infos[i]) !== null) return false
  return k.rest.length === 0 || firstFailure(k.rest, k.c, t.infos[i]) === null
}

/**
 * findNodesThatPassFilters: from `start`, visits the candidate rows in turn (wrapping around)
 * until `toFind` pass; `candidates` undefined means every row of the table. Returns the feasible
 * rows in visiting order and how many rows were visited.
 */
export function findFeasible(
  c: Cycle,
  active: FilterPlugin[],
  t: NodeTable,
  candidates: readonly number[] | undefined,
  start: number,
  toFind: number,
): { rows: number[]; processed: number } {
  const guards: FilterPlugin[] = []
  const rest: FilterPlugin[] = []
  for (const f of active) {
    if (!TABLE_FILTERS.has(f)) rest.push(f)
    else if (f !== resourcesFitFilter) guards.push(f)
  }
  const req = c.info.requests
  const k: Check = {
    c,
    t,
    plain: c.info.scalarNames.length > 0,
    active,
    guards,
    rest,
    cpu: req.cpu,
    memory: req.memory,
    ephemeral: req.ephemeral,
  }
  const total = candidates ? candidates.length : t.names.length
  // Sized once: grown push by push to hundreds of rows, it was most of what scheduling allocated.
  const rows: number[] = new Array<number>(Math.min(toFind, total))
  let found = 0
  let processed = 0
  let at = start
  while (processed < total && found < toFind) {
    const row = candidates ? candidates[at] : at
    processed++
    if (++at === total) at = 0
    if (passes(k, row)) rows[found++] = row
  }
  rows.length = found
  return { rows, processed }
}

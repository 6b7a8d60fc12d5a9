import type { FailCode, FilterStatus } from './framework.ts'

export const NO_NODES = 'no nodes available to schedule pods'

/** Go's sort.Strings order (byte-wise), which the histogram uses on whole "N reason" strings. */
function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function histogram(statuses: Iterable<FilterStatus>): string {
  const counts = new Map<string, number>()
  for (const s of statuses) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1)
  return [...counts]
    .map(([reason, n]) => `${n} ${reason}`)
    .sort(byteCompare)
    .join(', ')
}

/**
 * The preemption half. We do not simulate preemption: a node rejected as unresolvable (taints,
 * affinity, a PreFilter failure) is "not helpful"; any other node reports that no victims were
 * found, which is what a real cluster says when no lower-priority pod could make room.
 */
function preemptionMessage(total: number, codes: FailCode[], policyNever: boolean): string {
  if (policyNever) return 'preemption: not eligible due to preemptionPolicy=Never.'
  const statuses: FilterStatus[] = codes.map((code) => ({
    code,
    reasons: [
      code === 'UnschedulableAndUnresolvable'
        ? 'Preemption is not helpful for scheduling'
        : 'No preemption victims found for incoming pod',
    ],
  }))
  return `preemption: 0/${total} nodes are available: ${histogram(statuses)}.`
}

export interface FitErrorInput {
  totalNodes: number
  /** Set when a PreFilter rejected the pod; then no node was evaluated. */
  preFilter?: { message: string; code: FailCode }
  /** The first failing filter of every evaluated or absent node. */
  nodeStatuses: FilterStatus[]
  preemptionNever: boolean
}

/** framework.FitError.Error() followed by the DefaultPreemption PostFilter message (v1.32). */
export function fitErrorMessage(f: FitErrorInput): string {
  let msg = `0/${f.totalNodes} nodes are available:`
  let codes: FailCode[]
  if (f.preFilter) {
    msg += ` ${f.preFilter.message}.`
    codes = new Array<FailCode>(f.totalNodes).fill(f.preFilter.code)
  } else {
    const h = histogram(f.nodeStatuses)
    if (h) msg += ` ${h}.`
    codes = f.nodeStatuses.map((s) => s.code)
  }
  return `${msg} ${preemptionMessage(f.totalNodes, codes, f.preemptionNever)}`
}

import type { KObject } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import type { NodeInfo, SchedulerCache } from './cache.ts'
import type { PodInfo } from './podInfo.ts'

/**
 * framework.Code for a node that failed a filter. Unresolvable nodes cannot be helped by
 * preemption; the distinction only shows in the `preemption:` half of the FailedScheduling text.
 */
export type FailCode = 'Unschedulable' | 'UnschedulableAndUnresolvable'

export interface FilterStatus {
  code: FailCode
  reasons: string[]
}

/** One scheduling attempt's shared state (CycleState upstream), filled by the PreFilter steps. */
export interface Cycle {
  pod: KObject
  info: PodInfo
  cache: SchedulerCache
  api: ApiServer
  /** Per-plugin PreFilter results, keyed by plugin name. */
  state: Map<string, unknown>
  /** PreFilter may narrow the candidate nodes (NodeAffinity on metadata.name, NodeName). */
  nodeNames?: Set<string>
  /** Which plugins narrowed the nodes, for the absent nodes' reason. */
  narrowedBy: string[]
}

/** A PreFilter rejection: the whole attempt fails with this message and no per-node reasons. */
export class PreFilterReject extends Error {
  constructor(
    message: string,
    readonly code: FailCode = 'UnschedulableAndUnresolvable',
  ) {
    super(message)
  }
}

export interface FilterPlugin {
  name: string
  /** Computes state once per attempt; returns false to skip the plugin's Filter for this pod. */
  preFilter?(c: Cycle): boolean
  filter(c: Cycle, node: NodeInfo): FilterStatus | null
}

export function unschedulable(...reasons: string[]): FilterStatus {
  return { code: 'Unschedulable', reasons }
}

export function unresolvable(...reasons: string[]): FilterStatus {
  return { code: 'UnschedulableAndUnresolvable', reasons }
}

import type { KObject } from '../api/types.ts'
import { completionIndex, parseIndexes } from './jobPods.ts'
import { podFinishMs, remainingBackoffMs } from './jobBackoff.ts'
import { applyFailurePolicy } from './jobFailurePolicy.ts'

/** The failures an index has had so far, carried on each new pod of that index. */
export const INDEX_FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count'

export const MAX_FAILED_INDEXES = {
  reason: 'MaxFailedIndexesExceeded',
  message: 'Job has exceeded the specified maximal number of failed indexes',
}
export const FAILED_INDEXES = { reason: 'FailedIndexes', message: 'Job has failed indexes' }

/** backoffLimitPerIndex bookkeeping of an Indexed Job. */
export interface PerIndex {
  failedIndexes: Set<number>
  /** Failures so far per index (the next pod's failure-count annotation). */
  failures: Map<number, number>
  /** When each index's last pod failed. */
  lastFailure: Map<number, number>
}

export function hasPerIndexLimit(job: KObject): boolean {
  return (
    job.spec?.completionMode === 'Indexed' && typeof job.spec?.backoffLimitPerIndex === 'number'
  )
}

/**
 * Folds every failed pod into per-index failure counts: an index whose count passes
 * backoffLimitPerIndex, or that a FailIndex rule names, fails for good.
 */
export function perIndexState(job: KObject, pods: KObject[], now: number): PerIndex {
  const completions: number = job.spec.completions ?? 0
  const limit: number = job.spec.backoffLimitPerIndex
  const state: PerIndex = {
    failedIndexes: parseIndexes(job.status?.failedIndexes, completions),
    failures: new Map(),
    lastFailure: new Map(),
  }
  for (const p of pods) {
    if (p.status?.phase !== 'Failed') continue
    const ix = completionIndex(p)
    if (ix === undefined || ix >= completions) continue
    const verdict = job.spec.podFailurePolicy ? applyFailurePolicy(job, p) : { count: true }
    if (!verdict.count) continue
    const count = Number(p.metadata.annotations?.[INDEX_FAILURE_COUNT] ?? '0') + 1
    state.failures.set(ix, Math.max(state.failures.get(ix) ?? 0, count))
    state.lastFailure.set(ix, Math.max(state.lastFailure.get(ix) ?? 0, podFinishMs(p, now)))
    if (count > limit || verdict.failIndex) state.failedIndexes.add(ix)
  }
  return state
}

/** Milliseconds an index must still wait before its next pod (per-index back-off). */
export function indexBackoffMs(state: PerIndex, ix: number, now: number): number {
  const failures = state.failures.get(ix) ?? 0
  if (failures === 0) return 0
  return remainingBackoffMs(
    { failuresAfterLastSuccess: failures, lastFailureMs: state.lastFailure.get(ix) ?? 0 },
    now,
  )
}

/**
 * matchSuccessPolicy: the first rule whose succeededIndexes (all, or succeededCount of them) or
 * plain succeededCount is met; its message names the rule.
 */
export function matchSuccessPolicy(job: KObject, succeeded: Set<number>): string | undefined {
  const rules: any[] = job.spec?.successPolicy?.rules ?? []
  const completions: number = job.spec?.completions ?? 0
  if (succeeded.size === 0) return undefined
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]
    if (typeof r.succeededIndexes === 'string') {
      const required = parseIndexes(r.succeededIndexes, completions)
      if (required.size === 0) continue
      let done = 0
      for (const ix of required) if (succeeded.has(ix)) done++
      if (typeof r.succeededCount === 'number' ? done >= r.succeededCount : done === required.size)
        return `Matched rules at index ${i}`
    } else if (typeof r.succeededCount === 'number' && succeeded.size >= r.succeededCount)
      return `Matched rules at index ${i}`
  }
  return undefined
}

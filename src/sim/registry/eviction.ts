import type { KObject, Status, StatusCause } from '../api/types.ts'
import { forbidden, internalError, StatusError } from '../api/errors.ts'
import { matchesSelector } from '../api/selectors.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import { clone } from '../apiserver/store.ts'
import { setPodCondition } from './binding.ts'

export const PDB_VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget."
const PDB = 'poddisruptionbudgets.policy'

export interface EvictOptions {
  gracePeriodSeconds?: number
  dryRun?: boolean
}

function tooManyRequests(cause: string, retryAfterSeconds: number): StatusError {
  const details: Status['details'] = {
    causes: [{ reason: 'DisruptionBudget', message: cause } satisfies StatusCause],
  }
  if (retryAfterSeconds) details.retryAfterSeconds = retryAfterSeconds
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: PDB_VIOLATION,
    reason: 'TooManyRequests',
    details,
    code: 429,
  })
}

function isReady(pod: KObject): boolean {
  return (pod.status?.conditions ?? []).some(
    (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
  )
}

/** Pods whose disruption already happened (finished, never started, or already going). */
function canIgnorePDB(pod: KObject): boolean {
  const phase = pod.status?.phase
  return (
    phase === 'Succeeded' ||
    phase === 'Failed' ||
    phase === 'Pending' ||
    !!pod.metadata.deletionTimestamp
  )
}

function deleteWithCondition(api: ApiServer, pod: KObject, opts: EvictOptions): void {
  if (opts.dryRun) return
  if (!pod.metadata.deletionTimestamp) {
    const next = clone(pod)
    setPodCondition(
      next,
      {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'EvictionByEvictionAPI',
        message: 'Eviction API: evicting',
      },
      api.now(),
    )
    api.updateStatus('pods', next)
  }
  api.delete('pods', pod.metadata.namespace, pod.metadata.name!, {
    gracePeriodSeconds: opts.gracePeriodSeconds,
  })
}

/** checkAndDecrement: refuse while the budget allows no disruption, else spend one. */
function checkAndDecrement(api: ApiServer, pdb: KObject, pod: KObject, dryRun: boolean): void {
  const status = pdb.status ?? {}
  const name = pdb.metadata.name!
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1))
    throw tooManyRequests(
      `The disruption budget ${name} is still being processed by the server.`,
      10,
    )
  const allowed: number = status.disruptionsAllowed ?? 0
  if (allowed < 0)
    throw forbidden(
      `poddisruptionbudgets.policy "${name}" is forbidden: pdb disruptions allowed is negative`,
    )
  if (allowed === 0) {
    throw tooManyRequests(
      `The disruption budget ${name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`,
      0,
    )
  }
  if (dryRun) return
  const next = clone(pdb)
  next.status.disruptionsAllowed = allowed - 1
  next.status.disruptedPods = {
    ...(next.status.disruptedPods ?? {}),
    [pod.metadata.name!]: api.now(),
  }
  if (allowed - 1 === 0) {
    const conds: Record<string, unknown>[] = next.status.conditions ?? []
    const i = conds.findIndex((c) => c.type === 'DisruptionAllowed')
    const cond = {
      lastTransitionTime: api.now(),
      message: '',
      observedGeneration: pdb.metadata.generation ?? 1,
      reason: 'InsufficientPods',
      status: 'False',
      type: 'DisruptionAllowed',
    }
    if (i >= 0) conds[i] = cond
    else conds.push(cond)
    next.status.conditions = conds
  }
  api.updateStatus(PDB, next)
}

/**
 * The pods/eviction subresource (POST .../pods/<name>/eviction, what `kubectl drain` calls):
 * deletes the pod unless a PodDisruptionBudget covering it has no disruption left, in which case
 * it answers 429 "Cannot evict pod as it would violate the pod's disruption budget.". Budgets
 * are read from their status, which the disruption controller maintains.
 */
export function evictPod(
  api: ApiServer,
  namespace: string,
  name: string,
  opts: EvictOptions = {},
): void {
  const pod = api.get('pods', namespace, name)
  if (canIgnorePDB(pod)) return deleteWithCondition(api, pod, opts)
  const pdbs = api
    .list(PDB, { namespace })
    .items.filter((p) => matchesSelector(pod.metadata.labels, p.spec?.selector))
  if (pdbs.length > 1)
    throw internalError(
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    )
  if (pdbs.length === 0) return deleteWithCondition(api, pod, opts)
  const pdb = pdbs[0]
  const st = pdb.status ?? {}
  const unhealthyAlways = pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow'
  // An unready pod does not count as healthy, so evicting it costs the budget nothing.
  const budgetMet = (st.desiredHealthy ?? 0) > 0 && (st.currentHealthy ?? 0) >= st.desiredHealthy
  if (!isReady(pod) && (unhealthyAlways || budgetMet)) return deleteWithCondition(api, pod, opts)
  checkAndDecrement(api, pdb, pod, !!opts.dryRun)
  deleteWithCondition(api, pod, opts)
}

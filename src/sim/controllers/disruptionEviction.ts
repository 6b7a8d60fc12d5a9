// The budget check of the pods/eviction subresource (pkg/registry/core/pod/storage/eviction.go).
import type { KObject, Status } from '../api/types.ts'
import { forbidden, internalError, StatusError } from '../api/errors.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import { clone } from '../apiserver/store.ts'
import { budgetsFor } from './disruptionController.ts'
import { isReady } from './podStatus.ts'

/** The most evictions a budget may have unconfirmed by its controller (MaxDisruptedPodSize). */
const MAX_DISRUPTED_PODS = 2000

function tooManyRequests(retryAfterSeconds: number, cause: string): StatusError {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: "Cannot evict pod as it would violate the pod's disruption budget.",
    reason: 'TooManyRequests',
    details: { causes: [{ reason: 'DisruptionBudget', message: cause }], retryAfterSeconds },
    code: 429,
  }
  if (!retryAfterSeconds) delete status.details!.retryAfterSeconds
  return new StatusError(status)
}

/**
 * Decides whether evicting `pod` respects its PodDisruptionBudget. Returns the error the eviction
 * must fail with, or undefined when the pod may be deleted; an allowed eviction that uses up a
 * disruption is recorded in the budget's status (disruptionsAllowed and disruptedPods), unless
 * `dryRun`.
 */
export function evictionAllowed(
  api: ApiServer,
  pod: KObject,
  dryRun = false,
): StatusError | undefined {
  const phase = pod.status?.phase
  // Finished, pending or already terminating pods disrupt nothing further.
  if (
    phase === 'Succeeded' ||
    phase === 'Failed' ||
    phase === 'Pending' ||
    pod.metadata.deletionTimestamp
  )
    return undefined
  const budgets = budgetsFor(api, pod)
  if (budgets.length > 1)
    return internalError(
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    )
  if (budgets.length === 0) return undefined
  const pdb = budgets[0]
  const s = pdb.status ?? {}
  if (!isReady(pod)) {
    if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return undefined
    if ((s.currentHealthy ?? 0) >= (s.desiredHealthy ?? 0) && (s.desiredHealthy ?? 0) > 0)
      return undefined
  }
  const name = pdb.metadata.name!
  if ((s.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1))
    return tooManyRequests(
      10,
      `The disruption budget ${name} is still being processed by the server.`,
    )
  const allowed = s.disruptionsAllowed ?? 0
  if (allowed < 0)
    return forbidden(
      `poddisruptionbudgets.policy "${name}" is forbidden: pdb disruptions allowed is negative`,
    )
  if (Object.keys(s.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS)
    return forbidden(
      `poddisruptionbudgets.policy "${name}" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller`,
    )
  if (allowed === 0)
    return tooManyRequests(
      0,
      `The disruption budget ${name} needs ${s.desiredHealthy ?? 0} healthy pods and has ${s.currentHealthy ?? 0} currently`,
    )
  if (dryRun) return undefined
  const status = clone(s)
  status.disruptionsAllowed = allowed - 1
  if (status.disruptionsAllowed === 0) {
    const cond = (status.conditions ?? []).find((c: any) => c.type === 'DisruptionAllowed')
    if (cond && cond.status !== 'False') {
      cond.status = 'False'
      cond.reason = 'InsufficientPods'
      cond.lastTransitionTime = api.now()
    }
  }
  status.disruptedPods = { ...(status.disruptedPods ?? {}), [pod.metadata.name!]: api.now() }
  api.updateStatus('poddisruptionbudgets.policy', { ...pdb, status })
  return undefined
}

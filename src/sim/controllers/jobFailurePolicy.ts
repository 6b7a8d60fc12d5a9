import type { KObject } from '../api/types.ts'

export interface PolicyVerdict {
  /** Whether the failure counts against backoffLimit (false for an Ignore rule). */
  count: boolean
  /** Set when a FailJob rule matched: the FailureTarget message. */
  failJob?: string
  /** A FailIndex rule matched: the pod's index fails for good. */
  failIndex?: boolean
}

function matchExitCodes(pod: KObject, req: any): any {
  const values: number[] = req.values ?? []
  for (const s of [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
  ]) {
    if (req.containerName && req.containerName !== s.name) continue
    const code = s.state?.terminated?.exitCode
    // Successful containers never match.
    if (code === undefined || code === 0) continue
    if (req.operator === 'In' ? values.includes(code) : !values.includes(code)) return s
  }
  return undefined
}

function matchConditions(pod: KObject, patterns: any[]): any {
  for (const c of pod.status?.conditions ?? [])
    for (const p of patterns) if (c.type === p.type && c.status === (p.status ?? 'True')) return c
  return undefined
}

/** matchPodFailurePolicy (pkg/controller/job/pod_failure_policy.go) for a failed pod. */
export function applyFailurePolicy(job: KObject, pod: KObject): PolicyVerdict {
  const rules: any[] = job.spec?.podFailurePolicy?.rules ?? []
  const where = `${pod.metadata.namespace}/${pod.metadata.name}`
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]
    let failJob: string | undefined
    if (r.onExitCodes) {
      const s = matchExitCodes(pod, r.onExitCodes)
      if (!s) continue
      failJob = `Container ${s.name} for pod ${where} failed with exit code ${s.state.terminated.exitCode} matching ${r.action} rule at index ${i}`
    } else if (r.onPodConditions) {
      const c = matchConditions(pod, r.onPodConditions)
      if (!c) continue
      failJob = `Pod ${where} has condition ${c.type} matching ${r.action} rule at index ${i}`
    } else continue
    if (r.action === 'Ignore') return { count: false }
    if (r.action === 'FailJob') return { count: true, failJob }
    if (r.action === 'FailIndex') return { count: true, failIndex: true }
    return { count: true }
  }
  return { count: true }
}

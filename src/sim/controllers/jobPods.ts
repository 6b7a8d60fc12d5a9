import type { KObject } from '../api/types.ts'
import { podFromTemplate } from './workloadPods.ts'

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking'
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index'

export function isIndexed(job: KObject): boolean {
  return job.spec?.completionMode === 'Indexed'
}

export function completionIndex(pod: KObject): number | undefined {
  const v = pod.metadata.annotations?.[COMPLETION_INDEX] ?? pod.metadata.labels?.[COMPLETION_INDEX]
  if (v === undefined || !/^\d+$/.test(v)) return undefined
  return Number(v)
}

/** A Job's pod: the template plus the tracking finalizer and, when Indexed, its completion index. */
export function newJobPod(job: KObject, index?: number): KObject {
  const pod = podFromTemplate(job, job.spec.template)
  pod.metadata.finalizers = [...(pod.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER]
  if (index !== undefined) {
    pod.metadata.generateName = `${job.metadata.name}-${index}-`
    pod.metadata.annotations = {
      ...(pod.metadata.annotations ?? {}),
      [COMPLETION_INDEX]: String(index),
    }
    pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [COMPLETION_INDEX]: String(index) }
    if (!pod.spec.hostname) pod.spec.hostname = `${job.metadata.name}-${index}`
    const env = {
      name: 'JOB_COMPLETION_INDEX',
      valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX}']` } },
    }
    for (const list of [pod.spec.containers, pod.spec.initContainers]) {
      for (const c of list ?? []) {
        if (!(c.env ?? []).some((e: any) => e.name === 'JOB_COMPLETION_INDEX'))
          c.env = [...(c.env ?? []), env]
      }
    }
  }
  return pod
}

/** `1,3-5,7`: the compressed interval list of status.completedIndexes. */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b)
  const parts: string[] = []
  for (let i = 0; i < sorted.length;) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`)
    i = j + 1
  }
  return parts.join(',')
}

export function parseIndexes(text: string | undefined, limit: number): Set<number> {
  const out = new Set<number>()
  if (!text) return out
  for (const part of text.split(',')) {
    const [a, b] = part.split('-').map(Number)
    if (!Number.isInteger(a)) continue
    for (let i = a; i <= (Number.isInteger(b) ? b : a) && i < limit; i++) out.add(i)
  }
  return out
}

/** Whether a pod counts as failed for the Job (`isPodFailed` with TerminatingOrFailed replacement). */
export function countsAsFailed(pod: KObject, job: KObject): boolean {
  if (pod.status?.phase === 'Failed') return true
  if (pod.status?.phase === 'Succeeded') return false
  if (job.spec?.podReplacementPolicy === 'Failed') return false
  return Boolean(pod.metadata.deletionTimestamp)
}

/** Total container restarts of a pod: what backoffLimit counts when restartPolicy is OnFailure. */
export function restarts(pod: KObject): number {
  let n = 0
  for (const s of [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
  ])
    n += s?.restartCount ?? 0
  return n
}

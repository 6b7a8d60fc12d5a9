// Test-only stand-in for the kubelet: marks pods running and ready through the status API and
// finishes graceful deletions. Imported by tests only.
import type { KObject } from '../api/types.ts'
import { resourceById } from '../api/resources.ts'
import type { Sim } from '../sim.ts'

function readyStatus(sim: Sim, pod: KObject): any {
  const now = sim.clock.iso()
  const cond = (type: string): any => ({
    type,
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: now,
  })
  return {
    ...(pod.status ?? {}),
    phase: 'Running',
    conditions: [
      cond('PodReadyToStartContainers'),
      cond('Initialized'),
      cond('Ready'),
      cond('ContainersReady'),
      cond('PodScheduled'),
    ],
    startTime: pod.status?.startTime ?? now,
    containerStatuses: (pod.spec?.containers ?? []).map((c: any) => ({
      name: c.name,
      image: c.image,
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: now } },
    })),
  }
}

/** Marks every matching pending pod Running and Ready (now). Returns how many changed. */
export function runPods(sim: Sim, filter: (pod: KObject) => boolean = () => true): number {
  let n = 0
  for (const pod of sim.api.list('pods').items) {
    if (pod.metadata.deletionTimestamp || !filter(pod)) continue
    if (pod.status?.phase === 'Running') continue
    sim.api.updateStatus('pods', { ...pod, status: readyStatus(sim, pod) })
    n++
  }
  return n
}

/** Removes pods whose graceful deletion the kubelet would have confirmed. */
export function finishTerminating(sim: Sim): number {
  let n = 0
  for (const pod of sim.api.list('pods').items) {
    if (!pod.metadata.deletionTimestamp || pod.metadata.finalizers?.length) continue
    sim.api.finalRemove(resourceById('pods'), pod)
    n++
  }
  return n
}

/** Settles the cluster, letting pods start and stop, until nothing changes. */
export function settleWithPods(sim: Sim, filter?: (pod: KObject) => boolean): void {
  for (let i = 0; i < 1000; i++) {
    sim.settle()
    if (runPods(sim, filter) + finishTerminating(sim) === 0) return
  }
  throw new Error('pods did not settle')
}

/** Events of an object, oldest first, as `Reason: message`. */
export function eventsOf(sim: Sim, name: string, kind?: string): string[] {
  return sim.api
    .list('events')
    .items.filter(
      (e) => e.involvedObject?.name === name && (!kind || e.involvedObject?.kind === kind),
    )
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))
    .map((e) => `${e.reason}: ${e.message}`)
}

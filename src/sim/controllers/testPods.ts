// Test helpers for workload controllers: let the kubelet run pods in virtual time, read events.
// Imported by tests only.
import type { KObject } from '../api/types.ts'
import type { Sim } from '../sim.ts'
import { isReady } from './podStatus.ts'

/** Pods of the default namespace (system pods live elsewhere). */
export const inDefault = (p: KObject): boolean => p.metadata.namespace === 'default'

/** True when every selected pod is Ready and none is still terminating. */
export function podsSettled(sim: Sim, filter: (pod: KObject) => boolean = inDefault): boolean {
  for (const pod of sim.store.table('pods').values()) {
    if (!filter(pod)) continue
    if (pod.metadata.deletionTimestamp || !isReady(pod)) return false
  }
  return true
}

/** Advances virtual time until the selected pods are all Ready and terminations are done. */
export function settleWithPods(
  sim: Sim,
  filter: (pod: KObject) => boolean = inDefault,
  maxMs = 600_000,
): void {
  if (!sim.advanceUntil(() => podsSettled(sim, filter), maxMs))
    throw new Error('pods did not settle')
}

/** Events of an object, oldest first, as `Reason: message`. */
export function eventsOf(sim: Sim, name: string, kind?: string): string[] {
  return sim.api
    .list('events')
    .items.filter(
      (e) => e.involvedObject?.name === name && (!kind || e.involvedObject?.kind === kind),
    )
    .sort((a, b) =>
      a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0,
    )
    .map((e) => `${e.reason}: ${e.message}`)
}

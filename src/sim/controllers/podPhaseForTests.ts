import type { KObject } from '../api/types.ts'
import type { Sim } from '../sim.ts'
import { clone } from '../apiserver/store.ts'
import { bindPod, setPodCondition } from '../registry/binding.ts'

/**
 * Test-only stand-in for the kubelet: moves a pod to a phase through the status subresource, with
 * the Ready condition and, for finished pods, terminated container states.
 */
export function setPodPhase(
  sim: Sim,
  pod: KObject,
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed',
  opts: { ready?: boolean; restarts?: number; exitCode?: number; condition?: string } = {},
): KObject {
  const cur = clone(sim.api.get('pods', pod.metadata.namespace, pod.metadata.name!))
  const now = sim.clock.iso()
  cur.status = { ...(cur.status ?? {}), phase }
  const ready = opts.ready ?? phase === 'Running'
  setPodCondition(cur, { type: 'Ready', status: ready ? 'True' : 'False' }, now)
  if (opts.condition) setPodCondition(cur, { type: opts.condition, status: 'True' }, now)
  const finished = phase === 'Succeeded' || phase === 'Failed'
  cur.status.containerStatuses = (cur.spec?.containers ?? []).map((c: any) => ({
    name: c.name,
    image: c.image,
    ready,
    restartCount: opts.restarts ?? 0,
    state: finished
      ? {
          terminated: {
            exitCode: opts.exitCode ?? (phase === 'Succeeded' ? 0 : 1),
            reason: phase === 'Succeeded' ? 'Completed' : 'Error',
            startedAt: now,
            finishedAt: now,
          },
        }
      : phase === 'Running'
        ? { running: { startedAt: now } }
        : { waiting: { reason: 'ContainerCreating' } },
  }))
  return sim.api.updateStatus('pods', cur).object
}

/** Binds a pod to a node the way the scheduler does, when no scheduler has done it yet. */
export function bindIfUnbound(sim: Sim, pod: KObject, node: string): void {
  const cur = sim.api.get('pods', pod.metadata.namespace, pod.metadata.name!)
  if (!cur.spec?.nodeName) bindPod(sim.api, cur.metadata.namespace!, cur.metadata.name!, node)
}

export function podsOf(sim: Sim, ns: string, ownerName: string): KObject[] {
  return sim.api
    .list('pods', { namespace: ns })
    .items.filter((p) =>
      p.metadata.ownerReferences?.some((r) => r.controller && r.name === ownerName),
    )
}

export function eventsFor(sim: Sim, ns: string, name: string): string[] {
  return sim.api
    .list('events', { namespace: ns })
    .items.filter((e) => e.involvedObject?.name === name)
    .sort((a, b) =>
      a.firstTimestamp < b.firstTimestamp ? -1 : a.firstTimestamp > b.firstTimestamp ? 1 : 0,
    )
    .map((e) => `${e.type} ${e.reason} ${e.message}`)
}

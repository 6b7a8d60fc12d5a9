import type { KObject } from '../sim/api/types.ts'
import { podStatusCells } from '../kubectl/printers/columns/pods.ts'

export type PodLook =
  'pending' | 'creating' | 'running' | 'notready' | 'crash' | 'error' | 'completed' | 'terminating'

/**
 * The STATUS column kubectl shows: printPod's own rules (init containers, sidecars, the last
 * waiting or terminated reason, Terminating), so the graph and lesson checks say what kubectl says.
 */
export function podStatusText(pod: KObject): string {
  // The reason does not depend on the time (only the RESTARTS cell does).
  return podStatusCells(pod, 0)[1] || 'Pending'
}

export function podReady(pod: KObject): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')
}

/** A colour class for the graph from the status text. */
export function podLook(pod: KObject): PodLook {
  const text = podStatusText(pod)
  if (text === 'Terminating') return 'terminating'
  if (text === 'Completed') return 'completed'
  if (text === 'Running') return podReady(pod) ? 'running' : 'notready'
  if (text === 'ContainerCreating' || text === 'PodInitializing' || text.startsWith('Init:')) {
    return text.includes('Error') || text.includes('BackOff') ? 'crash' : 'creating'
  }
  if (text === 'Pending') return 'pending'
  if (/BackOff|CrashLoop/.test(text)) return 'crash'
  return 'error'
}

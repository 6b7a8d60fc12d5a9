import type { KObject } from '../sim/api/types.ts'

export type PodLook =
  'pending' | 'creating' | 'running' | 'notready' | 'crash' | 'error' | 'completed' | 'terminating'

/** The STATUS column kubectl shows, reduced from the same rules (first waiting/terminated reason wins). */
export function podStatusText(pod: KObject): string {
  const status = pod.status ?? {}
  let reason: string = status.reason || status.phase || 'Pending'
  const init = (status.initContainerStatuses ?? []) as any[]
  let initializing = false
  for (let i = 0; i < init.length; i++) {
    const c = init[i]
    if (c.state?.terminated?.exitCode === 0) continue
    initializing = true
    if (c.state?.terminated)
      reason = 'Init:' + (c.state.terminated.reason || `ExitCode:${c.state.terminated.exitCode}`)
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing')
      reason = 'Init:' + c.state.waiting.reason
    else reason = `Init:${i}/${(pod.spec?.initContainers ?? []).length}`
    break
  }
  if (!initializing) {
    let hasRunning = false
    const containers = (status.containerStatuses ?? []) as any[]
    for (let i = containers.length - 1; i >= 0; i--) {
      const c = containers[i]
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason
      else if (c.state?.terminated?.reason) reason = c.state.terminated.reason
      else if (c.state?.terminated) reason = `ExitCode:${c.state.terminated.exitCode}`
      else if (c.ready && c.state?.running) hasRunning = true
    }
    if (reason === 'Completed' && hasRunning) reason = 'Running'
  }
  if (pod.metadata.deletionTimestamp && status.phase !== 'Succeeded' && status.phase !== 'Failed')
    reason = 'Terminating'
  return reason
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

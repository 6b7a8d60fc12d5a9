import type { ContainerRt } from './types.ts'
import type { PodSync } from './podSync.ts'
import { isSidecar } from './sidecars.ts'

/** The state a container's status reports (as containerStatus in podStatus.ts words it). */
type Shown = 'running' | 'terminated' | 'waiting' | 'waitingAfterExit'

export function shownState(s: PodSync, c: ContainerRt): Shown {
  const inst = c.current
  if (inst && inst.finishedAt === undefined) {
    if (c.stage === 'running' && (inst.startedAt ?? Infinity) <= s.now) return 'running'
    return c.last?.finishedAt !== undefined ? 'waitingAfterExit' : 'waiting'
  }
  if (inst) return c.stage === 'exited' && !c.waiting ? 'terminated' : 'waitingAfterExit'
  return 'waiting'
}

/** The `started` field of a container status. */
function startedField(s: PodSync, c: ContainerRt): boolean {
  return shownState(s, c) === 'running' && c.started
}

/** HasAnyRegularContainerStarted: a main container runs or has terminated. */
export function regularStarted(s: PodSync): boolean {
  return s.rt.containers.some((c) => {
    if (c.init) return false
    const st = shownState(s, c)
    return st === 'running' || st === 'terminated'
  })
}

/** getPhase's counters for the restartable init containers (pkg/kubelet/kubelet_pods.go). */
export function sidecarPhaseCounts(s: PodSync): {
  pending: number
  running: number
  waiting: number
} {
  const out = { pending: 0, running: 0, waiting: 0 }
  for (const c of s.rt.containers) {
    if (!isSidecar(s, c)) continue
    const st = shownState(s, c)
    if (st === 'running') {
      if (!c.started) out.pending++
      out.running++
    } else if (st === 'waiting') {
      out.pending++
      out.waiting++
    }
  }
  return out
}

/** An init container status's `ready`: a finished init container, or a ready sidecar. */
export function initReady(s: PodSync, c: ContainerRt): boolean {
  if (isSidecar(s, c)) return c.ready && shownState(s, c) === 'running'
  return c.stage === 'exited' && c.current?.exitCode === 0
}

/**
 * The init containers GeneratePodInitializedCondition lists as incomplete: regular ones that have
 * not succeeded, sidecars that have not started. None once a main container has started (the pod
 * was initialized before, its sidecars are only restarting).
 */
export function incompleteInits(s: PodSync): string[] {
  const incomplete = s.rt.containers.filter(
    (c) => c.init && !(isSidecar(s, c) ? startedField(s, c) : initReady(s, c)),
  )
  if (!incomplete.length || regularStarted(s)) return []
  return incomplete.map((c) => c.name)
}

/** GenerateContainersReadyCondition's unready list: sidecars first, then the main containers. */
export function unreadyContainers(s: PodSync): string[] {
  const sidecars = s.rt.containers.filter((c) => isSidecar(s, c) && !initReady(s, c))
  const mains = s.rt.containers.filter((c) => !c.init && !c.ready)
  return [...sidecars, ...mains].map((c) => c.name)
}

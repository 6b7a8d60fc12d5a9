import type { ContainerRt } from './types.ts'
import type { PodSync } from './podSync.ts'

type Spec = Record<string, any>

/**
 * Native sidecars (SidecarContainers, on by default since v1.29): an init container with
 * `restartPolicy: Always` starts in order like any init container, but the next one starts once
 * it has *started*; it then keeps running next to the main containers, is restarted whenever it
 * exits, and is stopped after them.
 */
function isSidecarSpec(spec: Spec | undefined): boolean {
  return spec?.restartPolicy === 'Always'
}

export function isSidecar(s: PodSync, c: ContainerRt): boolean {
  return c.init && isSidecarSpec(s.specOf(c))
}

function alive(c: ContainerRt): boolean {
  return c.current !== undefined && c.current.finishedAt === undefined
}

/**
 * podHasInitialized of computeInitContainerActions: a main container was created or runs, so the
 * init containers ran before; only sidecars are kept running from then on.
 */
function mainsCreated(s: PodSync): boolean {
  return s.rt.containers.some((c) => !c.init && alive(c))
}

/**
 * computeInitContainerActions (pkg/kubelet/kuberuntime): moves the init containers along and
 * returns whether the pod is initialized, i.e. the main containers may start.
 */
export function advanceInitContainers(s: PodSync): boolean {
  const previously = mainsCreated(s)
  for (const c of s.rt.containers) {
    if (!c.init) continue
    if (isSidecar(s, c)) {
      s.advance(c)
      // The next init container waits for this one's startup probe (or its start).
      if (!previously && !(alive(c) && c.started)) return false
      continue
    }
    if (previously) continue
    s.advance(c)
    if (!(c.stage === 'exited' && c.current?.exitCode === 0)) return false
  }
  return true
}

/**
 * Whether the kubelet restarts a container that exited: sidecars always (whatever the pod's
 * restartPolicy) until the pod is done; regular init containers only after a failure.
 */
export function restartsAfterExit(s: PodSync, c: ContainerRt, failed: boolean): boolean {
  const policy = s.pod.spec?.restartPolicy ?? 'Always'
  if (c.init && isSidecar(s, c)) return !s.rt.mainsDone
  if (c.init) return failed && policy !== 'Never'
  return policy === 'Always' || (policy === 'OnFailure' && failed)
}

/**
 * computePodActions' KillPod: when no main container runs or will be restarted, the kubelet stops
 * the sidecars too (a Job's pod with a log shipper finishes instead of running for ever).
 */
export function stopSidecarsWhenMainsDone(s: PodSync): void {
  const mains = s.rt.containers.filter((c) => !c.init)
  if (!mains.length || !s.rt.containers.some((c) => isSidecar(s, c))) return
  let announce = false
  if (!s.rt.mainsDone) {
    const done = mains.every((c) => {
      const inst = c.current
      if (!inst || inst.finishedAt === undefined || c.stage !== 'exited') return false
      return !restartsAfterExit(s, c, inst.exitCode !== 0)
    })
    if (!done) return
    const grace = (s.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000
    s.rt.mainsDone = { deadline: s.now + grace }
    announce = true
    for (const c of s.rt.containers) if (isSidecar(s, c) && !alive(c)) c.waiting = undefined
  }
  stopInOrder(s, s.rt.mainsDone.deadline, announce)
}

/** The kubelet's minimum shutdown window (minimumGracePeriodInSeconds). */
const MIN_GRACE_MS = 2_000

/**
 * Stops running containers in the order of killContainersWithSyncResult: main containers at once,
 * then each sidecar once the main containers and the sidecars after it have exited, with what is
 * left of the grace period (at least 2 s). Every container gets its Killing event at the start
 * (`announce`), before it waits for its turn.
 */
export function stopInOrder(s: PodSync, deadline: number, announce: boolean): void {
  const inits = s.rt.containers.filter((c) => c.init)
  for (const c of s.rt.containers) {
    const inst = c.current
    if (!inst || inst.finishedAt !== undefined || inst.killedByKubelet) continue
    if (!inst.proc) {
      if (announce) s.finish(c, inst, 137, 'Error')
      continue
    }
    if (announce) s.event('Normal', 'Killing', `Stopping container ${c.name}`, c)
    if (!isSidecar(s, c)) {
      s.stopInstance(c, inst, true, deadline)
      continue
    }
    const later = inits.slice(inits.indexOf(c) + 1)
    const waitsFor = [...s.rt.containers.filter((x) => !x.init), ...later]
    // waitForTurn gives up when the grace period is over.
    if (waitsFor.some(alive) && s.now < deadline) continue
    s.stopInstance(c, inst, true, Math.max(deadline, s.now + MIN_GRACE_MS))
  }
}

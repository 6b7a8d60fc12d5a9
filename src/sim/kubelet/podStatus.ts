import type { Condition, ContainerRt, Instance } from './types.ts'
import type { PodSync } from './podSync.ts'
import { jsonEqual } from '../apiserver/jsonData.ts'
import { isSidecar } from './sidecars.ts'
import {
  incompleteInits,
  initReady,
  regularStarted,
  sidecarPhaseCounts,
  unreadyContainers,
} from './sidecarStatus.ts'

type Spec = Record<string, any>

const MANAGED = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady']

function iso(s: PodSync, ms: number): string {
  return s.ctx.clock.iso(ms)
}

function terminated(s: PodSync, inst: Instance): Spec {
  const t: Spec = {
    containerID: `containerd://${inst.id}`,
    exitCode: inst.exitCode,
    finishedAt: iso(s, inst.finishedAt ?? s.now),
    reason: inst.reason,
    startedAt: iso(s, inst.startedAt ?? inst.createdAt),
  }
  if (inst.message) t.message = inst.message
  return t
}

function containerStatus(s: PodSync, c: ContainerRt): Spec {
  const spec = s.specOf(c)
  const inst = c.current
  const shown = inst ?? c.last
  const st: Spec = {
    image: shown ? shown.imageRef : spec.image,
    imageID: shown ? shown.imageID : '',
    lastState: {},
    name: c.name,
    // An init container that finished successfully counts as ready, a sidecar by its readiness.
    ready: c.init ? initReady(s, c) : c.ready,
    restartCount: Math.max(0, c.instances - 1),
    started:
      inst !== undefined && inst.finishedAt === undefined && c.stage === 'running' && c.started,
    state: {},
  }
  if (shown) st.containerID = `containerd://${shown.id}`
  const waiting = (): Spec => {
    const w: Spec = { reason: c.waiting?.reason ?? 'ContainerCreating' }
    if (c.waiting?.message) w.message = c.waiting.message
    return { waiting: w }
  }
  let previous = c.last
  if (inst && inst.finishedAt === undefined) {
    st.state =
      c.stage === 'running' && (inst.startedAt ?? Infinity) <= s.now && inst.hookUntil === undefined
        ? { running: { startedAt: iso(s, inst.startedAt!) } }
        : waiting()
  } else if (inst) {
    if (c.stage === 'exited' && !c.waiting) st.state = { terminated: terminated(s, inst) }
    else {
      st.state = waiting()
      previous = inst
    }
  } else st.state = waiting()
  if (previous?.finishedAt !== undefined) st.lastState = { terminated: terminated(s, previous) }
  const mounts = (spec.volumeMounts ?? []).map((m: Spec) => {
    const v: Spec = { mountPath: m.mountPath, name: m.name }
    if (m.readOnly) {
      v.readOnly = true
      v.recursiveReadOnly = 'Disabled'
    }
    return v
  })
  if (mounts.length) st.volumeMounts = mounts
  return st
}

/** getPhase from pkg/kubelet/kubelet_pods.go. */
function phaseOf(s: PodSync, final: boolean): string {
  // A terminal phase is never left again.
  const current = s.pod.status?.phase
  if (current === 'Succeeded' || current === 'Failed') return current
  const spec = s.pod.spec ?? {}
  const policy = spec.restartPolicy ?? 'Always'
  const inits = s.rt.containers.filter((c) => c.init && !isSidecar(s, c))
  for (const c of inits) {
    const inst = c.current
    const done = c.stage === 'exited' && inst?.exitCode === 0
    if (done) continue
    if (inst?.finishedAt !== undefined && inst.exitCode !== 0 && policy === 'Never') return 'Failed'
    if (final) return 'Failed'
    return 'Pending'
  }
  // Sidecars count as running or waiting; one that exited (restarting or stopped) does not count.
  const sidecars = sidecarPhaseCounts(s)
  if (sidecars.pending > 0 && !regularStarted(s)) return final ? 'Failed' : 'Pending'
  let running = sidecars.running
  let waiting = sidecars.waiting
  let stopped = 0
  let succeeded = 0
  for (const c of s.rt.containers.filter((x) => !x.init)) {
    const inst = c.current
    // Running as its status says it: started, and out of its postStart handler.
    if (
      inst &&
      inst.finishedAt === undefined &&
      c.stage === 'running' &&
      (inst.startedAt ?? Infinity) <= s.now &&
      inst.hookUntil === undefined
    )
      running++
    else if (inst && inst.finishedAt !== undefined) {
      stopped++
      if (inst.exitCode === 0) succeeded++
    } else if (c.last) stopped++
    else waiting++
  }
  if (final) return stopped === succeeded && waiting === 0 ? 'Succeeded' : 'Failed'
  if (waiting > 0) return 'Pending'
  if (running > 0) return 'Running'
  if (stopped > 0) {
    if (policy === 'Always') return 'Running'
    if (stopped === succeeded) return 'Succeeded'
    if (policy === 'Never') return 'Failed'
    return 'Running'
  }
  return 'Pending'
}

function setCondition(
  s: PodSync,
  type: string,
  status: 'True' | 'False',
  reason?: string,
  message?: string,
): void {
  const prev = s.rt.conditions[type]
  const c: Condition = {
    type,
    status,
    lastTransitionTime:
      prev && prev.status === status ? prev.lastTransitionTime : s.ctx.clock.iso(),
  }
  if (reason) c.reason = reason
  if (message) c.message = message
  s.rt.conditions[type] = c
}

/** Builds the pod status from the runtime and writes it when it changed. */
export function writeStatus(s: PodSync, final = false): void {
  const pod = s.pod
  const phase = phaseOf(s, final)
  const terminal = phase === 'Succeeded' || phase === 'Failed'
  setCondition(s, 'PodReadyToStartContainers', s.rt.ip && !terminal ? 'True' : 'False')
  const unInit = incompleteInits(s)
  if (unInit.length && !terminal)
    setCondition(
      s,
      'Initialized',
      'False',
      'ContainersNotInitialized',
      `containers with incomplete status: [${unInit.join(' ')}]`,
    )
  // GeneratePodInitializedCondition: a Succeeded pod's init containers all count as done.
  else setCondition(s, 'Initialized', 'True', phase === 'Succeeded' ? 'PodCompleted' : undefined)
  const unready = unreadyContainers(s)
  for (const type of ['Ready', 'ContainersReady']) {
    if (terminal) setCondition(s, type, 'False', 'PodCompleted')
    else if (unready.length)
      setCondition(
        s,
        type,
        'False',
        'ContainersNotReady',
        `containers with unready status: [${unready.join(' ')}]`,
      )
    else setCondition(s, type, 'True')
  }
  const others = (pod.status?.conditions ?? []).filter((c: Spec) => !MANAGED.includes(c.type))
  const conditions = [
    ...MANAGED.map((t) => ({ lastProbeTime: null, ...s.rt.conditions[t] })),
    ...others,
  ]
  const status: Spec = {
    conditions,
    containerStatuses: s.rt.containers
      .filter((c) => !c.init)
      .map((c) => containerStatus(s, c))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    hostIP: s.rt.hostIP,
    hostIPs: [{ ip: s.rt.hostIP }],
    phase,
    qosClass: pod.status?.qosClass,
    startTime: s.rt.startTime,
  }
  if (s.rt.ip) {
    status.podIP = s.rt.ip
    status.podIPs = [{ ip: s.rt.ip }]
  }
  const inits = s.rt.containers.filter((c) => c.init)
  if (inits.length) status.initContainerStatuses = inits.map((c) => containerStatus(s, c))
  if (s.rt.failure) Object.assign(status, s.rt.failure)
  for (const k of ['nominatedNodeName', 'reason', 'message'])
    if (pod.status?.[k] !== undefined && status[k] === undefined) status[k] = pod.status[k]
  if (jsonEqual(status, pod.status)) return
  s.k.writingStatusOf = pod.metadata.uid
  try {
    s.ctx.api.updateStatus('pods', { ...pod, status })
  } finally {
    s.k.writingStatusOf = undefined
  }
}

import type { LogLine } from './runtimeApi.ts'
import type { ProcRecord } from './process.ts'

/** One run of a container (what containerd calls a container; the kubelet's restarts make more). */
export interface Instance {
  /** 64 hex characters; `containerd://` is prepended in status. */
  id: string
  container: string
  memoryLimit?: number
  imageRef: string
  imageID: string
  argv: string[]
  env: Record<string, string>
  tag: string
  createdAt: number
  startedAt?: number
  finishedAt?: number
  exitCode?: number
  reason?: string
  message?: string
  proc?: ProcRecord
  logs: LogLine[]
  /** Shared volumes mounted into this container (emptyDir, hostPath). */
  mounts?: { path: string; volume: string; file?: boolean }[]
  /** A stop signal was sent; the process is killed for good at this time. */
  killAt?: number
  killedByKubelet?: boolean
  /** The postStart handler ends at this time; until then the container is not yet reported running. */
  hookUntil?: number
  /** Why the postStart handler failed (the waiting message of PostStartHookError). */
  hookFailure?: string
  /** The preStop handler ran; the stop signal follows at `termAt`. */
  preStopRan?: boolean
  termAt?: number
}

export interface ProbeState {
  /** Next probe time (ms). */
  next: number
  successes: number
  failures: number
  /** Last outcome; undefined before the first probe. */
  ok?: boolean
}

export type Stage = 'pull' | 'pulling' | 'start' | 'running' | 'exited'

/** The kubelet's view of one container of a pod across restarts. */
export interface ContainerRt {
  name: string
  init: boolean
  stage: Stage
  /** Earliest time the current stage may make progress. */
  notBefore: number
  pullDoneAt?: number
  waiting?: { reason: string; message?: string }
  instances: number
  current?: Instance
  last?: Instance
  crashBackoff?: { delay: number; lastUpdate: number }
  pullBackoff?: { delay: number; lastUpdate: number }
  probes: { startup?: ProbeState; liveness?: ProbeState; readiness?: ProbeState }
  ready: boolean
  started: boolean
  /** The image the running instance was created from (a spec change restarts it). */
  specImage: string
}

export interface Condition {
  type: string
  status: 'True' | 'False'
  reason?: string
  message?: string
  lastTransitionTime: string
}

export interface PodRt {
  uid: string
  key: string
  node: string
  hostIP: string
  ip?: string
  startTime: string
  mountRetry?: { at: number; delay: number }
  /** Volumes are set up; the kubelet does not re-check them on every sync. */
  mounted?: boolean
  /** A ConfigMap/Secret behind a volume changed: the files follow at this periodic sync. */
  volumeSyncAt?: number
  mountError?: string[]
  containers: ContainerRt[]
  conditions: Record<string, Condition>
  terminating?: { deadline: number }
  /** No main container runs or will restart: the sidecars are being stopped by this deadline. */
  mainsDone?: { deadline: number }
  /** Why the kubelet failed the pod (activeDeadlineSeconds). */
  failure?: { reason: string; message: string }
}

export interface KubeletState {
  pods: PodRt[]
  /** Images present on each node (normalised references). */
  images: Record<string, string[]>
  /** Next host number to hand out per node (host-local IPAM walks the range). */
  nextHost: Record<string, number>
}

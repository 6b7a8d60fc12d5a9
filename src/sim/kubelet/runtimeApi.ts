import type { KObject } from '../api/types.ts'
import type { CommandContext, Proc } from '../../shell/types.ts'
import type { HttpRequest, HttpResponse } from '../network/http.ts'

export interface LogLine {
  /** Virtual time the line was written (ms). */
  time: number
  stream: 'stdout' | 'stderr'
  text: string
}

export interface ContainerUsage {
  container: string
  cpuMilli: number
  memoryBytes: number
}

/**
 * The container runtime as the rest of the engine sees it (registered as service `runtime`).
 * kubectl logs/exec/top/port-forward, probes, HPA and the network all go through it.
 */
export interface ContainerRuntime {
  /** Log lines of a container; `previous` reads the last terminated instance. Throws a kubectl-worded Error when there is none. */
  logs(pod: KObject, container: string, opts?: { previous?: boolean }): LogLine[]
  /** Runs argv inside a running container (kubectl exec); the container's own tool set and filesystem apply. */
  exec(pod: KObject, container: string, argv: string[], ctx: CommandContext): Proc
  /**
   * The command of the container's main process when it is blocked reading its stdin (a shell,
   * or a filter such as `cat`); an attach with stdin runs it with what the client sends.
   */
  inputCommand?(pod: KObject, container: string): string[] | undefined
  /**
   * An attach to the container's main process ended, by the process exiting with `code` (its
   * `output` kept in the container's log) or by the client leaving; a process blocked on its
   * stdin then ends as the kubelet's does.
   */
  attachEnded?(pod: KObject, container: string, end: AttachEnd): void
  /** The shell prompt of a container for interactive sessions, e.g. `/ # ` or `root@web-1:/# `. */
  prompt(pod: KObject, container: string): string
  /** Delivers an HTTP request to whatever listens on `port` in the pod; undefined if nothing listens (connection refused). */
  http(pod: KObject, port: number, req: HttpRequest): HttpResponse | undefined
  /** Whether something in the pod accepts TCP connections on `port` (tcpSocket probes, nc). */
  listening(pod: KObject, port: number): boolean
  /** Current CPU and memory use per running container (metrics for top and HPA). */
  usage(pod: KObject): ContainerUsage[]
}

/** What a process wrote while attached: runs of one stream, in order. */
export type AttachOutput = [stream: 'stdout' | 'stderr', text: string][]

/** How an attach to a process reading its stdin ended. */
export type AttachEnd = { code: number; output?: AttachOutput } | 'detached'

/** Collects an attached process's writes for AttachEnd, each run of one stream kept whole. */
export function attachOutput(): {
  output: AttachOutput
  keep(stream: 'stdout' | 'stderr', text: string): void
} {
  const output: AttachOutput = []
  return {
    output,
    keep(stream, text) {
      const last = output[output.length - 1]
      if (last?.[0] === stream) last[1] += text
      else output.push([stream, text])
    },
  }
}

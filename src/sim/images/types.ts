import type { Effect, Userland } from '../../shell/types.ts'
import type { FileSystem } from '../../shell/types.ts'
import type { HttpRequest, HttpResponse } from '../network/http.ts'

/** A container's main process: a generator over virtual time that returns its exit code. */
export type ProgramProc = Generator<Effect, number, void>

export type HttpHandler = (req: HttpRequest, now: number) => HttpResponse

/** What a simulated program sees of its container. */
export interface ProgramContext {
  /** The effective argv (command/args over the image's entrypoint/cmd). */
  argv: string[]
  env: Record<string, string>
  hostname: string
  /** The image tag the container runs (one binary per tag in some tutorial images). */
  tag: string
  pod: { name: string; namespace: string; uid: string; ip: string; node: string }
  fs: FileSystem
  /** The process's own virtual clock (start time plus the sleeps it has made). */
  now(): number
  startedAt: number
  out(text: string): void
  err(text: string): void
  /** Accept HTTP (and TCP) connections on `port`. */
  listen(port: number, handler?: HttpHandler): void
  /** Current CPU (millicores) and memory (bytes); memory over the limit kills the container. */
  setUsage(cpuMilli: number, memoryBytes: number): void
  /** The container's memory limit in bytes, if any. */
  memoryLimit?: number
  /** Another engine subsystem (the network, for clients inside the container). */
  service<T>(name: string): T | undefined
  /** Standard input, for a program run by exec with input (`kubectl exec -i … -- cat`). */
  stdin?: string
  /**
   * Ends the container's main process with `code`, for a program run by exec that signals it
   * (`nginx -s quit`); absent for the main process itself.
   */
  stopContainer?(code: number): void
  /** The container's main process argv, for a program run by exec that looks for it. */
  mainArgv?: string[]
}

export type Program = (ctx: ProgramContext) => ProgramProc

/** How the process reacts to the stop signal (SIGTERM, or the image's STOPSIGNAL). */
export type StopBehaviour =
  /** Exits at once with this code. */
  | { exits: number; log?: (now: number) => string[] }
  /** PID 1 without a handler: the signal is ignored and the grace period runs out. */
  | 'ignore'

export interface TagInfo {
  digest: string
  /** Compressed size in bytes, as the Pulled event reports it. */
  size: number
}

export interface ImageDef {
  /** Normalised repository: `docker.io/library/nginx`, `registry.k8s.io/pause`. */
  repository: string
  tags: Record<string, TagInfo>
  entrypoint?: string[]
  cmd?: string[]
  workdir?: string
  user?: string
  /** Executables in $PATH besides the programs below (shell tools a shell provides). */
  tools: string[]
  /**
   * Whose tools the image ships: GNU coreutils (Debian, Ubuntu and images built on them) or
   * busybox applets (busybox, alpine). Its tools word their errors, and behave, accordingly.
   */
  userland: Userland
  /** Which shell `sh` is (busybox ash, dash, bash); undefined when the image has none. */
  shell?: 'ash' | 'dash' | 'bash'
  /** Whether `bash` exists. */
  bash?: boolean
  prompt(podName: string): string
  /** Executables the image implements, by name and absolute path. */
  programs: Record<string, Program>
  stop?: StopBehaviour
  /** The image config's environment (PATH, versions) for a tag. */
  env?(tag: string): Record<string, string>
  /** Extra files in the image (path → content). */
  files?: Record<string, string>
  /** Steady memory use of an idle process, for top/HPA. */
  baseMemory?: number
}

export interface ResolvedImage {
  def: ImageDef
  /** Normalised reference, e.g. `docker.io/library/nginx:latest`. */
  ref: string
  tag: string
  digest: string
  size: number
  /** `docker.io/library/nginx@sha256:…` as containerStatuses.imageID. */
  imageID: string
}

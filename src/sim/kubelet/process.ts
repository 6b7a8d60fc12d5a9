import type { LogLine } from './runtimeApi.ts'
import type { HttpHandler, Program, ProgramContext, ProgramProc } from '../images/types.ts'
import type { FileSystem } from '../../shell/types.ts'

/**
 * What is saved of a running process: enough to re-run it deterministically to the same point.
 * A program only sees its own clock (start plus the sleeps it has made), so replaying the same
 * number of resumptions reproduces its state; output during replay is dropped because the log
 * lines are saved with the container.
 */
export interface ProcRecord {
  startedAt: number
  /** Resumptions after the first run. */
  resumes: number
  /** Program-clock time of the next wake-up; undefined when it waits for nothing (servers). */
  wakeAt?: number
  exit?: number
  cpuMilli: number
  memoryBytes: number
  /** Memory went over the limit: the kernel OOM killer ends it. */
  oom?: boolean
}

export interface ProcEnv {
  argv: string[]
  env: Record<string, string>
  hostname: string
  tag: string
  pod: ProgramContext['pod']
  fs: FileSystem
  memoryLimit?: number
  service<T>(name: string): T | undefined
  /** Appends to the container log at the current engine time. */
  log(stream: LogLine['stream'], text: string): void
  engineNow(): number
}

/**
 * The last text written to each stream, split into lines (never changed by readers): replicas of
 * a workload start by writing the same text, and its lines, kept by every container's log, are
 * then the same strings.
 */
const lastSplit = {
  stdout: { text: '', lines: [''] },
  stderr: { text: '', lines: [''] },
}

function splitLines(stream: 'stdout' | 'stderr', text: string): readonly string[] {
  const last = lastSplit[stream]
  if (last.text === text) return last.lines
  const lines = text.split('\n')
  lastSplit[stream] = { text, lines }
  return lines
}

/** A live process: its generator, the ports it serves and its saved record. */
export class Process {
  readonly listeners = new Map<number, HttpHandler | undefined>()
  private gen: ProgramProc
  private clock: number
  private muted = false
  private partial = { stdout: '', stderr: '' }

  constructor(
    program: Program,
    private readonly envIn: ProcEnv,
    readonly record: ProcRecord,
  ) {
    this.clock = record.startedAt
    this.gen = program(this.context())
  }

  private context(): ProgramContext {
    const e = this.envIn
    const write = (stream: 'stdout' | 'stderr', text: string): void => {
      if (this.muted) return
      const lines = splitLines(stream, this.partial[stream] + text)
      const last = lines.length - 1
      for (let i = 0; i < last; i++) e.log(stream, lines[i])
      this.partial[stream] = lines[last]
    }
    return {
      argv: e.argv,
      env: e.env,
      hostname: e.hostname,
      tag: e.tag,
      pod: e.pod,
      fs: e.fs,
      now: () => this.clock,
      startedAt: this.record.startedAt,
      out: (t) => write('stdout', t),
      err: (t) => write('stderr', t),
      listen: (port, handler) => {
        this.listeners.set(port, handler)
      },
      setUsage: (cpu, mem) => {
        this.record.cpuMilli = cpu
        this.record.memoryBytes = mem
        if (e.memoryLimit !== undefined && mem > e.memoryLimit) this.record.oom = true
      },
      memoryLimit: e.memoryLimit,
      service: (name) => e.service(name),
    }
  }

  /** First run, up to the first wait. */
  start(): void {
    this.step()
  }

  /** Re-runs a restored process to where its record says it was, without writing output. */
  replay(): void {
    const target = this.record.resumes
    const saved = { ...this.record }
    this.muted = true
    this.record.resumes = 0
    this.step()
    while (this.record.resumes < target && this.record.exit === undefined) this.resume()
    this.muted = false
    Object.assign(this.record, saved)
  }

  get done(): boolean {
    return this.record.exit !== undefined || this.record.oom === true
  }

  /** Resumes after a sleep (the engine calls it at `wakeAt`). */
  resume(): void {
    if (this.done || this.record.wakeAt === undefined) return
    this.clock = this.record.wakeAt
    this.record.resumes++
    this.step()
  }

  private step(): void {
    if (this.record.oom) return
    let r: IteratorResult<unknown, number>
    try {
      r = this.gen.next()
    } catch (err) {
      this.envIn.log('stderr', err instanceof Error ? err.message : String(err))
      this.finish(1)
      return
    }
    if (this.record.oom) {
      this.record.wakeAt = undefined
      return
    }
    if (r.done) {
      this.finish(r.value)
      return
    }
    const effect = r.value as { type: string; ms?: number; maxMs?: number }
    // `wait` has no condition a container could observe; it polls like a short sleep.
    const ms = effect.type === 'sleep' ? (effect.ms ?? 0) : Math.min(effect.maxMs ?? 1000, 1000)
    this.record.wakeAt = Number.isFinite(ms) ? this.clock + Math.max(0, ms) : undefined
  }

  private finish(code: number): void {
    for (const s of ['stdout', 'stderr'] as const) {
      if (this.partial[s] && !this.muted) this.envIn.log(s, this.partial[s])
      this.partial[s] = ''
    }
    this.record.exit = code
    this.record.wakeAt = undefined
    this.listeners.clear()
  }

  /** The process is killed (SIGKILL, or a stop signal it exits on). */
  kill(code: number): void {
    if (this.record.exit === undefined) this.finish(code)
  }
}

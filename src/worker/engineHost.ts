import type { WatchEvent } from '../sim/api/types.ts'
import type { IO } from '../shell/types.ts'
import { driveAsync, driveSync, type AsyncHost } from '../shell/drive.ts'
import { createSession, restoreSession, runLineSync, type Session } from '../session/session.ts'
import type { Check, Scenario } from '../lessons/types.ts'
import { evaluate, type CheckResult } from '../lessons/checks.ts'
import type { SharePayload } from '../share/payload.ts'
import { sessionFromPayload } from '../share/sessionLink.ts'
import { markdownSummary } from '../share/summary.ts'
import type {
  CaptureResult,
  EngineEvent,
  ObjectChange,
  SavedEngineState,
  ShareLoadResult,
  StartOptions,
} from './protocol.ts'

interface Run {
  interrupted: boolean
  /** Wakes a sleeping or waiting command early (time moved, the cluster changed, or Ctrl-C). */
  wake?: () => void
  finishEdit?: (content: string | null) => void
}

const UNDO_LIMIT = 20

/**
 * Runs a session (cluster + shell + files) in the worker. Virtual time follows real time × speed,
 * advanced by a ticker here — the only real timer in the engine's world. Watch events are batched
 * and sent once per tick.
 */
export class EngineHost {
  private session!: Session
  private emit: (events: EngineEvent[]) => void = () => {}
  private pendingChanges: ObjectChange[] = []
  private unwatch: (() => void) | null = null
  private runs = new Map<number, Run>()
  private undoStack: unknown[] = []
  private speed = 1
  private paused = false
  private lastTick = 0
  private startOpts: StartOptions = {}
  /** Lines run since the lesson (or sandbox) started, for `ran` checks. */
  private history: { line: string; exitCode: number }[] = []

  constructor(private readonly realNow: () => number) {}

  subscribe(listener: (events: EngineEvent[]) => void): void {
    this.emit = listener
  }

  start(opts: StartOptions): { now: number; nodeName: string; prompt: string } {
    this.startOpts = opts
    this.session = opts.saved
      ? restoreSession(opts.saved.session)
      : createSession({
          seed: opts.seed ?? seedFromTime(opts.start),
          start: opts.start,
          files: opts.files,
        })
    this.attach()
    this.lastTick = this.realNow()
    return {
      now: this.session.sim.now(),
      nodeName: 'control-plane',
      prompt: 'root@control-plane:~# ',
    }
  }

  /** Called by the worker's ticker. */
  tick(): void {
    const real = this.realNow()
    const elapsed = Math.min(real - this.lastTick, 1000)
    this.lastTick = real
    if (!this.paused && elapsed > 0) this.session.sim.advance(elapsed * this.speed)
    this.flush()
    for (const r of this.runs.values()) r.wake?.()
  }

  async run(id: number, line: string): Promise<{ exitCode: number }> {
    this.pushUndo()
    const run: Run = { interrupted: false }
    this.runs.set(id, run)
    const io: IO = {
      stdin: '',
      isTTY: true,
      out: (text) => this.emit([{ type: 'output', run: id, stream: 'stdout', text }]),
      err: (text) => this.emit([{ type: 'output', run: id, stream: 'stderr', text }]),
      interrupted: () => run.interrupted,
    }
    let exitCode = 1
    try {
      exitCode = await driveAsync(this.session.exec(line, io), this.asyncHost(run, id))
      return { exitCode }
    } finally {
      this.history.push({ line, exitCode })
      this.runs.delete(id)
      this.flush()
      this.emit([{ type: 'done', run: id, exitCode }])
    }
  }

  interrupt(id: number): void {
    const run = this.runs.get(id)
    if (!run) return
    run.interrupted = true
    run.wake?.()
    run.finishEdit?.(null)
  }

  /** Read-only commands for the inspector: no time passes and nothing is recorded in history. */
  capture(line: string): CaptureResult {
    let stdout = ''
    let stderr = ''
    // A capture never lets time pass: a command that asks to wait (`-w`, `sleep`) is stopped as by
    // Ctrl-C. Until it asks, it runs normally; the shell checks this before every command.
    let waited = false
    const io: IO = {
      stdin: '',
      isTTY: false,
      out: (t) => (stdout += t),
      err: (t) => (stderr += t),
      interrupted: () => waited,
    }
    const stop = (): void => {
      waited = true
    }
    const exitCode = driveSync(this.session.exec(line, io, { record: false }), {
      sleep: stop,
      wait: stop,
      edit: stop,
    })
    return { stdout, stderr, exitCode }
  }

  finishEdit(id: number, content: string | null): void {
    this.runs.get(id)?.finishEdit?.(content)
  }

  complete(line: string): string[] {
    return this.session.complete(line)
  }

  readFile(path: string): string | undefined {
    return this.session.fs.read(path)
  }

  writeFile(path: string, content: string): void {
    this.session.fs.write(path, content)
  }

  setSpeed(speed: number): void {
    this.speed = speed
    this.sendClock()
  }

  setPaused(paused: boolean): void {
    this.paused = paused
    this.lastTick = this.realNow()
    this.sendClock()
  }

  step(ms: number): void {
    this.session.sim.advance(ms)
    this.flush()
    for (const r of this.runs.values()) r.wake?.()
  }

  save(): SavedEngineState {
    return { version: 1, session: this.session.snapshot() }
  }

  reset(): void {
    this.pushUndo()
    const files = this.session.fs
    this.session = createSession({
      seed: seedFromTime(this.realNow()),
      start: this.realNow(),
      filesFrom: files,
    })
    this.attach()
  }

  undo(): boolean {
    const prev = this.undoStack.pop()
    if (prev === undefined) return false
    this.session = restoreSession(prev)
    this.attach()
    return true
  }

  startScenario(scenario: Scenario): void {
    this.pushUndo()
    this.session = createSession({
      seed: scenario.seed ?? 1,
      start: this.realNow(),
      cluster: scenario.cluster ?? 'kubeadm',
      files: scenario.files,
    })
    for (const line of scenario.setup ?? []) runLineSync(this.session, line, { record: false })
    if (scenario.settleSeconds) this.session.sim.advance(scenario.settleSeconds * 1000)
    this.history = []
    this.attach()
  }

  /**
   * Replaces the cluster with the one a (decoded, validated) share link describes. A payload that
   * cannot be restored leaves the current cluster untouched and says why.
   */
  loadShare(payload: SharePayload): ShareLoadResult {
    let next: Session
    try {
      next = sessionFromPayload(payload)
    } catch (e) {
      return { ok: false, error: (e as Error).message }
    }
    this.pushUndo()
    this.session = next
    this.history = []
    this.attach()
    return { ok: true }
  }

  /** The whole session, for a share link or file. */
  shareState(): unknown {
    return this.session.snapshot()
  }

  /** A Markdown report of the cluster and the last commands. */
  shareSummary(): string {
    return markdownSummary({
      run: (line) => {
        const r = this.capture(line)
        return r.stdout + r.stderr
      },
      history: this.session.shell.history,
    })
  }

  check(checks: Check[]): CheckResult[] {
    this.session.sim.settle()
    const ctx = { sim: this.session.sim, fs: this.session.fs, history: this.history }
    return checks.map((c) => evaluate(c, ctx))
  }

  private pushUndo(): void {
    this.undoStack.push(this.session.snapshot())
    if (this.undoStack.length > UNDO_LIMIT) this.undoStack.shift()
  }

  private attach(): void {
    this.unwatch?.()
    this.pendingChanges = []
    this.unwatch = this.session.sim.watch((ev: WatchEvent) => {
      this.pendingChanges.push({ type: ev.type, resource: ev.resource, object: ev.object })
    })
    const objects: ObjectChange[] = []
    for (const resource of this.session.sim.store.resources()) {
      for (const object of this.session.sim.store.table(resource).values())
        objects.push({ type: 'ADDED', resource, object })
    }
    this.emit([{ type: 'reset', objects, rv: this.session.sim.store.rv }])
    this.sendClock()
  }

  private flush(): void {
    if (this.pendingChanges.length) {
      const changes = this.pendingChanges
      this.pendingChanges = []
      this.emit([{ type: 'objects', changes, rv: this.session.sim.store.rv }])
    }
    this.sendClock()
  }

  private sendClock(): void {
    this.emit([
      { type: 'clock', now: this.session.sim.now(), paused: this.paused, speed: this.speed },
    ])
  }

  private asyncHost(run: Run, id: number): AsyncHost {
    const sim = this.session.sim
    const until = (done: () => boolean): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (run.interrupted || done()) {
            run.wake = undefined
            resolve()
          }
        }
        run.wake = check
        check()
      })
    return {
      sleep: (ms) => {
        const target = sim.now() + ms
        return until(() => sim.now() >= target)
      },
      wait: (cond, maxMs) => {
        const limit = sim.now() + maxMs
        return until(() => cond() || sim.now() >= limit)
      },
      edit: (path) =>
        new Promise((resolve) => {
          this.emit([{ type: 'edit', run: id, path, content: this.session.fs.read(path) ?? '' }])
          run.finishEdit = (content) => {
            run.finishEdit = undefined
            if (content !== null) this.session.fs.write(path, content)
            resolve()
          }
        }),
    }
  }
}

/** A fresh cluster in the app gets its seed from the time it was created (saved with it). */
function seedFromTime(ms: number | undefined): number {
  return Math.floor((ms ?? 0) / 1000) % 2147483647
}

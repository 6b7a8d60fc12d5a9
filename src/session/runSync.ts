import type { IO } from '../shell/types.ts'
import type { Session } from './session.ts'
import { driveSync, type SyncHost } from '../shell/drive.ts'

export interface RunSyncOptions {
  stdin?: string
  /** Whether stdout is the terminal (default true: output as the terminal shows it). */
  isTTY?: boolean
  /**
   * Commands that wait for Ctrl-C (`kubectl get -w`, `logs -f`, `port-forward`, `minikube tunnel`)
   * are interrupted after this much virtual time, as if the learner pressed Ctrl-C. Sleeps and
   * bounded waits (`rollout status`, `wait --timeout`) are never cut short.
   */
  interruptAfterMs?: number
  /**
   * Virtual time after which any command line is interrupted (a `while true; … sleep 1; done` a
   * learner would stop with Ctrl-C). Default one hour.
   */
  maxCommandMs?: number
  /** Receives output as it is written (the CLI prints as it goes). */
  onOut?: (text: string) => void
  onErr?: (text: string) => void
  /** History and the like: false for read-only captures. */
  record?: boolean
}

export interface RunSyncResult {
  stdout: string
  stderr: string
  exitCode: number
}

/** Waits this long or longer count as "until interrupted". */
const OPEN_ENDED_MS = 86_400_000
export const DEFAULT_INTERRUPT_AFTER_MS = 60_000
export const DEFAULT_MAX_COMMAND_MS = 3_600_000

/**
 * Runs one command line to completion at once: sleeps advance the cluster clock and waits advance
 * it until their condition holds.
 */
export function runLineSync(
  session: Session,
  line: string,
  opts: RunSyncOptions = {},
): RunSyncResult {
  const sim = session.sim
  let stdout = ''
  let stderr = ''
  let interrupted = false
  const started = sim.now()
  const limit = opts.interruptAfterMs ?? DEFAULT_INTERRUPT_AFTER_MS
  const hardStop = started + (opts.maxCommandMs ?? DEFAULT_MAX_COMMAND_MS)
  const io: IO = {
    stdin: opts.stdin ?? '',
    isTTY: opts.isTTY ?? true,
    out: (t) => {
      stdout += t
      opts.onOut?.(t)
    },
    err: (t) => {
      stderr += t
      opts.onErr?.(t)
    },
    interrupted: () => interrupted || sim.now() >= hardStop,
  }
  const host: SyncHost = {
    sleep: (ms) => sim.advance(Math.max(0, Math.min(ms, hardStop - sim.now()))),
    wait: (until, maxMs) => {
      if (Number.isFinite(maxMs) && maxMs < OPEN_ENDED_MS) {
        sim.advanceUntil(until, Math.max(0, Math.min(maxMs, hardStop - sim.now())))
        return
      }
      const left = started + limit - sim.now()
      if (left <= 0 || !sim.advanceUntil(until, left))
        interrupted = interrupted || sim.now() >= started + limit
    },
    // Programs that launch an editor (kubectl edit) run $KUBE_EDITOR/$EDITOR themselves when it
    // is set; an edit effect reaching here wants the terminal's editor, which a script lacks.
    edit: (path) => {
      io.err(
        `kubeplay: no interactive editor for ${path} in a script run (set KUBE_EDITOR or EDITOR to a command such as "sed -i s/a/b/" for kubectl edit); the file was left unchanged\n`,
      )
    },
  }
  const exitCode = driveSync(session.exec(line, io, { record: opts.record }), host)
  return { stdout, stderr, exitCode }
}

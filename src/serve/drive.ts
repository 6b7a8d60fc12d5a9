import type { Sim } from '../sim/sim.ts'
import type { Proc } from '../shell/types.ts'

/** Real milliseconds between checks of the simulated clock while a process waits. */
const POLL_MS = 20

const pause = (): Promise<void> => new Promise((r) => setTimeout(r, POLL_MS))

export interface RealTimeRun {
  /** Ctrl-C: the process stops at its current sleep or wait with status 130. */
  interrupted(): boolean
  /** The client went away: the process is abandoned (its finally blocks run). */
  cancelled(): boolean
}

/**
 * Runs a process against the cluster whose clock the server moves with the wall clock: a
 * `sleep 5` inside exec resumes once 5 s of simulated time have passed at serve's speed.
 * Resolves with the exit code, or undefined when the run was cancelled.
 */
export async function driveRealTime(
  sim: Sim,
  proc: Proc,
  run: RealTimeRun,
): Promise<number | undefined> {
  for (;;) {
    if (run.cancelled()) {
      proc.return(130)
      return undefined
    }
    const step = proc.next()
    if (step.done) return step.value
    const e = step.value
    if (e.type === 'sleep') {
      const end = sim.now() + e.ms
      while (sim.now() < end && !run.interrupted() && !run.cancelled()) await pause()
    } else if (e.type === 'wait') {
      const end = sim.now() + e.maxMs
      while (!e.until() && sim.now() < end && !run.interrupted() && !run.cancelled()) await pause()
    }
    // `edit` has no editor behind a remote stream; the command reads the file unchanged.
    if (run.interrupted()) {
      // Ctrl-C ends the whole foreground command line, as SIGINT does to its process group.
      proc.return(130)
      return 130
    }
  }
}

import type { AndOr } from './ast.ts'
import type { Effect, IO } from './types.ts'
import type { Shell } from './interpreter.ts'
import type { ShellState } from './state.ts'
import { BudgetSignal, ExitSignal, InterruptSignal } from './signals.ts'

/**
 * Background jobs (`cmd &`). A job runs at once until it first needs time to pass (a sleep, a
 * port-forward waiting for Ctrl-C); then it stays suspended in the job table: whatever it set up
 * (a port-forward) stays active, and `fg`, `wait` or `kill %N` resume or end it. Jobs are live
 * generators, so they are not part of snapshots: a restored session starts with no jobs.
 */
export interface Job {
  n: number
  pid: number
  text: string
  gen: Generator<Effect, number, void>
  pending?: Effect
  /** Virtual time when the pending effect began. */
  since: number
  status?: number
  killed?: boolean
  /** Where the job's output goes now: the terminal of whoever resumed it last. */
  sink: IO
}

const tables = new WeakMap<ShellState, Job[]>()

export function jobsOf(state: ShellState): Job[] {
  let t = tables.get(state)
  if (!t) tables.set(state, (t = []))
  return t
}

export function startJob(sh: Shell, ao: AndOr, io: IO): number {
  const now = sh.now
  const jobs = jobsOf(sh.state)
  const n = Math.max(0, ...jobs.map((j) => j.n)) + 1
  const pid = sh.state.nextPid++
  sh.state.lastBg = pid
  io.err(`[${n}] ${pid}\n`)
  const sub = sh.subshell()
  const job: Job = { n, pid, text: ao.text, sink: io, gen: undefined as never, since: now() }
  const jobIO: IO = {
    stdin: '',
    out: (s) => job.sink.out(s),
    err: (s) => job.sink.err(s),
    interrupted: () => job.sink.interrupted(),
    isTTY: io.isTTY,
  }
  job.gen = (function* () {
    try {
      return yield* sub.andOr({ ...ao, background: false }, jobIO)
    } catch (e) {
      if (e instanceof ExitSignal) return e.code
      if (e instanceof InterruptSignal) return 130
      if (e instanceof BudgetSignal) return 1
      throw e
    }
  })()
  jobs.push(job)
  step(job, now)
  return 0
}

function step(job: Job, now: () => number): void {
  const r = job.gen.next()
  if (r.done) job.status = r.value
  else {
    job.pending = r.value
    job.since = now()
  }
}

/**
 * Lets background jobs catch up with virtual time: a job whose sleep is over, or whose wait
 * condition holds, runs on until it waits again. Its output goes to the terminal of `io`, as a
 * background job's output appears in the terminal where it was started.
 */
export function pumpJobs(state: ShellState, io: IO, now: () => number): void {
  for (const job of jobsOf(state)) {
    for (let guard = 0; guard < 1000 && job.status === undefined && job.pending; guard++) {
      const e = job.pending
      const ready =
        e.type === 'sleep'
          ? now() >= job.since + e.ms
          : e.type === 'wait'
            ? e.until() || now() >= job.since + e.maxMs
            : false
      if (!ready) break
      job.pending = undefined
      job.sink = io
      step(job, now)
    }
  }
}

/** Drives a job in the foreground until it ends (`fg`, `wait`). */
export function* foreground(
  state: ShellState,
  job: Job,
  io: IO,
  now: () => number,
): Generator<Effect, number, void> {
  job.sink = io
  while (job.status === undefined) {
    const e = job.pending
    job.pending = undefined
    // Part of a sleep or wait may already have passed while the job was in the background.
    if (e?.type === 'sleep') {
      const left = job.since + e.ms - now()
      if (left > 0) yield { type: 'sleep', ms: left }
    } else if (e?.type === 'wait') {
      if (!e.until())
        yield { type: 'wait', until: e.until, maxMs: Math.max(0, job.since + e.maxMs - now()) }
    } else if (e) yield e
    step(job, now)
  }
  const jobs = jobsOf(state)
  jobs.splice(jobs.indexOf(job), 1)
  return job.status
}

export function killJob(job: Job): void {
  job.gen.return(143)
  job.status = 143
  job.killed = true
}

export function findJob(state: ShellState, spec: string | undefined): Job | undefined {
  const jobs = jobsOf(state)
  if (spec === undefined || spec === '%' || spec === '%%' || spec === '%+')
    return jobs[jobs.length - 1]
  if (spec === '%-') return jobs[jobs.length - 2]
  const n = Number(spec.replace(/^%/, ''))
  return jobs.find((j) => j.n === n)
}

export function jobLine(state: ShellState, job: Job, withAmp: boolean): string {
  const jobs = jobsOf(state)
  const idx = jobs.indexOf(job)
  const mark = idx === jobs.length - 1 ? '+' : idx === jobs.length - 2 ? '-' : ' '
  const word =
    job.status === undefined
      ? 'Running'
      : job.killed
        ? 'Terminated'
        : job.status === 0
          ? 'Done'
          : `Exit ${job.status}`
  return `[${job.n}]${mark}  ${word.padEnd(24)}${job.text}${withAmp && job.status === undefined ? ' &' : ''}\n`
}

/** Bash reports finished background jobs before the next prompt; they then leave the table. */
export function finishedJobNotices(state: ShellState): string[] {
  const jobs = jobsOf(state)
  const out = jobs.filter((j) => j.status !== undefined).map((j) => jobLine(state, j, false))
  for (let i = jobs.length - 1; i >= 0; i--) if (jobs[i].status !== undefined) jobs.splice(i, 1)
  return out
}

/**
 * One simulated cluster driven two ways: the real kubectl v1.32 over HTTP (`kubeplay serve` in this
 * process, clock paused) and our kubectl inside the session's shell. kubectl computes AGE from its
 * own wall clock, so before each pair of runs the cluster's clock is stepped to the current wall
 * second and both runs happen within that second: the two see the same cluster at the same instant.
 */
import { execFile } from 'node:child_process'
import { load } from 'js-yaml'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { startServer } from '../../serve/server.ts'
import { kubeconfigFor } from '../../serve/kubeconfig.ts'
import { runLineSync, type Session } from '../../session/session.ts'

export interface Outcome {
  stdout: string
  stderr: string
  exitCode: number
}

export interface Pair {
  command: string[]
  ours: Outcome
  real: Outcome
}

/** The wall clock the real kubectl reads: given by the test, as engine code never reads it. */
export interface WallClock {
  now(): number
  sleep(ms: number): Promise<void>
}

export interface TwoKubectls {
  session: Session
  /** Runs `kubectl <args>` both ways at the same cluster instant. */
  both(args: string[]): Promise<Pair>
  stop(): Promise<void>
}

/** A real kubectl that hangs (waiting on a paused clock) is a failed comparison, not a stuck suite. */
const REAL_TIMEOUT_MS = 20_000
/** Tries at starting a real run early enough in a second for it to end within that second. */
const RETRIES = 3
/** Start a pair only this early in a wall second, so the real run ends within it. */
const LATEST_START_IN_SECOND_MS = 600

/** Runs of a map-ordered real output: enough that a right answer misses all of them once in ~1,000. */
const MAP_ORDER_TRIES = 10

function goMapOrdered(args: string[]): boolean {
  return (
    args[0] === 'describe' &&
    /^(limitranges?|limits|namespaces?|ns|secrets?|configmaps?|cm)(\/|$)/.test(args[1] ?? '')
  )
}

function same(a: Outcome, b: Outcome): boolean {
  return a.stdout === b.stdout && a.stderr === b.stderr && a.exitCode === b.exitCode
}

/** Quotes a word for the simulated shell only where it needs it. */
export function shellWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`
}

function runReal(kubectl: string, args: string[], cwd: string, home: string): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      kubectl,
      args,
      {
        cwd,
        encoding: 'utf8',
        timeout: REAL_TIMEOUT_MS,
        env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: join(home, 'config'), TZ: 'UTC' },
      },
      (err, stdout, stderr) => {
        const code = err ? (err as { code?: number | string }).code : 0
        resolve({ stdout, stderr, exitCode: typeof code === 'number' ? code : -1 })
      },
    )
  })
}

/**
 * Where in the wall second the cluster's clock stands. Durations are truncated toward zero, so
 * at the very start of a second a time still to come (a deletion deadline) would read one second
 * further off than the real kubectl, which reads its clock a little later, sees it.
 */
const CLUSTER_AT_MS_IN_SECOND = 500

/**
 * Brings the cluster's clock into the current wall second (waiting for the wall clock when the
 * cluster is ahead) and returns that second.
 */
async function alignClock(session: Session, clock: WallClock): Promise<number> {
  for (;;) {
    const wall = clock.now()
    if (wall % 1000 > LATEST_START_IN_SECOND_MS) {
      await clock.sleep(1000 - (wall % 1000) + 2)
      continue
    }
    const second = wall - (wall % 1000)
    const ahead = session.sim.now() - (second + CLUSTER_AT_MS_IN_SECOND)
    if (ahead > 0) {
      await clock.sleep(ahead)
      continue
    }
    if (ahead < 0) session.sim.advance(-ahead)
    return second
  }
}

/** The namespace of the session kubeconfig's current context (a lesson may have switched it). */
function sessionNamespace(session: Session): string {
  const text = session.fs.read('/root/.kube/config') ?? ''
  const cfg = (load(text) ?? {}) as {
    'current-context'?: string
    contexts?: { name: string; context?: { namespace?: string } }[]
  }
  const current = cfg.contexts?.find((c) => c.name === cfg['current-context'])
  return current?.context?.namespace || 'default'
}

/** Copies the session's home directory where the real kubectl runs, for `-f file` arguments. */
function copyHome(session: Session, dir: string): void {
  const walk = (path: string): void => {
    for (const name of session.fs.list(path) ?? []) {
      const full = `${path}/${name}`
      if (full === '/root/.kube') continue
      if (session.fs.isDir(full)) walk(full)
      else {
        const target = join(dir, full.slice('/root/'.length))
        mkdirSync(dirname(target), { recursive: true })
        writeFileSync(target, session.fs.read(full) ?? '')
      }
    }
  }
  walk('/root')
}

/**
 * Serves `session`'s cluster with a paused clock and prepares the real kubectl's home and files.
 * With `opts.served`, the real kubectl drives that copy instead (running at `opts.speed`), for
 * commands that change the cluster or wait for it.
 */
export async function twoKubectls(
  session: Session,
  kubectl: string,
  clock: WallClock,
  opts: { served?: Session; speed?: number } = {},
): Promise<TwoKubectls> {
  const target = opts.served ?? session
  const served = await startServer(target.sim, {
    port: 0,
    speed: opts.served ? (opts.speed ?? 0) : 0,
  })
  const home = mkdtempSync(join(tmpdir(), 'kubeplay-diff-'))
  const cwd = join(home, 'root')
  mkdirSync(cwd)
  writeFileSync(
    join(home, 'config'),
    kubeconfigFor(served.url).replace(
      '    namespace: default\n',
      `    namespace: ${sessionNamespace(session)}\n`,
    ),
  )
  // kubectl names itself after its file in messages: run it as `kubectl`, whatever it is installed as
  mkdirSync(join(home, 'bin'))
  symlinkSync(kubectl, join(home, 'bin', 'kubectl'))
  const binary = join(home, 'bin', 'kubectl')
  copyHome(session, cwd)
  const paused = !opts.served
  return {
    session,
    async both(args) {
      const line = ['kubectl', ...args].map(shellWord).join(' ')
      const ours = (): Outcome => {
        const before = session.sim.now()
        const out = runLineSync(session, line, { record: false, isTTY: false })
        if (paused && session.sim.now() !== before)
          out.stderr += `(our kubectl let ${session.sim.now() - before} ms of cluster time pass)\n`
        return out
      }
      // `delete --wait=false` needs no time to pass. With the clock running, the real kubectl's
      // listing of each kind just before deleting it would race the served garbage collector (a
      // Deployment's ReplicaSet listed, or already gone); ours runs within one instant.
      served.pause(!paused && noWaitDelete(args))
      for (let attempt = 0; ; attempt++) {
        const second = paused ? await alignClock(session, clock) : session.sim.now()
        const real = await runReal(binary, args, cwd, home)
        // the one thing that differs by construction: where each kubectl's kubeconfig points
        real.stdout = real.stdout.split(served.url).join(target.sim.cluster.server)
        const spanned = paused ? Math.floor((clock.now() - second) / 1000) : 0
        if (spanned > 0 && attempt < RETRIES) continue
        const mine = ours()
        // On a busy machine the real run may outlast its second: it read its clock somewhere in
        // the seconds it spanned, so ours may answer as of any of them.
        for (let s = 1; s <= Math.min(spanned, 3) && !same(mine, real); s++) {
          session.sim.advance(1000)
          const later = ours()
          if (same(later, real)) return { command: args, ours: later, real }
        }
        // The real describe of LimitRanges (alone or in a namespace), Secrets and ConfigMaps prints
        // rows in Go's random map order: run it again until it lands on ours, if it ever does.
        if (!same(mine, real) && goMapOrdered(args) && attempt < MAP_ORDER_TRIES) continue
        return { command: args, ours: mine, real }
      }
    },
    async stop() {
      await served.stop()
      rmSync(home, { recursive: true, force: true })
    },
  }
}

function noWaitDelete(args: string[]): boolean {
  return args[0] === 'delete' && args.includes('--wait=false')
}

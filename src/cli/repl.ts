import { createInterface } from 'node:readline'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { IO } from '../shell/types.ts'
import { driveAsync, type AsyncHost } from '../shell/drive.ts'
import { createSession, type Session } from '../session/session.ts'
import { incomplete } from './script.ts'
import { parseCommon, UsageError } from './options.ts'
import { applyScenario } from './run.ts'

export const SH_HELP = `Usage: kubeplay sh [options]

An interactive shell on the control-plane node of a simulated cluster. The cluster's clock follows
real time: watches (kubectl get -w, logs -f) stream as events happen; Ctrl-C stops them.

Options: --seed N, --cluster NAME, --profile NAME, --files DIR, --scenario FILE (see kubeplay run --help)
`

/** Real milliseconds between clock steps while a command waits. */
const STEP_MS = 100

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export async function shCommand(argv: string[]): Promise<number> {
  const opts = parseCommon(argv)
  if (opts.rest.includes('-h') || opts.rest.includes('--help')) {
    process.stdout.write(SH_HELP)
    return 0
  }
  if (opts.rest.length) throw new UsageError(`unexpected argument ${opts.rest[0]}`)
  const session = createSession({
    seed: Date.now() % 2147483647,
    start: Date.now(),
    ...opts.session,
  })
  applyScenario(session, opts.scenario)
  return repl(session)
}

/** Keeps the cluster's clock in step with the wall clock between and during commands. */
class RealClock {
  private last = Date.now()
  constructor(private readonly session: Session) {}
  catchUp(): void {
    const now = Date.now()
    if (now > this.last) this.session.sim.advance(now - this.last)
    this.last = now
  }
}

function repl(session: Session): Promise<number> {
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: process.stdin.isTTY,
  })
  const clock = new RealClock(session)
  let running: { interrupted: boolean } | undefined
  let buffer: string[] = []
  let lastCode = 0
  rl.on('SIGINT', () => {
    if (running) {
      running.interrupted = true
      process.stdout.write('^C\n')
    } else {
      buffer = []
      process.stdout.write('^C\n')
      rl.setPrompt(session.prompt())
      rl.prompt()
    }
  })
  const host = (run: { interrupted: boolean }): AsyncHost => ({
    async sleep(ms) {
      const end = Date.now() + ms
      while (!run.interrupted && Date.now() < end) {
        await delay(Math.min(STEP_MS, end - Date.now()))
        clock.catchUp()
      }
    },
    async wait(until, maxMs) {
      const end = Date.now() + maxMs
      clock.catchUp()
      while (!run.interrupted && !until() && Date.now() < end) {
        await delay(STEP_MS)
        clock.catchUp()
      }
    },
    async edit(path) {
      rl.pause()
      const dir = mkdtempSync(join(tmpdir(), 'kubeplay-'))
      const file = join(dir, path.split('/').pop() || 'file')
      writeFileSync(file, session.fs.read(path) ?? '')
      const editor = process.env.KUBE_EDITOR || process.env.VISUAL || process.env.EDITOR || 'vi'
      spawnSync(`${editor} "${file}"`, { stdio: 'inherit', shell: true })
      session.fs.write(path, readFileSync(file, 'utf8'))
      rmSync(dir, { recursive: true, force: true })
      rl.resume()
    },
  })
  return new Promise((resolve) => {
    rl.setPrompt(session.prompt())
    rl.prompt()
    rl.on('line', async (line) => {
      buffer.push(line)
      const text = buffer.join('\n')
      if (incomplete(text + '\n')) {
        rl.setPrompt('> ')
        rl.prompt()
        return
      }
      buffer = []
      if (text.trim()) {
        rl.pause()
        clock.catchUp()
        const run = { interrupted: false }
        running = run
        const io: IO = {
          stdin: '',
          isTTY: Boolean(process.stdout.isTTY),
          out: (t) => process.stdout.write(t),
          err: (t) => process.stderr.write(t),
          interrupted: () => run.interrupted,
        }
        lastCode = await driveAsync(session.exec(text, io), host(run))
        running = undefined
        rl.resume()
        if (session.shell.exited) {
          process.stdout.write('exit\n')
          rl.close()
          return
        }
      }
      rl.setPrompt(session.prompt())
      rl.prompt()
    })
    rl.on('close', () => resolve(session.shell.exited ? lastCode : 0))
  })
}

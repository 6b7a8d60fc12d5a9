import { createInterface, type Interface } from 'node:readline'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CommandContext, IO, Proc } from '../shell/types.ts'
import type { AttachRequest } from '../kubectl/index.ts'
import type { ContainerRuntime } from '../sim/kubelet/runtimeApi.ts'
import { driveAsync, type AsyncHost } from '../shell/drive.ts'
import { createSession, type Session } from '../session/session.ts'
import { incomplete } from './script.ts'
import { parseCommon, UsageError } from './options.ts'
import { applyScenario } from './run.ts'

export const SH_HELP = `Usage: kubeplay sh [options]

An interactive shell on the control-plane node of a simulated cluster. The cluster's clock follows
real time: watches (kubectl get -w, logs -f) stream as events happen; Ctrl-C stops them.
\`kubectl exec -it POD -- sh\` opens the container's shell; each line there runs on its own, so
\`cd\` and variables do not carry over from one line to the next.

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
  const input = new Input()
  const session = createSession({
    seed: Date.now() % 2147483647,
    start: Date.now(),
    ...opts.session,
    attach: (req) => attachShell(session, req, input),
  })
  applyScenario(session, opts.scenario)
  return new Repl(session, input).run()
}

/** Typed lines not yet consumed, by the node shell or by an attached container shell. */
class Input {
  lines: string[] = []
  /** Set while `kubectl exec -it` is attached: typed lines belong to the container. */
  attached = false
  closed = false
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

/**
 * `kubectl exec -it POD -- sh`: the container's prompt in this terminal. Each line runs in the
 * container through the runtime (its tools, files and environment); `exit` or Ctrl-D leaves.
 */
function* attachShell(session: Session, req: AttachRequest, input: Input): Proc {
  const rt = session.sim.services.get('runtime') as ContainerRuntime
  const shell = req.command[0] ?? 'sh'
  const io: IO = {
    stdin: '',
    isTTY: true,
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    interrupted: () => false,
  }
  const ctx: CommandContext = {
    io,
    env: {},
    cwd: '/',
    fs: session.fs,
    now: () => session.sim.now(),
    resolve: (p) => p,
  }
  if (req.command.length > 1 || !/(^|\/)(ba|a|da)?sh$/.test(shell))
    return yield* rt.exec(req.pod, req.container, req.command, ctx)
  input.attached = true
  try {
    for (;;) {
      process.stdout.write(req.prompt)
      yield {
        type: 'wait',
        until: () => input.lines.length > 0 || input.closed,
        maxMs: Number.POSITIVE_INFINITY,
      }
      const line = input.lines.shift()
      if (line === undefined || line.trim() === 'exit') return 0
      if (line.trim()) yield* rt.exec(req.pod, req.container, [shell, '-c', line], ctx)
    }
  } finally {
    input.attached = false
  }
}

class Repl {
  private rl: Interface
  private clock: RealClock
  private running: { interrupted: boolean } | undefined
  private buffer: string[] = []
  private lastCode = 0
  private done!: (code: number) => void

  constructor(
    private readonly session: Session,
    private readonly input: Input,
  ) {
    this.rl = createInterface({
      input: process.stdin,
      output: process.stdout,
      terminal: process.stdin.isTTY,
      completer: (line: string): [string[], string] => [
        session.complete(line),
        /(\S*)$/.exec(line)?.[1] ?? '',
      ],
    })
    this.clock = new RealClock(session)
  }

  run(): Promise<number> {
    this.rl.on('SIGINT', () => this.interrupt())
    this.rl.on('line', (line) => {
      this.input.lines.push(line)
      void this.next()
    })
    this.rl.on('close', () => {
      this.input.closed = true
      void this.next()
    })
    this.prompt(this.session.prompt())
    return new Promise((resolve) => (this.done = resolve))
  }

  private prompt(p: string): void {
    this.rl.setPrompt(p)
    this.rl.prompt()
  }

  private interrupt(): void {
    process.stdout.write('^C\n')
    if (this.running) this.running.interrupted = true
    else {
      this.buffer = []
      this.prompt(this.session.prompt())
    }
  }

  /** Takes the next complete command from the typed lines and runs it. */
  private async next(): Promise<void> {
    if (this.running || this.input.attached) return
    while (this.input.lines.length) {
      this.buffer.push(this.input.lines.shift() as string)
      const text = this.buffer.join('\n')
      if (incomplete(text + '\n')) {
        this.prompt('> ')
        continue
      }
      this.buffer = []
      if (text.trim()) {
        await this.execute(text)
        if (this.session.shell.exited) {
          process.stdout.write('exit\n')
          this.rl.close()
          this.done(this.lastCode)
          return
        }
      }
      this.prompt(this.session.prompt())
    }
    if (this.input.closed && !this.running) this.done(this.session.shell.exited ? this.lastCode : 0)
  }

  private async execute(text: string): Promise<void> {
    this.clock.catchUp()
    const run = { interrupted: false }
    this.running = run
    const io: IO = {
      stdin: '',
      isTTY: Boolean(process.stdout.isTTY),
      out: (t) => process.stdout.write(t),
      err: (t) => process.stderr.write(t),
      interrupted: () => run.interrupted,
    }
    try {
      this.lastCode = await driveAsync(this.session.exec(text, io), this.host(run))
    } finally {
      this.running = undefined
    }
  }

  private host(run: { interrupted: boolean }): AsyncHost {
    return {
      sleep: async (ms) => {
        const end = Date.now() + ms
        while (!run.interrupted && Date.now() < end) {
          await delay(Math.min(STEP_MS, end - Date.now()))
          this.clock.catchUp()
        }
      },
      wait: async (until, maxMs) => {
        const end = Date.now() + maxMs
        this.clock.catchUp()
        while (!run.interrupted && !until() && Date.now() < end) {
          await delay(STEP_MS)
          this.clock.catchUp()
        }
      },
      edit: async (path) => {
        this.rl.pause()
        const dir = mkdtempSync(join(tmpdir(), 'kubeplay-'))
        const file = join(dir, path.split('/').pop() || 'file')
        writeFileSync(file, this.session.fs.read(path) ?? '')
        const editor = process.env.KUBE_EDITOR || process.env.VISUAL || process.env.EDITOR || 'vi'
        spawnSync(`${editor} "${file}"`, { stdio: 'inherit', shell: true })
        this.session.fs.write(path, readFileSync(file, 'utf8'))
        rmSync(dir, { recursive: true, force: true })
        this.rl.resume()
      },
    }
  }
}

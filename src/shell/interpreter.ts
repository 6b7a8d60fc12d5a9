/* eslint-disable require-yield -- commands are generators by contract, also those that never wait */
import type { AndOr, Command as AstCommand, Pipeline, Redir, Script } from './ast.ts'
import type { CommandContext, Effect, FileSystem, IO, Proc } from './types.ts'
import { parse, ParseError } from './parse.ts'
import { ArithError } from './arith.ts'
import { ExpandError, expandString, expandWords, type Expander } from './expand.ts'
import { aliasWords, dynamicVar, specialParam } from './params.ts'
import { joinPath } from './fs.ts'
import { deriveIO, shellQuote } from './io.ts'
import { applyRedirs } from './redirect.ts'
import {
  cloneState,
  dict,
  exportedEnv,
  newState,
  ownTables,
  type CommandTable,
  type ShellState,
} from './state.ts'
import {
  BreakSignal,
  BudgetSignal,
  ContinueSignal,
  ExitSignal,
  InterruptSignal,
  RedirError,
  ReturnSignal,
} from './signals.ts'
import { BUILTINS } from './builtins.ts'
import { errorPrefix, redirFailure } from './dialect.ts'
import { PROGRAMS } from './builtinsRun.ts'
import { runCompound } from './compound.ts'
import {
  EDITORS,
  editorCommand,
  runFile,
  runSource,
  runTrap,
  syntaxMessage,
  type RunSourceOptions,
} from './scripts.ts'
import { finishedJobNotices, jobsOf, pumpJobs, startJob } from './jobs.ts'
import { DiscardSignal, Nesting } from './nesting.ts'
import { withVars } from './tempEnv.ts'

export { newState, type CommandTable, type ShellState } from './state.ts'

type Gen<T> = Generator<Effect, T, void>

/**
 * How many commands may run without time passing before the shell gives up on a loop. Containers
 * running `while true; do …; sleep 5; done` reset it at every sleep.
 */
export const STEP_BUDGET = 50_000

/** Runs a script (one command line or a whole file) in `state`; returns its exit status. */
export function* runScript(
  source: string,
  ctx: CommandContext,
  commands: CommandTable,
  state?: ShellState,
): Proc {
  const st = state ?? newState({ env: ctx.env, cwd: ctx.cwd })
  ownTables(st)
  // Looked up by the names the learner types (see dict).
  if (Object.getPrototypeOf(commands) !== null) commands = dict(commands)
  let script: Script
  try {
    script = parse(source)
  } catch (e) {
    if (!(e instanceof ParseError)) throw e
    ctx.io.err(syntaxMessage(e.message, st) + '\n')
    st.status = 2
    return 2
  }
  return yield* new Shell(st, commands, ctx.fs, ctx.now).top(script, ctx.io)
}

export class Shell {
  /** Shared by subshells: commands since time last passed. */
  private counter: { steps: number }
  private frames: Record<string, string | undefined>[] = []
  private condDepth = 0
  private substStatus: number | undefined
  line = 0
  /** The terminal of a top-level run: background jobs catch up there after each command. */
  private topIO: IO | undefined
  /** How deep the running command is; subshells and child shells continue from their parent's. */
  nesting = new Nesting()

  constructor(
    readonly state: ShellState,
    readonly commands: CommandTable,
    readonly fs: FileSystem,
    readonly now: () => number,
    counter?: { steps: number },
  ) {
    this.counter = counter ?? { steps: 0 }
  }

  *top(script: Script, io: IO): Gen<number> {
    let status: number
    this.topIO = io
    pumpJobs(this.state, io, this.now)
    try {
      status = yield* this.list(script, io)
    } catch (e) {
      status = this.unwind(e, io)
      if (this.state.exited) yield* runTrap(this, 'EXIT', io)
      else if (status === 130) yield* runTrap(this, 'INT', io)
    }
    pumpJobs(this.state, io, this.now)
    for (const n of finishedJobNotices(this.state)) io.err(n)
    this.state.status = status
    return status
  }

  /** Turns a control-flow signal escaping the top level into an exit status. */
  private unwind(e: unknown, io: IO): number {
    if (e instanceof ExitSignal) {
      this.state.exited = true
      return e.code
    }
    if (e instanceof ReturnSignal) return e.code
    if (e instanceof DiscardSignal) return 1
    if (e instanceof BreakSignal || e instanceof ContinueSignal) return 0
    if (e instanceof InterruptSignal) return 130
    if (e instanceof BudgetSignal) {
      io.err(
        `${this.state.name}: stopped after ${STEP_BUDGET} commands without any time passing (an endless loop?); add a sleep to the loop or press Ctrl-C\n`,
      )
      return 1
    }
    throw e
  }

  subshell(): Shell {
    const sub = new Shell(cloneState(this.state), this.commands, this.fs, this.now, this.counter)
    sub.nesting = this.nesting.fork()
    return sub
  }

  /** Runs a script in a subshell, turning `exit` into a status. */
  *inSubshell(script: Script, io: IO): Gen<number> {
    const sub = this.subshell()
    try {
      return yield* sub.list(script, io)
    } catch (e) {
      if (e instanceof ExitSignal) return e.code
      if (e instanceof DiscardSignal) return 1
      throw e
    }
  }

  ctx(io: IO, extraEnv: Record<string, string> = {}): CommandContext {
    const cwd = this.state.cwd
    return {
      io,
      env: { ...exportedEnv(this.state), ...extraEnv },
      cwd,
      fs: this.fs,
      now: this.now,
      resolve: (p: string) => joinPath(cwd, p),
      ...(this.state.userland ? { userland: this.state.userland } : {}),
    }
  }

  expander(io: IO): Expander {
    return {
      get: (n) => dynamicVar(this.state, n, this.line) ?? this.state.vars[n],
      set: (n, v) => this.setVar(n, v),
      positional: () => this.state.positional,
      special: (n) => specialParam(this.state, n),
      subst: (script) => this.subst(script, io),
      fs: this.fs,
      cwd: this.state.cwd,
      nounset: this.state.options.nounset,
    }
  }

  setVar(name: string, value: string): void {
    this.state.vars[name] = value
  }

  /** Declares `name` local to the running function (its old value comes back on return). */
  local(name: string): void {
    const frame = this.frames[this.frames.length - 1]
    if (frame && !(name in frame)) frame[name] = this.state.vars[name]
  }

  get inFunction(): boolean {
    return this.frames.length > 0
  }

  private *subst(script: Script, io: IO): Gen<string> {
    const only = script.length === 1 && !script[0].rest.length ? script[0].first.cmds : []
    const c = only.length === 1 ? only[0] : undefined
    // `$(< file)` is bash's shorthand for `$(cat file)`.
    if (
      c?.t === 'simple' &&
      !c.words.length &&
      !c.assigns.length &&
      c.redirs.length === 1 &&
      c.redirs[0].op === '<'
    ) {
      let text = ''
      this.substStatus = yield* this.redirected(c.redirs, io, function* (r: IO): Gen<number> {
        text = r.stdin
        return 0
      })
      return text
    }
    let buf = ''
    this.substStatus = yield* this.inSubshell(
      script,
      deriveIO(io, { out: (s) => (buf += s), isTTY: false }),
    )
    return buf
  }

  tick(io: IO): void {
    if (io.interrupted()) throw new InterruptSignal()
    if (++this.counter.steps > STEP_BUDGET) throw new BudgetSignal()
  }

  /** Passes a command's effects up to the driver; time passing resets the loop budget. */
  *drive(proc: Proc, env?: Record<string, string>, io?: IO): Gen<number> {
    for (;;) {
      const step = proc.next()
      if (step.done) return step.value
      this.counter.steps = 0
      const editor = step.value.type === 'edit' && env && io ? editorCommand(env) : undefined
      if (editor && step.value.type === 'edit') {
        // kubectl edit runs $KUBE_EDITOR / $EDITOR as a program on the file, like the real one.
        yield* this.runSource(
          `${editor} ${shellQuote(step.value.path)}`,
          deriveIO(io as IO, { stdin: '' }),
          { exitIsStatus: true },
        )
        continue
      }
      yield step.value
    }
  }

  *list(script: Script, io: IO): Gen<number> {
    let status = this.state.status
    for (const ao of script) status = yield* this.andOr(ao, io)
    return status
  }

  *andOr(ao: AndOr, io: IO): Gen<number> {
    if (ao.background) return startJob(this, ao, io)
    let status = yield* this.pipeline(ao.first, io, ao.rest.length > 0)
    for (const [i, { op, pipe }] of ao.rest.entries()) {
      if ((op === '&&') !== (status === 0)) continue
      status = yield* this.pipeline(pipe, io, i < ao.rest.length - 1)
    }
    return status
  }

  private *pipeline(p: Pipeline, io: IO, inCond: boolean): Gen<number> {
    let status: number
    if (p.cmds.length === 1) status = yield* this.command(p.cmds[0], io)
    else {
      let input = io.stdin
      const statuses: number[] = []
      for (const [i, cmd] of p.cmds.entries()) {
        const last = i === p.cmds.length - 1
        let buf = ''
        const stageIO = last
          ? deriveIO(io, { stdin: input })
          : deriveIO(io, { stdin: input, out: (s) => (buf += s), isTTY: false })
        statuses.push(
          yield* this.inSubshell(
            [{ first: { bang: false, cmds: [cmd] }, rest: [], background: false, text: '' }],
            stageIO,
          ),
        )
        input = buf
      }
      status = this.state.options.pipefail
        ? ([...statuses].reverse().find((s) => s !== 0) ?? 0)
        : statuses[statuses.length - 1]
    }
    if (p.bang) status = status === 0 ? 1 : 0
    this.state.status = status
    if (status !== 0 && this.state.options.errexit && this.condDepth === 0 && !inCond && !p.bang)
      throw new ExitSignal(status)
    return status
  }

  *redirected(redirs: Redir[], io: IO, body: (io: IO) => Gen<number>): Gen<number> {
    if (!redirs.length) return yield* body(io)
    let rio: IO
    try {
      rio = yield* applyRedirs(redirs, io, this.fs, this.state.cwd, this.expander(io))
    } catch (e) {
      if (e instanceof RedirError || e instanceof ExpandError)
        return yield* redirFailure(this, e, io)
      throw e
    }
    return yield* body(rio)
  }

  *cond(script: Script, io: IO): Gen<number> {
    this.condDepth++
    try {
      return yield* this.list(script, io)
    } finally {
      this.condDepth--
    }
  }

  /** Runs a loop body; says whether the loop should stop. */
  *loopBody(body: Script, io: IO): Gen<'break' | 'next'> {
    this.tick(io)
    try {
      yield* this.list(body, io)
      return 'next'
    } catch (e) {
      if (e instanceof BreakSignal || e instanceof ContinueSignal) {
        if (e.levels > 1) {
          e.levels--
          throw e
        }
        return e instanceof BreakSignal ? 'break' : 'next'
      }
      throw e
    }
  }

  *command(cmd: AstCommand, io: IO): Gen<number> {
    this.nesting.enter(io, () => {
      if (cmd.t === 'simple') this.line = cmd.line
      return this.prefix()
    })
    try {
      return yield* this.commandInner(cmd, io)
    } catch (e) {
      if (e instanceof ExpandError || e instanceof ArithError) {
        io.err(`${this.prefix()}${e.message}\n`)
        this.state.status = 1
        return 1
      }
      throw e
    } finally {
      this.nesting.depth--
    }
  }

  private *commandInner(cmd: AstCommand, io: IO): Gen<number> {
    switch (cmd.t) {
      case 'simple':
        return yield* this.simple(cmd, io)
      case 'func':
        this.state.funcs[cmd.name] = cmd.body
        return 0
      case 'group':
        return yield* this.redirected(cmd.redirs, io, (r) => this.list(cmd.body, r))
      case 'subshell':
        return yield* this.redirected(cmd.redirs, io, (r) => this.inSubshell(cmd.body, r))
      default:
        return yield* this.redirected(cmd.redirs, io, (r) => runCompound(this, cmd, r))
    }
  }

  private *simple(cmd: Extract<AstCommand, { t: 'simple' }>, io: IO): Gen<number> {
    this.tick(io)
    this.line = cmd.line
    const x = this.expander(io)
    this.substStatus = undefined
    const argv = yield* expandWords(aliasWords(this.state.aliases, cmd.words), x)
    const assigns: [string, string][] = []
    for (const a of cmd.assigns) {
      const v = yield* expandString(a.value, x)
      assigns.push([a.name, a.append ? (this.state.vars[a.name] ?? '') + v : v])
    }
    if (this.state.options.xtrace) {
      const shown = [...assigns.map(([k, v]) => `${k}=${shellQuote(v)}`), ...argv.map(shellQuote)]
      if (shown.length) io.err(`+ ${shown.join(' ')}\n`)
    }
    if (!argv.length) {
      for (const [k, v] of assigns) this.setVar(k, v)
      const st = yield* this.redirected(cmd.redirs, io, function* (): Gen<number> {
        return 0
      })
      return st || (this.substStatus ?? 0)
    }
    const status = yield* this.redirected(cmd.redirs, io, (r) =>
      this.invoke(argv, r, Object.fromEntries(assigns)),
    )
    if (this.topIO && jobsOf(this.state).length) pumpJobs(this.state, this.topIO, this.now)
    return status
  }

  /** What a name runs: `external` asks as a program would (xargs, timeout, env, which). */
  kind(name: string, external = false): 'alias' | 'function' | 'builtin' | 'command' | undefined {
    if (!external) {
      if (this.state.aliases[name] !== undefined) return 'alias'
      if (this.state.funcs[name]) return 'function'
      if (BUILTINS[name] && !PROGRAMS.has(name)) return 'builtin'
    }
    if (this.commands[name] || PROGRAMS.has(name)) return 'command'
    return undefined
  }

  /** Error prefix, in the shell's dialect: `bash: line 3: `, `sh: 3: `, `sh: `. */
  prefix(): string {
    return errorPrefix(this.state, this.line)
  }

  /** Runs a command by name: function, builtin, command table, or a script file. */
  *invoke(
    argv: string[],
    io: IO,
    tempEnv: Record<string, string> = {},
    mode: 'all' | 'noFunctions' = 'all',
  ): Gen<number> {
    const [name, ...args] = argv
    const func = mode === 'all' ? this.state.funcs[name] : undefined
    if (func)
      return yield* withVars(this.state, tempEnv, () => this.callFunction(name, func, args, io))
    const builtin = BUILTINS[name]
    if (builtin && !(PROGRAMS.has(name) && this.commands[name]))
      return yield* withVars(this.state, tempEnv, () => this.drive(builtin(args, this, io)))
    const status = yield* this.external(argv, io, tempEnv)
    if (status !== undefined) return status
    io.err(
      this.state.dialect === 'bash'
        ? `${this.prefix()}${name}: command not found\n`
        : `${this.prefix()}${name}: not found\n`,
    )
    return 127
  }

  /** Runs a program (command table, a program-like builtin such as `sh`, or a file); undefined if there is none. */
  *external(
    argv: string[],
    io: IO,
    env: Record<string, string> = {},
    _fromProgram = false,
  ): Gen<number | undefined> {
    const [name, ...args] = argv
    const c = this.commands[name]
    if (c) {
      const ctx = this.ctx(io, env)
      // The editors themselves always open the terminal's editor, whatever $EDITOR says.
      return yield* this.drive(c(args, ctx), EDITORS.has(name) ? undefined : ctx.env, io)
    }
    const b = BUILTINS[name]
    if (b && PROGRAMS.has(name))
      return yield* withVars(this.state, env, () => this.drive(b(args, this, io)))
    if (name.includes('/')) return yield* runFile(this, name, args, io)
    return undefined
  }

  /** A new shell process (`sh -c`, `bash file`): only exported variables cross over. */
  child(name: string): Shell {
    const st = newState({
      env: exportedEnv(this.state),
      cwd: this.state.cwd,
      name,
      dialect: this.state.dialect,
      userland: this.state.userland,
      pid: this.state.nextPid++,
    })
    st.interactive = false
    const sh = new Shell(st, this.commands, this.fs, this.now, this.counter)
    sh.nesting = this.nesting.fork()
    return sh
  }

  private *callFunction(name: string, body: AstCommand, args: string[], io: IO): Gen<number> {
    this.nesting.checkFuncnest(name, this.state.vars.FUNCNEST, io, () => this.prefix())
    const savedArgs = this.state.positional
    this.state.positional = args
    this.frames.push({})
    this.nesting.frames.push({ kind: 'function', name })
    try {
      return yield* this.command(body, io)
    } catch (e) {
      if (e instanceof ReturnSignal) return e.code
      throw e
    } finally {
      this.nesting.frames.pop()
      this.state.positional = savedArgs
      const frame = this.frames.pop() ?? {}
      for (const [k, v] of Object.entries(frame)) {
        if (v === undefined) delete this.state.vars[k]
        else this.state.vars[k] = v
      }
    }
  }

  /** Runs shell source: in a subshell, or in this shell (`eval`, `source`, a child shell's own script). */
  runSource(text: string, io: IO, opts: RunSourceOptions = {}): Gen<number> {
    return runSource(this, text, io, opts)
  }
}

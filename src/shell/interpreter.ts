/* eslint-disable require-yield -- commands are generators by contract, also those that never wait */
import type { AndOr, Command as AstCommand, Pipeline, Redir, Script, Word } from './ast.ts'
import type { CommandContext, Effect, FileSystem, IO, Proc } from './types.ts'
import { parse, ParseError } from './parse.ts'
import { evalArith, ArithError } from './arith.ts'
import { ExpandError, expandPattern, expandString, expandWords, type Expander } from './expand.ts'
import { matchPattern } from './pattern.ts'
import { joinPath } from './fs.ts'
import { deriveIO, shellQuote } from './io.ts'
import { applyRedirs } from './redirect.ts'
import { cloneState, exportedEnv, newState, type CommandTable, type ShellState } from './state.ts'
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
import { PROGRAMS } from './builtinsRun.ts'
import { evalTest } from './test.ts'
import { finishedJobNotices, jobsOf, pumpJobs, startJob } from './jobs.ts'

export type { CommandTable, ShellState } from './state.ts'
export { newState } from './state.ts'

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

/** Runs an already parsed script (the CLI and session split scripts into statements first). */
export function* runParsed(
  script: Script,
  ctx: CommandContext,
  commands: CommandTable,
  state: ShellState,
): Proc {
  return yield* new Shell(state, commands, ctx.fs, ctx.now).top(script, ctx.io)
}

/**
 * The editor command from the environment, unless it is one of the terminal's own editors (vi,
 * vim, nano), which open the file in the terminal's editor through the `edit` effect instead.
 */
function editorCommand(env: Record<string, string>): string | undefined {
  const e = (env.KUBE_EDITOR || env.EDITOR || '').trim()
  if (!e) return undefined
  const first = e.split(/\s+/)[0].replace(/^.*\//, '')
  return EDITORS.has(first) ? undefined : e
}

const EDITORS = new Set(['vi', 'vim', 'nano', 'vim.tiny', 'nvim'])

function syntaxMessage(msg: string, st: ShellState): string {
  const m = /near unexpected token `(.*)'$/.exec(msg)
  if (m && st.dialect === 'ash') return `${st.name}: syntax error: unexpected "${m[1]}"`
  if (m && st.dialect === 'dash') return `${st.name}: 1: Syntax error: "${m[1]}" unexpected`
  return msg.replace(/^bash:/, `${st.name}:`)
}

export class Shell {
  /** Shared by subshells: commands since time last passed. */
  private counter: { steps: number }
  private frames: Record<string, string | undefined>[] = []
  private condDepth = 0
  private substStatus: number | undefined
  private line = 0
  /** The terminal of a top-level run: background jobs catch up there after each command. */
  private topIO: IO | undefined

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
    return new Shell(cloneState(this.state), this.commands, this.fs, this.now, this.counter)
  }

  /** Runs a script in a subshell, turning `exit` into a status. */
  *inSubshell(script: Script, io: IO): Gen<number> {
    const sub = this.subshell()
    try {
      return yield* sub.list(script, io)
    } catch (e) {
      if (e instanceof ExitSignal) return e.code
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
    }
  }

  expander(io: IO): Expander {
    return {
      get: (n) => this.dynamicVar(n) ?? this.state.vars[n],
      set: (n, v) => this.setVar(n, v),
      positional: () => this.state.positional,
      special: (n) => this.special(n),
      subst: (script) => this.subst(script, io),
      fs: this.fs,
      cwd: this.state.cwd,
      nounset: this.state.options.nounset,
    }
  }

  /** Variables bash computes on each use. `$RANDOM` comes from a seed kept in the shell state. */
  private dynamicVar(n: string): string | undefined {
    if (n === 'RANDOM') {
      const next = ((this.state.random ?? this.state.pid) * 1103515245 + 12345) & 0x7fffffff
      this.state.random = next
      return String((next >> 16) & 0x7fff)
    }
    if (n === 'LINENO') return String(this.line)
    return undefined
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

  private special(n: string): string {
    switch (n) {
      case '?':
        return String(this.state.status)
      case '$':
        return String(this.state.pid)
      case '!':
        return this.state.lastBg === undefined ? '' : String(this.state.lastBg)
      case '-':
        return (
          (this.state.options.errexit ? 'e' : '') + 'hB' + (this.state.options.xtrace ? 'x' : '')
        )
      default:
        return this.state.name
    }
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
      if (e instanceof RedirError || e instanceof ExpandError) {
        io.err(`${this.prefix()}${e.message}\n`)
        return 1
      }
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
  private *loopBody(body: Script, io: IO): Gen<'break' | 'next'> {
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
    try {
      return yield* this.commandInner(cmd, io)
    } catch (e) {
      if (e instanceof ExpandError || e instanceof ArithError) {
        io.err(`${this.prefix()}${e.message}\n`)
        this.state.status = 1
        return 1
      }
      throw e
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
      case 'if':
        return yield* this.redirected(
          cmd.redirs,
          io,
          function* (this: Shell, r: IO): Gen<number> {
            for (const c of cmd.clauses)
              if ((yield* this.cond(c.cond, r)) === 0) return yield* this.list(c.body, r)
            return cmd.otherwise ? yield* this.list(cmd.otherwise, r) : 0
          }.bind(this),
        )
      case 'while':
        return yield* this.redirected(
          cmd.redirs,
          io,
          function* (this: Shell, r: IO): Gen<number> {
            let status = 0
            for (;;) {
              const c = yield* this.cond(cmd.cond, r)
              if ((c === 0) === cmd.until) break
              if ((yield* this.loopBody(cmd.body, r)) === 'break') break
              status = this.state.status
            }
            return status
          }.bind(this),
        )
      case 'for':
        return yield* this.redirected(
          cmd.redirs,
          io,
          function* (this: Shell, r: IO): Gen<number> {
            const items = cmd.items
              ? yield* expandWords(cmd.items, this.expander(r))
              : [...this.state.positional]
            let status = 0
            for (const item of items) {
              this.setVar(cmd.name, item)
              if ((yield* this.loopBody(cmd.body, r)) === 'break') break
              status = this.state.status
            }
            return status
          }.bind(this),
        )
      case 'cfor':
        return yield* this.redirected(
          cmd.redirs,
          io,
          function* (this: Shell, r: IO): Gen<number> {
            const x = this.expander(r)
            const ev = function* (w: Word): Gen<number> {
              const src = yield* expandString(w, x)
              return src.trim() ? evalArith(src, x) : 1
            }
            yield* ev(cmd.init)
            let status = 0
            while ((yield* ev(cmd.cond)) !== 0) {
              if ((yield* this.loopBody(cmd.body, r)) === 'break') break
              status = this.state.status
              yield* ev(cmd.step)
            }
            return status
          }.bind(this),
        )
      case 'case':
        return yield* this.redirected(
          cmd.redirs,
          io,
          function* (this: Shell, r: IO): Gen<number> {
            const x = this.expander(r)
            const subject = yield* expandString(cmd.word, x)
            let status = 0
            let falling = false
            for (const item of cmd.items) {
              let hit = falling
              for (const p of item.patterns)
                if (!hit && matchPattern(yield* expandPattern(p, x), subject)) hit = true
              if (!hit) continue
              status = yield* this.list(item.body, r)
              if (item.fall === ';;') return status
              falling = item.fall === ';&'
            }
            return status
          }.bind(this),
        )
      case 'arith':
        return yield* this.redirected(
          cmd.redirs,
          io,
          function* (this: Shell, r: IO): Gen<number> {
            const x = this.expander(r)
            return evalArith(yield* expandString(cmd.expr, x), x) !== 0 ? 0 : 1
          }.bind(this),
        )
      case 'test':
        return yield* this.redirected(
          cmd.redirs,
          io,
          function* (this: Shell, r: IO): Gen<number> {
            return yield* this.doubleBracket(cmd.words, r)
          }.bind(this),
        )
    }
  }

  private *doubleBracket(words: Word[], io: IO): Gen<number> {
    const x = this.expander(io)
    const args: string[] = []
    const patterns = new Map<number, string>()
    for (const [i, w] of words.entries()) {
      args.push(yield* expandString(w, x))
      const prev = args[i - 1]
      if (prev === '==' || prev === '!=' || prev === '=')
        patterns.set(i, yield* expandPattern(w, x))
    }
    const res = evalTest(args, { fs: this.fs, cwd: this.state.cwd, patterns, extended: true })
    if (typeof res === 'string') {
      io.err(`${this.state.name}: ${res}\n`)
      return 2
    }
    if (res && args.includes('=~')) this.captureRematch(args)
    return res ? 0 : 1
  }

  private captureRematch(args: string[]): void {
    const i = args.indexOf('=~')
    const m = new RegExp(args[i + 1]).exec(args[i - 1])
    if (m) this.setVar('BASH_REMATCH', m[0])
  }

  private aliasWords(words: Word[]): Word[] {
    const seen = new Set<string>()
    for (;;) {
      const first = words[0]
      if (!first || first.parts.length !== 1 || first.parts[0].t !== 'lit') return words
      const name = first.parts[0].v
      const value = this.state.aliases[name]
      if (value === undefined || seen.has(name)) return words
      seen.add(name)
      const parsed = parse(value)
      const cmd =
        parsed.length === 1 && !parsed[0].rest.length && parsed[0].first.cmds.length === 1
          ? parsed[0].first.cmds[0]
          : undefined
      if (!cmd || cmd.t !== 'simple' || cmd.assigns.length || cmd.redirs.length) return words
      words = [...cmd.words, ...words.slice(1)]
    }
  }

  private *simple(cmd: Extract<AstCommand, { t: 'simple' }>, io: IO): Gen<number> {
    this.tick(io)
    this.line = cmd.line
    const x = this.expander(io)
    this.substStatus = undefined
    const argv = yield* expandWords(this.aliasWords(cmd.words), x)
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

  /** Error prefix: `bash: ` at the prompt, `bash: line 3: ` in scripts, like bash. */
  prefix(): string {
    if (this.state.dialect === 'dash') return `${this.state.name}: ${this.line}: `
    return this.state.interactive || this.state.dialect === 'ash'
      ? `${this.state.name}: `
      : `${this.state.name}: line ${this.line}: `
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
    if (func) return yield* this.withVars(tempEnv, () => this.callFunction(func, args, io))
    const builtin = BUILTINS[name]
    if (builtin && !(PROGRAMS.has(name) && this.commands[name]))
      return yield* this.withVars(tempEnv, () => this.drive(builtin(args, this, io)))
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
      return yield* this.withVars(env, () => this.drive(b(args, this, io)))
    if (name.includes('/')) return yield* this.runFile(name, args, io)
    return undefined
  }

  /** Sets `NAME=value` prefixes for the duration of a builtin or function, exported like bash does. */
  private *withVars(vars: Record<string, string>, body: () => Gen<number>): Gen<number> {
    const keys = Object.keys(vars)
    if (!keys.length) return yield* body()
    const saved = keys.map((k) => [k, this.state.vars[k], this.state.exported.includes(k)] as const)
    Object.assign(this.state.vars, vars)
    for (const k of keys) if (!this.state.exported.includes(k)) this.state.exported.push(k)
    try {
      return yield* body()
    } finally {
      for (const [k, v, wasExported] of saved) {
        if (v === undefined) delete this.state.vars[k]
        else this.state.vars[k] = v
        if (!wasExported) this.state.exported = this.state.exported.filter((e) => e !== k)
      }
    }
  }

  /** A new shell process (`sh -c`, `bash file`): only exported variables cross over. */
  child(name: string): Shell {
    const st = newState({
      env: exportedEnv(this.state),
      cwd: this.state.cwd,
      name,
      dialect: this.state.dialect,
      pid: this.state.nextPid++,
    })
    st.interactive = false
    return new Shell(st, this.commands, this.fs, this.now, this.counter)
  }

  private *callFunction(body: AstCommand, args: string[], io: IO): Gen<number> {
    if (this.frames.length >= 1000) {
      io.err(`${this.state.name}: maximum function nesting level exceeded (1000)\n`)
      return 1
    }
    const savedArgs = this.state.positional
    this.state.positional = args
    this.frames.push({})
    try {
      return yield* this.command(body, io)
    } catch (e) {
      if (e instanceof ReturnSignal) return e.code
      throw e
    } finally {
      this.state.positional = savedArgs
      const frame = this.frames.pop() ?? {}
      for (const [k, v] of Object.entries(frame)) {
        if (v === undefined) delete this.state.vars[k]
        else this.state.vars[k] = v
      }
    }
  }

  /** `./script.sh`: runs a file from the virtual file system in a child shell. */
  *runFile(path: string, args: string[], io: IO): Gen<number> {
    const full = joinPath(this.state.cwd, path)
    if (this.fs.isDir(full)) {
      io.err(`${this.state.name}: ${path}: Is a directory\n`)
      return 126
    }
    const text = this.fs.read(full)
    if (text === undefined) {
      io.err(`${this.state.name}: ${path}: No such file or directory\n`)
      return 127
    }
    const mode =
      (this.fs as { stat?: (p: string) => { mode: number } | undefined }).stat?.(full)?.mode ??
      0o755
    if (!(mode & 0o111)) {
      io.err(`${this.state.name}: ${path}: Permission denied\n`)
      return 126
    }
    return yield* this.child(path).runSource(text, io, { args, inPlace: true, exitIsStatus: true })
  }

  /** Runs shell source: in a subshell, or in this shell (`eval`, `source`, a child shell's own script). */
  *runSource(
    text: string,
    io: IO,
    opts: {
      args?: string[]
      inPlace?: boolean
      catchReturn?: boolean
      exitIsStatus?: boolean
    } = {},
  ): Gen<number> {
    let script: Script
    try {
      script = parse(text)
    } catch (e) {
      if (!(e instanceof ParseError)) throw e
      io.err(syntaxMessage(e.message, this.state) + '\n')
      return 2
    }
    const sh = opts.inPlace ? this : this.subshell()
    const saved = sh.state.positional
    if (opts.args) sh.state.positional = opts.args
    try {
      return yield* sh.list(script, io)
    } catch (e) {
      if (e instanceof ExitSignal && (opts.exitIsStatus || !opts.inPlace)) return e.code
      if (e instanceof ReturnSignal && opts.catchReturn) return e.code
      throw e
    } finally {
      if (opts.args) sh.state.positional = saved
    }
  }
}

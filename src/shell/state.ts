import type { Command as AstCommand } from './ast.ts'
import type { Command, Userland } from './types.ts'

export type CommandTable = Record<string, Command>

export type Dialect = 'bash' | 'ash' | 'dash'

/** Everything a shell remembers between command lines. Plain JSON, so sessions snapshot it. */
export interface ShellState {
  vars: Record<string, string>
  exported: string[]
  funcs: Record<string, AstCommand>
  aliases: Record<string, string>
  history: string[]
  cwd: string
  options: { errexit: boolean; xtrace: boolean; pipefail: boolean; nounset: boolean }
  /** At the prompt (errors without `line N:`), as opposed to a script or `sh -c`. */
  interactive: boolean
  /** `$?` */
  status: number
  positional: string[]
  /** `$0` and the prefix of error messages. */
  name: string
  /** `bash` words errors like bash; `ash` like busybox sh in small images; `dash` like Debian's sh. */
  dialect: Dialect
  /** Whose tools the shell's commands are (busybox applets in busybox images); GNU when unset. */
  userland?: Userland
  /** `$$`, and the counter background jobs take their pids from. */
  pid: number
  nextPid: number
  /** `$!` */
  lastBg?: number
  /** Commands set with `trap`, by signal name (EXIT, INT, TERM…). */
  traps?: Record<string, string>
  /** State of `$RANDOM`'s generator (deterministic, so replays print the same numbers). */
  random?: number
  /** Set when `exit` ended the top-level shell: the terminal closes, a script stops. */
  exited?: boolean
}

export interface NewStateOptions {
  env?: Record<string, string>
  cwd?: string
  name?: string
  dialect?: Dialect
  userland?: Userland
  pid?: number
}

/**
 * A table keyed by names the learner types: without a prototype, `valueOf` or `constructor` is an
 * unknown name like any other instead of a member every object inherits.
 */
export function dict<T>(from: Record<string, T> = {}): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, from)
}

/** Gives a state that came from JSON or structuredClone (restore, session setup) its own tables. */
export function ownTables(s: ShellState): void {
  if (Object.getPrototypeOf(s.vars) !== null) s.vars = dict(s.vars)
  if (Object.getPrototypeOf(s.funcs) !== null) s.funcs = dict(s.funcs)
  if (Object.getPrototypeOf(s.aliases) !== null) s.aliases = dict(s.aliases)
  if (s.traps && Object.getPrototypeOf(s.traps) !== null) s.traps = dict(s.traps)
}

export function newState(opts: NewStateOptions = {}): ShellState {
  const env = opts.env ?? {}
  return {
    vars: dict(env),
    exported: Object.keys(env),
    funcs: dict(),
    aliases: dict(),
    history: [],
    cwd: opts.cwd ?? env.PWD ?? env.HOME ?? '/',
    options: { errexit: false, xtrace: false, pipefail: false, nounset: false },
    interactive: true,
    status: 0,
    positional: [],
    name: opts.name ?? 'bash',
    dialect: opts.dialect ?? 'bash',
    ...(opts.userland ? { userland: opts.userland } : {}),
    pid: opts.pid ?? 1,
    nextPid: (opts.pid ?? 1) + 1,
  }
}

/** A copy for a subshell: changes inside `( … )`, pipelines and `$( … )` do not leak out. */
export function cloneState(s: ShellState): ShellState {
  return {
    ...s,
    vars: dict(s.vars),
    exported: [...s.exported],
    funcs: dict(s.funcs),
    aliases: dict(s.aliases),
    options: { ...s.options },
    positional: [...s.positional],
  }
}

export function exportedEnv(s: ShellState): Record<string, string> {
  const env: Record<string, string> = {}
  for (const k of s.exported) if (s.vars[k] !== undefined) env[k] = s.vars[k]
  return env
}

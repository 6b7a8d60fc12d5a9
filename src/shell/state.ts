import type { Command as AstCommand } from './ast.ts'
import type { Command } from './types.ts'

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
  pid?: number
}

export function newState(opts: NewStateOptions = {}): ShellState {
  const env = opts.env ?? {}
  return {
    vars: { ...env },
    exported: Object.keys(env),
    funcs: {},
    aliases: {},
    history: [],
    cwd: opts.cwd ?? env.PWD ?? env.HOME ?? '/',
    options: { errexit: false, xtrace: false, pipefail: false, nounset: false },
    interactive: true,
    status: 0,
    positional: [],
    name: opts.name ?? 'bash',
    dialect: opts.dialect ?? 'bash',
    pid: opts.pid ?? 1,
    nextPid: (opts.pid ?? 1) + 1,
  }
}

/** A copy for a subshell: changes inside `( … )`, pipelines and `$( … )` do not leak out. */
export function cloneState(s: ShellState): ShellState {
  return {
    ...s,
    vars: { ...s.vars },
    exported: [...s.exported],
    funcs: { ...s.funcs },
    aliases: { ...s.aliases },
    options: { ...s.options },
    positional: [...s.positional],
  }
}

export function exportedEnv(s: ShellState): Record<string, string> {
  const env: Record<string, string> = {}
  for (const k of s.exported) if (s.vars[k] !== undefined) env[k] = s.vars[k]
  return env
}

import type { Script } from './ast.ts'
import type { Effect, IO } from './types.ts'
import type { Shell } from './interpreter.ts'
import type { ShellState } from './state.ts'
import { parse, ParseError } from './parse.ts'
import { joinPath } from './fs.ts'
import { ExitSignal, ReturnSignal } from './signals.ts'
import { DiscardSignal, FORK_EXTRA_LEVELS, type NestFrame } from './nesting.ts'
import { execFailure } from './dialect.ts'

type Gen<T> = Generator<Effect, T, void>

export interface RunSourceOptions {
  /** Positional parameters for the script ($1…). */
  args?: string[]
  /** Run in the calling shell (eval, source) instead of a subshell. */
  inPlace?: boolean
  /** `return` ends the script (source). */
  catchReturn?: boolean
  /** `exit` ends the script with its status instead of the calling shell. */
  exitIsStatus?: boolean
  /** What runs the text (eval, source, a child shell), named when nesting runs too deep. */
  nest?: NestFrame
}

/**
 * The editor command from the environment, unless it is one of the terminal's own editors (vi,
 * vim, nano), which open the file in the terminal's editor through the `edit` effect instead.
 */
export function editorCommand(env: Record<string, string>): string | undefined {
  const e = (env.KUBE_EDITOR || env.EDITOR || '').trim()
  if (!e) return undefined
  const first = e.split(/\s+/)[0].replace(/^.*\//, '')
  return EDITORS.has(first) ? undefined : e
}

export const EDITORS = new Set(['vi', 'vim', 'nano', 'vim.tiny', 'nvim'])

/** dash's and busybox ash's parser messages for what bash calls an unexpected EOF. */
const UNTERMINATED: Record<string, { dash: string; ash: string }> = {
  '"': { dash: 'Unterminated quoted string', ash: 'unterminated quoted string' },
  "'": { dash: 'Unterminated quoted string', ash: 'unterminated quoted string' },
  '}': { dash: "Missing '}'", ash: "missing '}'" },
  '`': { dash: 'EOF in backquote substitution', ash: 'EOF in backquote substitution' },
}

export function syntaxMessage(msg: string, st: ShellState): string {
  if (st.dialect === 'bash') return msg.replace(/^bash:/, `${st.name}:`)
  const m = /near unexpected token `(.*)'$/.exec(msg)
  const eof = /unexpected EOF while looking for matching `(.)'$/.exec(msg)
  const text = m
    ? st.dialect === 'ash'
      ? `unexpected "${m[1]}"`
      : `"${m[1]}" unexpected`
    : eof && UNTERMINATED[eof[1]]?.[st.dialect]
  if (!text) return msg.replace(/^bash:/, `${st.name}:`)
  return st.dialect === 'ash'
    ? `${st.name}: syntax error: ${text}`
    : `${st.name}: 1: Syntax error: ${text}`
}

/** `./script.sh`: runs a file from the virtual file system in a child shell. */
export function* runFile(sh: Shell, path: string, args: string[], io: IO): Gen<number> {
  const full = joinPath(sh.state.cwd, path)
  if (sh.fs.isDir(full)) return execFailure(sh, path, 'EISDIR', io)
  const text = sh.fs.read(full)
  if (text === undefined) return execFailure(sh, path, 'ENOENT', io)
  const mode =
    (sh.fs as { stat?: (p: string) => { mode: number } | undefined }).stat?.(full)?.mode ?? 0o755
  if (!(mode & 0o111)) return execFailure(sh, path, 'EACCES', io)
  return yield* runSource(sh.child(path), text, io, {
    args,
    inPlace: true,
    exitIsStatus: true,
    nest: { kind: 'fork' },
  })
}

/** Runs shell source: in a subshell, or in this shell (`eval`, `source`, a child shell's own script). */
export function* runSource(
  sh0: Shell,
  text: string,
  io: IO,
  opts: RunSourceOptions = {},
): Gen<number> {
  let script: Script
  try {
    script = parse(text)
  } catch (e) {
    if (!(e instanceof ParseError)) throw e
    io.err(syntaxMessage(e.message, sh0.state) + '\n')
    return 2
  }
  const sh = opts.inPlace ? sh0 : sh0.subshell()
  const saved = sh.state.positional
  if (opts.args) sh.state.positional = opts.args
  const ownProcess = opts.exitIsStatus || !opts.inPlace
  if (opts.nest) sh.nesting.frames.push(opts.nest)
  const extra = opts.nest?.kind === 'fork' ? FORK_EXTRA_LEVELS : 0
  sh.nesting.depth += extra
  let status: number
  try {
    status = yield* sh.list(script, io)
  } catch (e) {
    if (e instanceof ExitSignal && ownProcess) status = e.code
    else if (e instanceof ReturnSignal && opts.catchReturn) return e.code
    // A process that abandons its command line after a nesting error ends with status 1.
    else if (e instanceof DiscardSignal && ownProcess) status = 1
    else throw e
  } finally {
    if (opts.nest) sh.nesting.frames.pop()
    sh.nesting.depth -= extra
    if (opts.args) sh.state.positional = saved
  }
  // A shell process ending (sh -c, a script file) runs its EXIT trap.
  if (opts.inPlace && opts.exitIsStatus) yield* runTrap(sh, 'EXIT', io)
  return status
}

/** Runs the command set with `trap CMD SIGNAL`, once; its status does not replace the shell's. */
export function* runTrap(sh: Shell, signal: string, io: IO): Gen<void> {
  const action = sh.state.traps?.[signal]
  if (!action) return
  if (signal === 'EXIT') delete sh.state.traps?.[signal]
  try {
    yield* sh.list(parse(action), io)
  } catch (e) {
    if (!(e instanceof ExitSignal) && !(e instanceof ParseError)) throw e
  }
}

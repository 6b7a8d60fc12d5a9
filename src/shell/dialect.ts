/* eslint-disable require-yield -- builtins are generators by contract, also those that never wait */
import type { Effect, IO } from './types.ts'
import type { Shell } from './interpreter.ts'
import type { ShellState } from './state.ts'
import type { RedirError } from './signals.ts'
import { evalTest } from './test.ts'
import { evalPosixTest, TestSyntaxError } from './testPosix.ts'
import { BASIC } from './utils/basic.ts'

type Gen = Generator<Effect, number, void>

/**
 * What differs between the three shells a learner meets: bash (the node, `bash` in images), dash
 * (`sh` in Debian and Ubuntu images) and busybox ash (`sh` in busybox and alpine). Their builtins
 * word errors their own way, and dash's echo reads backslash escapes where the others need -e.
 */

/**
 * The start of a builtin's error line. bash: `bash: cd: ` (`bash: line 3: cd: ` in a script);
 * dash's exvwarning2: `sh: 3: cd: `; busybox's ash_vmsg: `sh: cd: `, with `line 3: ` after the
 * builtin's name when the shell is not interactive.
 */
export function builtinPrefix(sh: Shell, builtin: string): string {
  const { name, dialect, interactive } = sh.state
  if (dialect === 'dash') return `${name}: ${sh.line}: ${builtin}: `
  if (dialect === 'ash') return `${name}: ${builtin}: ${interactive ? '' : `line ${sh.line}: `}`
  return `${sh.prefix()}${builtin}: `
}

/**
 * The start of a shell's own error line: bash's `bash: ` at the prompt and `bash: line 3: ` in
 * scripts; dash's `sh: 3: `; busybox's `sh: `, with `line 3: ` only once $0 names a script or was
 * given (ash_vmsg prints the line when it has a commandname).
 */
export function errorPrefix(st: ShellState, line: number): string {
  const { name, dialect, interactive } = st
  if (dialect === 'dash') return `${name}: ${line}: `
  if (interactive || (dialect === 'ash' && (name === 'sh' || name === 'ash'))) return `${name}: `
  return `${name}: line ${line}: `
}

/** cd's failure: bash names errno's text, dash only that it failed, busybox both. */
export function cdFailure(
  sh: Shell,
  target: string,
  reason: string,
): { msg: string; code: number } {
  const { dialect } = sh.state
  if (dialect === 'dash') return { msg: `${builtinPrefix(sh, 'cd')}can't cd to ${target}`, code: 2 }
  if (dialect === 'ash')
    return { msg: `${builtinPrefix(sh, 'cd')}can't cd to ${target}: ${reason}`, code: 2 }
  return { msg: `${builtinPrefix(sh, 'cd')}${target}: ${reason}`, code: 1 }
}

/**
 * A redirection that could not be set up. For a file that would not open, bash prints strerror;
 * dash and busybox ash their own texts for a missing file or directory (errmsg's E_OPEN and
 * E_CREAT), and fail with 2.
 */
export function* redirFailure(sh: Shell, e: Error & Pick<RedirError, 'file'>, io: IO): Gen {
  const f = e.file
  if (!f) {
    io.err(`${sh.prefix()}${e.message}\n`)
    return 1
  }
  const { dialect } = sh.state
  const isDir = f.errno === 'EISDIR'
  let msg: string
  if (dialect === 'dash')
    msg = `cannot ${f.op} ${f.target}: ${isDir ? 'Is a directory' : f.op === 'open' ? 'No such file' : 'Directory nonexistent'}`
  else if (dialect === 'ash')
    msg = `can't ${f.op} ${f.target}: ${isDir ? 'Is a directory' : f.op === 'open' ? 'no such file' : 'nonexistent directory'}`
  else msg = `${f.target}: ${isDir ? 'Is a directory' : 'No such file or directory'}`
  io.err(`${sh.prefix()}${msg}\n`)
  return dialect === 'bash' ? 1 : 2
}

/**
 * A file that would not run (`./x`). bash names errno's text (a directory: "Is a directory");
 * dash and busybox ash say "not found" for a missing file (errmsg's E_EXEC) and pass on execve's
 * EACCES, which a directory also gets. 127 when missing, 126 otherwise.
 */
export function execFailure(
  sh: Shell,
  path: string,
  errno: 'ENOENT' | 'EACCES' | 'EISDIR',
  io: IO,
): number {
  const text =
    errno === 'ENOENT'
      ? sh.state.dialect === 'bash'
        ? 'No such file or directory'
        : 'not found'
      : errno === 'EISDIR' && sh.state.dialect === 'bash'
        ? 'Is a directory'
        : 'Permission denied'
  io.err(`${sh.prefix()}${path}: ${text}\n`)
  return errno === 'ENOENT' ? 127 : 126
}

/**
 * kill's words for a pid that is not there: bash's; dash's sh_warnx("%s\n") (its own newline
 * and then the warning's, so a blank line follows); busybox kill_main's bb_perror_msg.
 */
export function noSuchProcess(sh: Shell, pid: string): string {
  if (sh.state.dialect === 'dash') return `${builtinPrefix(sh, 'kill')}No such process\n\n`
  if (sh.state.dialect === 'ash')
    return `${sh.state.name}: can't kill pid ${pid}: No such process\n`
  return `${sh.prefix()}kill: (${pid}) - No such process\n`
}

function* testBuiltin(name: 'test' | '[', args: string[], sh: Shell, io: IO): Gen {
  const { dialect } = sh.state
  const env = { fs: sh.fs, cwd: sh.state.cwd }
  if (dialect === 'bash') {
    if (name === '[') {
      if (args.at(-1) !== ']') {
        io.err(`${builtinPrefix(sh, '[')}missing \`]'\n`)
        return 2
      }
      args = args.slice(0, -1)
    }
    const res = evalTest(args, env)
    if (typeof res !== 'string') return res ? 0 : 1
    io.err(`${builtinPrefix(sh, name)}${res}\n`)
    return 2
  }
  // busybox's test is an applet run in the shell's process: bb_error_msg names only the shell.
  const prefix = dialect === 'dash' ? builtinPrefix(sh, name) : `${sh.state.name}: `
  if (name === '[') {
    if (args.at(-1) !== ']') {
      io.err(`${prefix}missing ]\n`)
      return 2
    }
    args = args.slice(0, -1)
  }
  try {
    return evalPosixTest(args, dialect === 'dash' ? 'dash' : 'busybox', env)
  } catch (e) {
    if (!(e instanceof TestSyntaxError)) throw e
    io.err(`${prefix}${e.message}\n`)
    return 2
  }
}

/**
 * dash's echo: `-n` only as the first word, every other word printed as is after its backslash
 * escapes (\\n, \\t, \\0NNN or \\NNN octal…; `\\c` ends the output, newline included).
 */
export function dashEcho(args: string[]): string {
  let newline = true
  let words = args
  if (words[0] === '-n') {
    newline = false
    words = words.slice(1)
  }
  let out = ''
  for (const [i, w] of words.entries()) {
    const { text, stop } = dashEscapes(w)
    out += text
    if (stop) return out
    if (i < words.length - 1) out += ' '
  }
  return out + (newline ? '\n' : '')
}

const SIMPLE: Record<string, string> = {
  '\\': '\\',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
}

function dashEscapes(s: string): { text: string; stop: boolean } {
  let out = ''
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\' || i + 1 >= s.length) {
      out += s[i]
      continue
    }
    let c = s[i + 1]
    if (c === 'c') return { text: out, stop: true }
    let j = i + 1
    // `\0` before octal digits only introduces them (%b's rule).
    if (c === '0' && /[0-7]/.test(s[j + 1] ?? '')) c = s[++j]
    if (SIMPLE[c] !== undefined) {
      out += SIMPLE[c]
      i = j
    } else if (/[0-7]/.test(c)) {
      const digits = /^[0-7]{1,3}/.exec(s.slice(j))![0]
      out += String.fromCharCode(parseInt(digits, 8) & 0xff)
      i = j + digits.length - 1
    } else out += '\\'
  }
  return { text: out, stop: false }
}

export const DIALECT_BUILTINS = {
  test: (args: string[], sh: Shell, io: IO): Gen => testBuiltin('test', args, sh, io),
  '[': (args: string[], sh: Shell, io: IO): Gen => testBuiltin('[', args, sh, io),
  *echo(args: string[], sh: Shell, io: IO): Gen {
    if (sh.state.dialect !== 'dash') return yield* BASIC.echo(args, sh.ctx(io))
    io.out(dashEcho(args))
    return 0
  },
}

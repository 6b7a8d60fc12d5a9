import type { FileSystem } from './types.ts'
import { joinPath } from './fs.ts'

/**
 * `test`/`[` of the small shells: dash's builtin and busybox's applet. Both descend from the same
 * BSD parser (or, and, not, primary, with POSIX's rules for three and four arguments), so they
 * agree on what an expression means; they differ in `==` (a bashism busybox accepts and dash
 * does not) and in their words for a malformed one.
 */

export type TestFlavour = 'dash' | 'busybox'

const UNARY = new Set(
  [
    '-r',
    '-w',
    '-x',
    '-e',
    '-f',
    '-d',
    '-c',
    '-b',
    '-p',
    '-u',
    '-g',
    '-k',
    '-s',
    '-t',
    '-z',
    '-n',
  ].concat(['-h', '-O', '-G', '-L', '-S']),
)
const BINARY = new Set([
  '=',
  '!=',
  '<',
  '>',
  '-eq',
  '-ne',
  '-ge',
  '-gt',
  '-le',
  '-lt',
  '-nt',
  '-ot',
  '-ef',
])

type Token = 'unary' | 'binary' | 'not' | 'and' | 'or' | 'lparen' | 'rparen' | 'operand' | 'eoi'

/** The error a malformed expression ends with (the shell prints it with its own prefix). */
export class TestSyntaxError extends Error {}

/**
 * Evaluates the arguments after `test` (or between `[` and `]`). Returns the exit status: 0 when
 * the expression holds, 1 when it does not; throws TestSyntaxError for a malformed one (status 2).
 */
export function evalPosixTest(
  argv: string[],
  flavour: TestFlavour,
  env: { fs: FileSystem; cwd: string },
): number {
  const isBinary = (s: string | undefined): boolean =>
    s !== undefined && (BINARY.has(s) || (flavour === 'busybox' && s === '=='))
  const opType = (s: string): Token | undefined => {
    if (UNARY.has(s)) return 'unary'
    if (isBinary(s)) return 'binary'
    return ({ '!': 'not', '-a': 'and', '-o': 'or', '(': 'lparen', ')': 'rparen' } as const)[
      s as '!'
    ]
  }
  const syntax = (op: string | undefined, msg: string): never => {
    throw new TestSyntaxError(op ? `${op}: ${msg}` : msg)
  }
  const number = (s: string): number => {
    const t = s.trim()
    if (/^[-+]?\d+$/.test(t)) return Number(t)
    return flavour === 'dash' ? syntax(undefined, `Illegal number: ${s}`) : syntax(s, 'bad number')
  }
  let args = argv
  let wp = 0
  // Whether the token at `i` is an operator here: a unary operator followed by a binary one is
  // its left operand (`[ -f = x ]`), and `(` at the very end is a plain string.
  const lex = (i: number): Token => {
    const s = args[i]
    if (s === undefined) return 'eoi'
    const t = opType(s)
    if (t === undefined) return 'operand'
    if (t === 'unary' && isOperand(i)) return 'operand'
    if (t === 'lparen' && args[i + 1] === undefined) return 'operand'
    return t
  }
  const isOperand = (i: number): boolean => {
    if (args[i + 1] === undefined) return true
    if (args[i + 2] === undefined) return false
    return isBinary(args[i + 1])
  }
  const or = (n: Token): boolean => {
    let res = false
    for (;;) {
      res = and(n) || res
      if (lex(wp + 1) !== 'or') return res
      wp += 2
      n = lex(wp)
    }
  }
  const and = (n: Token): boolean => {
    let res = true
    for (;;) {
      if (!not(n)) res = false
      if (lex(wp + 1) !== 'and') return res
      wp += 2
      n = lex(wp)
    }
  }
  const not = (n: Token): boolean => {
    if (n !== 'not') return primary(n)
    const next = lex(wp + 1)
    if (next !== 'eoi') wp++
    return !not(next)
  }
  const primary = (n: Token): boolean => {
    if (n === 'eoi') return false
    if (n === 'lparen') {
      wp++
      const inner = lex(wp)
      if (inner === 'rparen') return false
      const res = or(inner)
      wp++
      if (lex(wp) !== 'rparen') syntax(undefined, 'closing paren expected')
      return res
    }
    if (n === 'unary') {
      const op = args[wp]
      wp++
      if (args[wp] === undefined) syntax(op, 'argument expected')
      return unary(op, args[wp])
    }
    if (lex(wp + 1) === 'binary') return binary()
    return args[wp] !== ''
  }
  const binary = (): boolean => {
    const a = args[wp]
    const op = args[++wp]
    const b = args[++wp]
    if (b === undefined) syntax(op, 'argument expected')
    switch (op) {
      case '=':
      case '==':
        return a === b
      case '!=':
        return a !== b
      case '<':
        return a < b
      case '>':
        return a > b
      case '-eq':
        return number(a) === number(b)
      case '-ne':
        return number(a) !== number(b)
      case '-ge':
        return number(a) >= number(b)
      case '-gt':
        return number(a) > number(b)
      case '-le':
        return number(a) <= number(b)
      case '-lt':
        return number(a) < number(b)
      default:
        // -nt, -ot, -ef compare file times and identities the file system does not keep.
        return false
    }
  }
  const unary = (op: string, a: string): boolean => {
    const { fs } = env
    const path = joinPath(env.cwd, a)
    switch (op) {
      case '-z':
        return a === ''
      case '-n':
        return a !== ''
      case '-t':
        number(a)
        return false
      case '-e':
      case '-r':
      case '-w':
        return fs.exists(path)
      case '-f':
        return fs.exists(path) && !fs.isDir(path)
      case '-d':
        return fs.isDir(path)
      case '-s':
        return fs.isDir(path) || (fs.read(path) ?? '').length > 0
      case '-x': {
        const st = (fs as { stat?: (p: string) => { mode: number } | undefined }).stat?.(path)
        return !!st && (st.mode & 0o111) !== 0
      }
      default:
        return false
    }
  }
  // POSIX's rules by argument count: `a OP b` is always a comparison, `! …` negates, and
  // `( x )` groups, before the general parser runs.
  let negate = false
  for (;;) {
    if (!args.length) return negate ? 0 : 1
    if (args.length === 3 && isBinary(args[1])) {
      wp = 0
      const res = binary()
      return res !== negate ? 0 : 1
    }
    if ((args.length === 3 || args.length === 4) && args[0] === '(' && args.at(-1) === ')') {
      args = args.slice(1, -1)
      break
    }
    if ((args.length === 3 || args.length === 4) && args[0] === '!') {
      negate = !negate
      args = args.slice(1)
      continue
    }
    break
  }
  wp = 0
  const res = or(lex(0))
  if (args[wp] !== undefined && args[wp + 1] !== undefined) {
    // dash names the last word it used; busybox the first one it could not.
    if (flavour === 'dash') syntax(args[wp], 'unexpected operator')
    throw new TestSyntaxError(`${args[wp + 1]}: unknown operand`)
  }
  return res !== negate ? 0 : 1
}

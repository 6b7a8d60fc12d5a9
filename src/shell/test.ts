import type { FileSystem } from './types.ts'
import { joinPath } from './fs.ts'
import { matchPattern } from './pattern.ts'

export interface TestOptions {
  fs: FileSystem
  cwd: string
  /** `[[ ]]`: patterns for the right side of `==`/`!=`, keyed by argument index. */
  patterns?: Map<number, string>
  /** `[[ ]]` syntax: `&&`, `||`, `=~`, `<`/`>` as string comparison. */
  extended?: boolean
}

const UNARY = new Set([
  '-e',
  '-f',
  '-d',
  '-s',
  '-r',
  '-w',
  '-x',
  '-L',
  '-h',
  '-z',
  '-n',
  '-a',
  '-b',
  '-c',
  '-p',
  '-S',
  '-t',
  '-g',
  '-u',
  '-k',
  '-O',
  '-G',
  '-N',
  '-v',
])
const BINARY = new Set([
  '=',
  '==',
  '!=',
  '<',
  '>',
  '-eq',
  '-ne',
  '-lt',
  '-le',
  '-gt',
  '-ge',
  '=~',
  '-nt',
  '-ot',
  '-ef',
])

/**
 * Evaluates `test`/`[`/`[[` arguments. Returns the truth value, or an error message worded like
 * bash's (without the `bash: [: ` prefix's shell name, which the caller adds).
 */
export function evalTest(args: string[], o: TestOptions): boolean | string {
  let i = 0
  const orOp = o.extended ? '||' : '-o'
  const andOp = o.extended ? '&&' : '-a'
  const fail = (msg: string): never => {
    throw new TestError(msg)
  }
  const file = (p: string): string => joinPath(o.cwd, p)
  const int = (s: string): number => {
    const t = s.trim()
    if (!/^[-+]?\d+$/.test(t)) fail(`${s}: integer expression expected`)
    return Number(t)
  }
  const unary = (op: string, a: string): boolean => {
    const fs = o.fs
    switch (op) {
      case '-z':
        return a === ''
      case '-n':
        return a !== ''
      case '-e':
      case '-a':
        return fs.exists(file(a))
      case '-f':
        return fs.exists(file(a)) && !fs.isDir(file(a))
      case '-d':
        return fs.isDir(file(a))
      case '-s':
        return (fs.read(file(a)) ?? '').length > 0 || fs.isDir(file(a))
      case '-r':
      case '-w':
        return fs.exists(file(a))
      case '-x': {
        const st = (fs as { stat?: (p: string) => { mode: number } | undefined }).stat?.(file(a))
        return !!st && (st.mode & 0o111) !== 0
      }
      case '-t':
        return false
      default:
        return false
    }
  }
  const binary = (a: string, op: string, b: string, idx: number): boolean => {
    switch (op) {
      case '=':
      case '==':
      case '!=': {
        const pat = o.patterns?.get(idx)
        const eq = pat !== undefined ? matchPattern(pat, a) : a === b
        return op === '!=' ? !eq : eq
      }
      case '<':
        return a < b
      case '>':
        return a > b
      case '=~':
        try {
          return new RegExp(b).test(a)
        } catch {
          return fail(`${b}: invalid regular expression`)
        }
      case '-eq':
        return int(a) === int(b)
      case '-ne':
        return int(a) !== int(b)
      case '-lt':
        return int(a) < int(b)
      case '-le':
        return int(a) <= int(b)
      case '-gt':
        return int(a) > int(b)
      case '-ge':
        return int(a) >= int(b)
      default:
        return false
    }
  }
  const primary = (): boolean => {
    const a = args[i]
    if (a === undefined) return fail('argument expected')
    if (a === '!' && i + 1 < args.length) {
      i++
      return !primary()
    }
    if (a === '(' && i + 1 < args.length) {
      i++
      const v = or()
      if (args[i] !== ')') fail(`\`)' expected`)
      i++
      return v
    }
    if (UNARY.has(a) && i + 1 < args.length && !BINARY.has(args[i + 1] ?? '')) {
      i += 2
      return unary(a, args[i - 1])
    }
    if (i + 2 < args.length + 0 && BINARY.has(args[i + 1])) {
      i += 3
      return binary(a, args[i - 2], args[i - 1], i - 1)
    }
    if (BINARY.has(args[i + 1] ?? '') && i + 2 >= args.length)
      fail(`${args[i + 1]}: unary operator expected`)
    i++
    return a !== ''
  }
  const and = (): boolean => {
    let v = primary()
    while (args[i] === andOp) {
      i++
      const r = primary()
      v = v && r
    }
    return v
  }
  const or = (): boolean => {
    let v = and()
    while (args[i] === orOp) {
      i++
      const r = and()
      v = v || r
    }
    return v
  }
  try {
    if (!args.length) return false
    const v = or()
    if (i < args.length)
      return args.length > 3 ? 'too many arguments' : `${args[i]}: binary operator expected`
    return v
  } catch (e) {
    if (e instanceof TestError) return e.message
    throw e
  }
}

class TestError extends Error {}

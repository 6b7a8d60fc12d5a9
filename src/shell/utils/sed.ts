import type { CommandContext } from '../types.ts'
import { fail, lines, type Gen } from './common.ts'
import { posixToJs } from './regex.ts'

type Addr = { line: number } | { last: true } | { re: RegExp }
interface SedCmd {
  a1?: Addr
  a2?: Addr
  neg: boolean
  name: string
  re?: RegExp
  rep?: string
  global?: boolean
  nth?: number
  print?: boolean
  text?: string
  from?: string
  to?: string
  /** For ranges: whether the range is open. */
  active?: boolean
}

class SedError extends Error {}

/** GNU sed's everyday subset: s///, p, d, q, =, a, i, c, y; addresses n, $, /re/, ranges, !; -n -e -i -E. */
export function* sed(args: string[], ctx: CommandContext): Gen {
  const scripts: string[] = []
  const files: string[] = []
  let quiet = false
  let inPlace: string | undefined
  let extended = false
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (a === '-n' || a === '--quiet' || a === '--silent') quiet = true
    else if (a === '-e' || a === '--expression') scripts.push(args[++i] ?? '')
    else if (a.startsWith('-i') || a.startsWith('--in-place'))
      inPlace = a.startsWith('-i') ? a.slice(2) : a.slice(11)
    else if (a === '-E' || a === '-r' || a === '--regexp-extended') extended = true
    else if (/^-[nEr]+$/.test(a)) {
      if (a.includes('n')) quiet = true
      if (a.includes('E') || a.includes('r')) extended = true
    } else files.push(a)
  }
  if (!scripts.length) {
    const s = files.shift()
    if (s === undefined)
      return yield* fail(
        ctx,
        `Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n`,
        1,
      )
    scripts.push(s)
  }
  let prog: SedCmd[]
  try {
    prog = scripts.flatMap((s, i) => compile(s, i + 1, extended))
  } catch (e) {
    if (e instanceof SedError) return yield* fail(ctx, `sed: ${e.message}`, 1)
    throw e
  }
  if (inPlace !== undefined) {
    if (!files.length) return yield* fail(ctx, 'sed: no input files', 1)
    let code = 0
    for (const f of files) {
      const path = ctx.resolve(f)
      const text = ctx.fs.read(path)
      if (text === undefined) {
        ctx.io.err(`sed: can't read ${f}: No such file or directory\n`)
        code = 2
        continue
      }
      if (inPlace) ctx.fs.write(path + inPlace, text)
      ctx.fs.write(path, run(prog, text, quiet))
    }
    return code
  }
  let text = ''
  let code = 0
  for (const f of files.length ? files : ['-']) {
    if (f === '-') {
      text += ctx.io.stdin
      continue
    }
    const t = ctx.fs.read(ctx.resolve(f))
    if (t === undefined) {
      ctx.io.err(`sed: can't read ${f}: No such file or directory\n`)
      code = 2
    } else text += t
  }
  ctx.io.out(run(prog, text, quiet))
  return code
}

function compile(src: string, exprNo: number, extended: boolean): SedCmd[] {
  const cmds: SedCmd[] = []
  let i = 0
  const err = (msg: string): never => {
    throw new SedError(`-e expression #${exprNo}, char ${i}: ${msg}`)
  }
  const skipWs = (): void => {
    while (i < src.length && /[ \t]/.test(src[i])) i++
  }
  const delimited = (delim: string): string => {
    let s = ''
    while (i < src.length && src[i] !== delim) {
      if (src[i] === '\\' && i + 1 < src.length) {
        s += src[i + 1] === delim ? delim : src[i] + src[i + 1]
        i += 2
      } else s += src[i++]
    }
    if (i >= src.length) return err(`unterminated \`s' command`)
    i++
    return s
  }
  const regex = (s: string, flags = ''): RegExp => {
    try {
      return new RegExp(posixToJs(s, extended), flags)
    } catch {
      return err('Invalid preceding regular expression')
    }
  }
  const addr = (): Addr | undefined => {
    const m = /^\d+/.exec(src.slice(i))
    if (m) {
      i += m[0].length
      return { line: Number(m[0]) }
    }
    if (src[i] === '$') {
      i++
      return { last: true }
    }
    if (src[i] === '/' || src[i] === '\\') {
      const d = src[i] === '\\' ? src[++i] : '/'
      i++
      const body = delimited(d)
      let flags = ''
      if (src[i] === 'I') {
        flags = 'i'
        i++
      }
      return { re: regex(body, flags) }
    }
    return undefined
  }
  while (i < src.length) {
    skipWs()
    if (src[i] === ';' || src[i] === '\n') {
      i++
      continue
    }
    if (i >= src.length) break
    const c: SedCmd = { neg: false, name: '' }
    c.a1 = addr()
    if (c.a1 && src[i] === ',') {
      i++
      c.a2 = addr() ?? err("unexpected `,'")
    }
    skipWs()
    if (src[i] === '!') {
      c.neg = true
      i++
      skipWs()
    }
    const name = src[i++]
    if (name === undefined) err('missing command')
    c.name = name
    if (name === 's') {
      const d = src[i++]
      const pat = delimited(d)
      const rep = delimited(d)
      let flags = ''
      c.global = false
      while (i < src.length && /[gpiIe0-9]/.test(src[i])) {
        const f = src[i++]
        if (f === 'g') c.global = true
        else if (f === 'p') c.print = true
        else if (f === 'i' || f === 'I') flags += 'i'
        else if (/\d/.test(f)) c.nth = Number(f)
      }
      c.re = pat === '' ? undefined : regex(pat, 'g' + flags)
      c.rep = rep
    } else if (name === 'y') {
      const d = src[i++]
      c.from = delimited(d)
      c.to = delimited(d)
      if ([...c.from].length !== [...c.to].length)
        err("strings for `y' command are different lengths")
    } else if (name === 'a' || name === 'i' || name === 'c') {
      if (src[i] === '\\') i++
      if (src[i] === '\n') i++
      skipWs()
      const end = src.indexOf('\n', i)
      c.text = src.slice(i, end < 0 ? src.length : end)
      i = end < 0 ? src.length : end
    } else if (!'pdqQ=nNhHgGxlz{}'.includes(name)) err(`unknown command: \`${name}'`)
    cmds.push(c)
  }
  return cmds
}

function matches(a: Addr, line: string, n: number, last: boolean): boolean {
  if ('line' in a) return a.line === n
  if ('last' in a) return last
  a.re.lastIndex = 0
  return a.re.test(line)
}

function selected(c: SedCmd, line: string, n: number, last: boolean): boolean {
  let hit: boolean
  if (!c.a1) hit = true
  else if (!c.a2) hit = matches(c.a1, line, n, last)
  else if (c.active) {
    hit = true
    if ('line' in c.a2 ? n >= c.a2.line : matches(c.a2, line, n, last)) c.active = false
  } else if (matches(c.a1, line, n, last)) {
    hit = true
    c.active = !('line' in c.a2 && c.a2.line <= n)
  } else hit = false
  return hit !== c.neg
}

function substitute(
  c: SedCmd,
  line: string,
  lastRe: RegExp | undefined,
): { out: string; done: boolean } {
  const re = c.re ?? lastRe
  if (!re) return { out: line, done: false }
  let count = 0
  let done = false
  re.lastIndex = 0
  const out = line.replace(re, (...m) => {
    count++
    if (c.nth ? count !== c.nth : !c.global && count > 1) return m[0]
    done = true
    const groups = m.slice(1, -2) as (string | undefined)[]
    return (c.rep ?? '').replace(/\\([0-9n&\\])|&/g, (t, g: string | undefined) => {
      if (t === '&') return m[0]
      if (g === 'n') return '\n'
      if (g === '&') return '&'
      if (g === '\\') return '\\'
      if (g === '0') return m[0]
      return groups[Number(g) - 1] ?? ''
    })
  })
  return { out, done }
}

function run(prog: SedCmd[], text: string, quiet: boolean): string {
  const ls = lines(text)
  const trailingNl = text.endsWith('\n')
  let out = ''
  let lastRe: RegExp | undefined
  for (const c of prog) c.active = false
  for (let n = 1; n <= ls.length; n++) {
    let line = ls[n - 1]
    const last = n === ls.length
    let deleted = false
    let quit = false
    let append = ''
    for (const c of prog) {
      if (!selected(c, line, n, last)) continue
      if (c.name === 's') {
        const r = substitute(c, line, lastRe)
        if (c.re) lastRe = c.re
        line = r.out
        if (r.done && c.print) out += line + '\n'
      } else if (c.name === 'p') out += line + '\n'
      else if (c.name === 'd') {
        deleted = true
        break
      } else if (c.name === '=') out += n + '\n'
      else if (c.name === 'a') append += c.text + '\n'
      else if (c.name === 'i') out += c.text + '\n'
      else if (c.name === 'c') {
        if (!c.a2 || !c.active) out += c.text + '\n'
        deleted = true
        break
      } else if (c.name === 'y') {
        const from = [...(c.from ?? '')]
        const to = [...(c.to ?? '')]
        line = [...line].map((ch) => (from.includes(ch) ? to[from.indexOf(ch)] : ch)).join('')
      } else if (c.name === 'q' || c.name === 'Q') {
        quit = true
        if (c.name === 'Q') deleted = true
        break
      }
    }
    if (!deleted && !quiet) out += line + (last && !trailingNl ? '' : '\n')
    out += append
    if (quit) break
  }
  return out
}

/* eslint-disable require-yield -- commands are generators by contract, also those that never wait */
import type { ParamPart, Script, Word, WordPart } from './ast.ts'
import type { Effect, FileSystem } from './types.ts'
import { ArithError, evalArith } from './arith.ts'
import { escapePattern, hasGlobChars, patternSource } from './pattern.ts'
import { globPaths } from './glob.ts'

/** An expansion error: bash prints `bash: <message>` and the command fails with status 1. */
export class ExpandError extends Error {}

export interface Expander {
  get(name: string): string | undefined
  set(name: string, value: string): void
  positional(): string[]
  /** `$?`, `$$`, `$!`, `$-`, `$0`. */
  special(name: string): string
  /** Runs a command substitution and returns its standard output. */
  subst(script: Script): Generator<Effect, string, void>
  fs: FileSystem
  cwd: string
  /** `set -u`: expanding an unset variable is an error. */
  nounset?: boolean
}

type Gen<T> = Generator<Effect, T, void>

/** A field under construction: chunks remember whether they were quoted (no globbing). */
interface Chunk {
  s: string
  q: boolean
}

/** Expands words into fields: brace, tilde, parameter, command and arithmetic expansion, splitting, globbing. */
export function* expandWords(words: Word[], x: Expander): Gen<string[]> {
  const out: string[] = []
  for (const w0 of words) {
    // Most words are plain text: no expansion, splitting or globbing to do.
    const only = w0.parts.length === 1 ? w0.parts[0] : undefined
    if (only?.t === 'sq' || (only?.t === 'lit' && !/[{*?[]/.test(only.v))) {
      out.push(only.v)
      continue
    }
    for (const w of braceExpand(w0)) {
      const fields = yield* fieldsOf(w, x)
      for (const f of fields) {
        const pat = f.some((c) => !c.q)
          ? f.map((c) => (c.q ? escapePattern(c.s) : c.s)).join('')
          : ''
        if (pat && hasGlobChars(pat)) {
          const matches = globPaths(x.fs, x.cwd, pat)
          if (matches.length) {
            out.push(...matches)
            continue
          }
        }
        out.push(f.map((c) => c.s).join(''))
      }
    }
  }
  return out
}

/** Expands a word to one string without splitting or globbing (assignments, redirect targets, heredocs). */
export function* expandString(w: Word, x: Expander): Gen<string> {
  let s = ''
  for (const p of w.parts) s += yield* partString(p, x)
  return s
}

/** Expands a word into a pattern: quoted characters are escaped, unquoted ones stay special. */
export function* expandPattern(w: Word, x: Expander): Gen<string> {
  let s = ''
  for (const p of w.parts) {
    const v = yield* partString(p, x)
    s += p.t === 'lit' || p.t === 'param' || p.t === 'cmd' || p.t === 'arith' ? v : escapePattern(v)
  }
  return s
}

function* fieldsOf(w: Word, x: Expander): Gen<Chunk[][]> {
  const fields: Chunk[][] = []
  let cur: Chunk[] | undefined
  const push = (s: string, q: boolean): void => {
    cur ??= []
    cur.push({ s, q })
  }
  const end = (): void => {
    if (cur) fields.push(cur)
    cur = undefined
  }
  for (const p of w.parts) {
    if (p.t === 'lit') push(p.v, false)
    else if (p.t === 'sq') push(p.v, true)
    else if (p.t === 'tilde') push(tilde(p.user, x), true)
    else if (p.t === 'dq') {
      const at = p.parts.findIndex((q) => q.t === 'param' && q.name === '@' && !q.op && !q.length)
      if (at >= 0) {
        let before = ''
        for (const q of p.parts.slice(0, at)) before += yield* partString(q, x)
        let after = ''
        for (const q of p.parts.slice(at + 1)) after += yield* partString(q, x)
        const args = x.positional()
        if (!args.length) {
          if (before || after) push(before + after, true)
          continue
        }
        args.forEach((a, i) => {
          if (i > 0) end()
          push((i === 0 ? before : '') + a + (i === args.length - 1 ? after : ''), true)
        })
        continue
      }
      let s = ''
      for (const q of p.parts) s += yield* partString(q, x)
      push(s, true)
    } else {
      const values =
        p.t === 'param' && (p.name === '@' || p.name === '*') && !p.op && !p.length
          ? x.positional()
          : [yield* partString(p, x)]
      const ifs = x.get('IFS') ?? ' \t\n'
      for (const [vi, v] of values.entries()) {
        if (vi > 0) end()
        const { pieces, lead, trail } = splitIFS(v, ifs)
        if (lead) end()
        pieces.forEach((piece, i) => {
          if (i > 0) end()
          push(piece, false)
        })
        if (trail) end()
      }
    }
  }
  end()
  return fields
}

interface IfsRegexes {
  lead?: RegExp
  trail?: RegExp
  trim?: RegExp
  sep: RegExp
  endsWithOther?: RegExp
}

const ifsCache = new Map<string, IfsRegexes>()

/** The regular expressions for one IFS value, built once: expansion runs for every word. */
function ifsRegexes(ifs: string): IfsRegexes {
  let r = ifsCache.get(ifs)
  if (r) return r
  const cls = (cs: string[]): string =>
    cs.length
      ? `[${cs.map((c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0')).join('')}]`
      : ''
  const ws = cls([...ifs].filter((c) => ' \t\n'.includes(c)))
  const oth = cls([...ifs].filter((c) => !' \t\n'.includes(c)))
  const alts: string[] = []
  if (oth) alts.push(ws ? `${ws}*${oth}${ws}*` : oth)
  if (ws) alts.push(`${ws}+`)
  r = {
    lead: ws ? new RegExp('^' + ws) : undefined,
    trail: ws ? new RegExp(ws + '$') : undefined,
    trim: ws ? new RegExp(`^${ws}+|${ws}+$`, 'g') : undefined,
    sep: new RegExp(alts.join('|')),
    endsWithOther: oth ? new RegExp(`${oth}$`) : undefined,
  }
  if (ifsCache.size < 32) ifsCache.set(ifs, r)
  return r
}

/** IFS splitting of one unquoted expansion result, and whether it began or ended at a separator. */
function splitIFS(v: string, ifs: string): { pieces: string[]; lead: boolean; trail: boolean } {
  if (v === '') return { pieces: [], lead: false, trail: false }
  if (!ifs) return { pieces: [v], lead: false, trail: false }
  const r = ifsRegexes(ifs)
  const lead = !!r.lead?.test(v)
  const trail = !!r.trail?.test(v)
  const body = r.trim ? v.replace(r.trim, '') : v
  if (body === '') return { pieces: [], lead: true, trail: true }
  const pieces = body.split(r.sep)
  if (r.endsWithOther?.test(body)) pieces.pop()
  return { pieces, lead, trail }
}

function tilde(user: string, x: Expander): string {
  if (user === '') return x.get('HOME') ?? '/root'
  if (user === 'root') return '/root'
  if (user === '+') return x.cwd
  return '~' + user
}

function* partString(p: WordPart, x: Expander): Gen<string> {
  switch (p.t) {
    case 'lit':
    case 'sq':
      return p.v
    case 'tilde':
      return tilde(p.user, x)
    case 'dq': {
      let s = ''
      for (const q of p.parts) s += yield* partString(q, x)
      return s
    }
    case 'cmd': {
      const out = yield* x.subst(p.body)
      return out.replace(/\n+$/, '')
    }
    case 'arith': {
      const src = yield* expandString(p.expr, x)
      try {
        return String(evalArith(src, x))
      } catch (e) {
        if (e instanceof ArithError) throw new ExpandError(e.message)
        throw e
      }
    }
    case 'param':
      return yield* param(p, x)
  }
}

function value(name: string, x: Expander): string | undefined {
  if (name === '@' || name === '*')
    return x.positional().join(name === '*' ? ((x.get('IFS') ?? ' ')[0] ?? '') : ' ')
  if (name === '#') return String(x.positional().length)
  if (/^\d+$/.test(name) && name !== '0') return x.positional()[Number(name) - 1]
  if ('?$!-0'.includes(name) && name.length === 1) return x.special(name)
  return x.get(name)
}

function* param(p: ParamPart, x: Expander): Gen<string> {
  const v = value(p.name, x)
  if (p.length)
    return String(p.name === '@' || p.name === '*' ? x.positional().length : [...(v ?? '')].length)
  if (!p.op) {
    if (v === undefined && x.nounset && /^([A-Za-z_]\w*|[1-9]\d*)$/.test(p.name))
      throw new ExpandError(`${p.name}: unbound variable`)
    return v ?? ''
  }
  const arg = (): Gen<string> => (p.arg ? expandString(p.arg, x) : emptyGen())
  const unsetOrNull = v === undefined || (p.op.startsWith(':') && v === '')
  switch (p.op) {
    case '-':
    case ':-':
      return unsetOrNull ? yield* arg() : (v ?? '')
    case '=':
    case ':=':
      if (unsetOrNull) {
        const d = yield* arg()
        x.set(p.name, d)
        return d
      }
      return v ?? ''
    case '+':
    case ':+':
      return unsetOrNull ? '' : yield* arg()
    case '?':
    case ':?':
      if (unsetOrNull) {
        const msg = yield* arg()
        throw new ExpandError(
          `${p.name}: ${msg || (v === undefined ? 'parameter null or not set' : 'parameter null or not set')}`,
        )
      }
      return v ?? ''
    case '#':
    case '##':
    case '%':
    case '%%': {
      const pat = p.arg ? yield* expandPattern(p.arg, x) : ''
      return removeAffix(v ?? '', pat, p.op)
    }
    case '/':
    case '//': {
      const pat = p.arg ? yield* expandPattern(p.arg, x) : ''
      const rep = p.rep ? yield* expandString(p.rep, x) : ''
      return replace(v ?? '', pat, rep, p.op === '//')
    }
    case ':': {
      const spec = yield* arg()
      const [off, len] = spec.split(':').map((s) => (s.trim() ? evalArith(s, x) : 0))
      const chars = [...(v ?? '')]
      const start = off < 0 ? Math.max(0, chars.length + off) : off
      const hasLen = spec.includes(':')
      const end = !hasLen ? chars.length : len < 0 ? chars.length + len : start + len
      return chars.slice(start, end).join('')
    }
    case '^':
    case ',': {
      const all = p.arg && p.arg.parts.length > 0
      const s = v ?? ''
      const f = p.op === '^' ? (c: string) => c.toUpperCase() : (c: string) => c.toLowerCase()
      return all ? f(s) : f(s.slice(0, 1)) + s.slice(1)
    }
  }
  throw new ExpandError(`\${${p.name}${p.op}}: bad substitution`)
}

function* emptyGen(): Gen<string> {
  return ''
}

function removeAffix(v: string, pat: string, op: string): string {
  const src = patternSource(pat)
  if (op === '#' || op === '##') {
    const lens: number[] = []
    for (let i = 0; i <= v.length; i++)
      if (new RegExp('^(?:' + src + ')$').test(v.slice(0, i))) lens.push(i)
    if (!lens.length) return v
    return v.slice(op === '#' ? lens[0] : lens[lens.length - 1])
  }
  const starts: number[] = []
  for (let i = v.length; i >= 0; i--)
    if (new RegExp('^(?:' + src + ')$').test(v.slice(i))) starts.push(i)
  if (!starts.length) return v
  return v.slice(0, op === '%' ? starts[0] : starts[starts.length - 1])
}

function replace(v: string, pat: string, rep: string, all: boolean): string {
  let anchor = ''
  if (pat.startsWith('#') || pat.startsWith('%')) {
    anchor = pat[0]
    pat = pat.slice(1)
  }
  if (!pat) return v
  const src = patternSource(pat)
  const re =
    anchor === '#'
      ? new RegExp('^(?:' + src + ')')
      : anchor === '%'
        ? new RegExp('(?:' + src + ')$')
        : new RegExp(src, all ? 'g' : '')
  return v.replace(re, () => rep)
}

export function literalText(w: Word): string | undefined {
  if (w.parts.length === 1 && w.parts[0].t === 'lit') return w.parts[0].v
  return undefined
}

/** Brace expansion (`{a,b}`, `{1..5}`, `{a..e}`) within unquoted text of a word. */
export function braceExpand(w: Word): Word[] {
  if (!w.parts.some((p) => p.t === 'lit' && p.v.includes('{'))) return [w]
  for (let pi = 0; pi < w.parts.length; pi++) {
    const p = w.parts[pi]
    if (p.t !== 'lit') continue
    const m = findBrace(p.v)
    if (!m) continue
    const [start, end, alts] = m
    const out: Word[] = []
    for (const alt of alts) {
      const lit = p.v.slice(0, start) + alt + p.v.slice(end + 1)
      const parts = [
        ...w.parts.slice(0, pi),
        ...(lit ? [{ t: 'lit' as const, v: lit }] : []),
        ...w.parts.slice(pi + 1),
      ]
      out.push(...braceExpand({ parts }))
    }
    return out
  }
  return [w]
}

function findBrace(s: string): [number, number, string[]] | undefined {
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '{' || (i > 0 && s[i - 1] === '$')) continue
    let depth = 0
    const commas: number[] = []
    for (let j = i; j < s.length; j++) {
      if (s[j] === '{') depth++
      else if (s[j] === '}') {
        depth--
        if (depth === 0) {
          const body = s.slice(i + 1, j)
          if (commas.length) {
            const alts: string[] = []
            let prev = i + 1
            for (const c of commas) {
              alts.push(s.slice(prev, c))
              prev = c + 1
            }
            alts.push(s.slice(prev, j))
            return [i, j, alts]
          }
          const seq = sequence(body)
          if (seq) return [i, j, seq]
          break
        }
      } else if (s[j] === ',' && depth === 1) commas.push(j)
    }
  }
  return undefined
}

function sequence(body: string): string[] | undefined {
  const n = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(body)
  if (n) {
    const a = Number(n[1])
    const b = Number(n[2])
    const step = Math.abs(Number(n[3] ?? 1)) || 1
    const width =
      /^-?0\d/.test(n[1]) || /^-?0\d/.test(n[2]) ? Math.max(n[1].length, n[2].length) : 0
    const out: string[] = []
    for (let v = a; a <= b ? v <= b : v >= b; v += a <= b ? step : -step)
      out.push(width ? String(v).padStart(width, '0') : String(v))
    return out
  }
  const c = /^([a-zA-Z])\.\.([a-zA-Z])$/.exec(body)
  if (c) {
    const a = c[1].charCodeAt(0)
    const b = c[2].charCodeAt(0)
    const out: string[] = []
    for (let v = a; a <= b ? v <= b : v >= b; v += a <= b ? 1 : -1) out.push(String.fromCharCode(v))
    return out
  }
  return undefined
}

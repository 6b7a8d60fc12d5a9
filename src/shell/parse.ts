import type { AndOr, Assign, Command, Pipeline, Redir, RedirOp, Script, Word } from './ast.ts'
import { Lexer, nested, ParseError, plainText, type Token } from './lexer.ts'

export { ParseError } from './lexer.ts'

const RESERVED = new Set([
  'if',
  'then',
  'elif',
  'else',
  'fi',
  'do',
  'done',
  'case',
  'esac',
  'while',
  'until',
  'for',
  'in',
  '{',
  '}',
  '!',
  'function',
  '[[',
  ']]',
])
/** Words that open a compound command (each one nests the parse a level deeper). */
const COMPOUND = new Set(['{', 'if', 'while', 'until', 'for', 'case', 'function', '[['])
const REDIR_OPS = new Set(['>', '>>', '<', '>&', '<&', '&>', '&>>', '<<', '<<-', '<<<', '>|', '<>'])

/** Parses a whole script (or command line) into statements. Throws ParseError with bash's wording. */
export function parse(src: string): Script {
  const p = new Parser(src, 0)
  const script = p.list([])
  const t = p.peek()
  if (t.k !== 'eof') throw p.unexpected(t)
  return script
}

const subParser = (src: string, pos: number, whole = false): { script: Script; end: number } => {
  const p = new Parser(src, pos)
  const script = p.list([])
  const t = p.peek()
  if (whole && t.k === 'eof') return { script, end: t.end }
  if (t.k === 'eof')
    throw new ParseError("bash: unexpected EOF while looking for matching `)'", true)
  if (t.k !== 'op' || t.v !== ')') throw p.unexpected(t)
  return { script, end: t.end }
}

class Parser {
  private lx: Lexer
  private buf: Token | undefined

  constructor(
    readonly src: string,
    pos: number,
  ) {
    this.lx = new Lexer(src, subParser, pos)
  }

  peek(): Token {
    this.buf ??= this.lx.next()
    return this.buf
  }

  take(): Token {
    const t = this.peek()
    this.buf = undefined
    return t
  }

  unexpected(t: Token): ParseError {
    if (t.k === 'eof') return new ParseError('bash: syntax error: unexpected end of file', true)
    const text = t.k === 'nl' ? 'newline' : t.k === 'op' ? t.v : t.raw
    return new ParseError(`bash: syntax error near unexpected token \`${text}'`, false)
  }

  private isWord(t: Token, w: string): boolean {
    return t.k === 'word' && t.raw === w
  }

  private skipNl(): void {
    while (this.peek().k === 'nl') this.take()
  }

  /** A statement list, ending before EOF, `)`, `;;` or one of the reserved words in `stops`. */
  list(stops: string[]): Script {
    const out: AndOr[] = []
    for (;;) {
      this.skipNl()
      const t = this.peek()
      if (t.k === 'eof') break
      if (t.k === 'op' && (t.v === ')' || t.v.startsWith(';;') || t.v === ';&')) break
      if (t.k === 'word' && stops.includes(t.raw)) break
      const stmt = this.andOr()
      out.push(stmt)
      const sep = this.peek()
      if (sep.k === 'op' && (sep.v === ';' || sep.v === '&')) {
        this.take()
        if (sep.v === '&') stmt.background = true
      } else if (sep.k === 'nl' || sep.k === 'eof') continue
      else if (sep.k === 'op' && (sep.v === ')' || sep.v.startsWith(';;') || sep.v === ';&')) break
      else if (sep.k === 'word' && stops.includes(sep.raw)) break
      else throw this.unexpected(sep)
    }
    return out
  }

  /** A list that must hold at least one command (bodies of if, loops and groups). */
  private body(stops: string[]): Script {
    const l = this.list(stops)
    if (!l.length) throw this.unexpected(this.peek())
    return l
  }

  private andOr(): AndOr {
    const start = this.peek().start
    const first = this.pipeline()
    const rest: AndOr['rest'] = []
    for (;;) {
      const t = this.peek()
      if (t.k !== 'op' || (t.v !== '&&' && t.v !== '||')) break
      this.take()
      this.skipNl()
      rest.push({ op: t.v, pipe: this.pipeline() })
    }
    const next = this.peek()
    const text = this.src.slice(start, next.k === 'nl' ? next.end : next.start).trimEnd()
    return { first, rest, background: false, text }
  }

  private pipeline(): Pipeline {
    let bang = false
    if (this.isWord(this.peek(), '!')) {
      this.take()
      bang = true
    }
    const cmds = [this.command()]
    for (;;) {
      const t = this.peek()
      if (t.k !== 'op' || (t.v !== '|' && t.v !== '|&')) break
      this.take()
      if (t.v === '|&') {
        const prev = cmds[cmds.length - 1]
        if ('redirs' in prev)
          prev.redirs.push({ fd: 2, op: '>&', target: { parts: [{ t: 'lit', v: '1' }] } })
      }
      this.skipNl()
      cmds.push(this.command())
    }
    return { bang, cmds }
  }

  private command(): Command {
    const t = this.peek()
    const compound = t.k === 'op' ? t.v === '(' : t.k === 'word' && COMPOUND.has(t.raw)
    if (!compound) return this.commandAt(t)
    return nested(
      () => (t.k === 'op' ? t.v : (t as { raw: string }).raw),
      () => this.commandAt(t),
    )
  }

  private commandAt(t: Token): Command {
    if (t.k === 'op' && t.v === '(') {
      this.take()
      if (this.src[t.end] === '(') return this.arithCommand(t.end + 1)
      const body = this.list([])
      this.expectOp(')')
      return { t: 'subshell', body, redirs: this.redirs() }
    }
    if (t.k === 'word') {
      switch (t.raw) {
        case '{': {
          this.take()
          const body = this.body(['}'])
          this.expectWord('}')
          return { t: 'group', body, redirs: this.redirs() }
        }
        case 'if':
          return this.ifCommand()
        case 'while':
        case 'until':
          return this.whileCommand(t.raw === 'until')
        case 'for':
          return this.forCommand()
        case 'case':
          return this.caseCommand()
        case 'function':
          return this.functionDef()
        case '[[':
          return this.testCommand()
        case 'then':
        case 'elif':
        case 'else':
        case 'fi':
        case 'do':
        case 'done':
        case 'esac':
        case '}':
        case 'in':
          throw this.unexpected(t)
      }
    }
    if (t.k !== 'word' && !(t.k === 'op' && REDIR_OPS.has(t.v))) throw this.unexpected(t)
    return this.simple()
  }

  private expectOp(v: string): void {
    const t = this.take()
    if (t.k !== 'op' || t.v !== v) throw this.unexpected(t)
  }

  private expectWord(w: string): void {
    const t = this.take()
    if (!this.isWord(t, w)) throw this.unexpected(t)
  }

  private arithCommand(from: number): Command {
    let depth = 0
    let i = from
    for (; i < this.src.length; i++) {
      if (this.src[i] === '(') depth++
      else if (this.src[i] === ')') {
        if (depth === 0 && this.src[i + 1] === ')') break
        depth = Math.max(0, depth - 1)
      }
    }
    if (i >= this.src.length)
      throw new ParseError("bash: unexpected EOF while looking for matching `)'", true)
    const expr = new Lexer(this.src.slice(from, i), subParser).readUntil('heredoc')
    this.lx = new Lexer(this.src, subParser, i + 2)
    this.buf = undefined
    return { t: 'arith', expr, redirs: this.redirs() }
  }

  private ifCommand(): Command {
    this.take()
    const clauses: { cond: Script; body: Script }[] = []
    let otherwise: Script | undefined
    for (;;) {
      const cond = this.body(['then'])
      this.expectWord('then')
      const body = this.body(['elif', 'else', 'fi'])
      clauses.push({ cond, body })
      const t = this.take()
      if (this.isWord(t, 'elif')) continue
      if (this.isWord(t, 'else')) {
        otherwise = this.body(['fi'])
        this.expectWord('fi')
      } else if (!this.isWord(t, 'fi')) throw this.unexpected(t)
      break
    }
    return { t: 'if', clauses, otherwise, redirs: this.redirs() }
  }

  private doGroup(): Script {
    this.skipNl()
    this.expectWord('do')
    const body = this.body(['done'])
    this.expectWord('done')
    return body
  }

  private whileCommand(until: boolean): Command {
    this.take()
    const cond = this.body(['do'])
    const body = this.doGroup()
    return { t: 'while', until, cond, body, redirs: this.redirs() }
  }

  private forCommand(): Command {
    this.take()
    const t = this.peek()
    if (t.k === 'op' && t.v === '(' && this.src[t.end] === '(') {
      const close = this.src.indexOf('))', t.end)
      if (close < 0)
        throw new ParseError("bash: unexpected EOF while looking for matching `)'", true)
      const parts = this.src.slice(t.end + 1, close).split(';')
      if (parts.length !== 3) throw new ParseError("bash: syntax error: `;' unexpected", false)
      const [init, cond, step] = parts.map((x) => new Lexer(x, subParser).readUntil('heredoc'))
      this.lx = new Lexer(this.src, subParser, close + 2)
      this.buf = undefined
      if (this.peek().k === 'op' && (this.peek() as { v: string }).v === ';') this.take()
      const body = this.doGroup()
      return { t: 'cfor', init, cond, step, body, redirs: this.redirs() }
    }
    const nameTok = this.take()
    if (nameTok.k !== 'word' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(nameTok.raw))
      throw new ParseError(
        `bash: \`${nameTok.k === 'word' ? nameTok.raw : ''}': not a valid identifier`,
        false,
      )
    this.skipNl()
    let items: Word[] | undefined
    if (this.isWord(this.peek(), 'in')) {
      this.take()
      items = []
      for (;;) {
        const w = this.peek()
        if (w.k !== 'word') break
        this.take()
        items.push(w.w)
      }
    }
    const sep = this.peek()
    if (sep.k === 'op' && sep.v === ';') this.take()
    else if (sep.k !== 'nl' && !this.isWord(sep, 'do')) throw this.unexpected(sep)
    const body = this.doGroup()
    return { t: 'for', name: nameTok.raw, items, body, redirs: this.redirs() }
  }

  private caseCommand(): Command {
    this.take()
    const wt = this.take()
    if (wt.k !== 'word') throw this.unexpected(wt)
    this.skipNl()
    this.expectWord('in')
    const items: { patterns: Word[]; body: Script; fall: ';;' | ';&' | ';;&' }[] = []
    for (;;) {
      this.skipNl()
      if (this.isWord(this.peek(), 'esac')) {
        this.take()
        break
      }
      const first = this.peek()
      if (first.k === 'op' && first.v === '(') this.take()
      const patterns: Word[] = []
      for (;;) {
        const p = this.take()
        if (p.k !== 'word') throw this.unexpected(p)
        patterns.push(p.w)
        const sep = this.take()
        if (sep.k === 'op' && sep.v === '|') continue
        if (sep.k === 'op' && sep.v === ')') break
        throw this.unexpected(sep)
      }
      const body = this.list(['esac'])
      const end = this.peek()
      let fall: ';;' | ';&' | ';;&' = ';;'
      if (end.k === 'op' && (end.v === ';;' || end.v === ';&' || end.v === ';;&')) {
        this.take()
        fall = end.v
      } else if (!this.isWord(end, 'esac')) throw this.unexpected(end)
      items.push({ patterns, body, fall })
    }
    return { t: 'case', word: wt.w, items, redirs: this.redirs() }
  }

  private functionDef(): Command {
    this.take()
    const name = this.take()
    if (name.k !== 'word') throw this.unexpected(name)
    const t = this.peek()
    if (t.k === 'op' && t.v === '(') {
      this.take()
      this.expectOp(')')
    }
    this.skipNl()
    return { t: 'func', name: name.raw, body: this.command() }
  }

  private testCommand(): Command {
    this.take()
    const words: Word[] = []
    for (;;) {
      const t = this.take()
      if (t.k === 'eof') throw this.unexpected(t)
      if (t.k === 'nl') continue
      if (this.isWord(t, ']]')) break
      if (t.k === 'word') words.push(t.w)
      else words.push({ parts: [{ t: 'lit', v: t.v }] })
    }
    return { t: 'test', words, redirs: this.redirs() }
  }

  private redirs(): Redir[] {
    const out: Redir[] = []
    for (;;) {
      const t = this.peek()
      if (t.k !== 'op' || !REDIR_OPS.has(t.v)) return out
      out.push(this.redirect())
    }
  }

  private redirect(): Redir {
    const t = this.take()
    if (t.k !== 'op') throw this.unexpected(t)
    const target = this.take()
    if (target.k !== 'word') throw this.unexpected(target)
    const op = (t.v === '<<-' ? '<<' : t.v) as RedirOp
    const fd = t.fd ?? (op.startsWith('<') && op !== '<>' ? 0 : 1)
    const r: Redir = { fd, op, target: target.w }
    if (op === '<<') this.lx.addHeredoc(r, target.w, t.v === '<<-')
    return r
  }

  private simple(): Command {
    const line = this.lx.line(this.peek().start)
    const assigns: Assign[] = []
    const words: Word[] = []
    const redirs: Redir[] = []
    for (;;) {
      const t = this.peek()
      if (t.k === 'op' && REDIR_OPS.has(t.v)) {
        redirs.push(this.redirect())
        continue
      }
      if (
        t.k === 'op' &&
        t.v === '(' &&
        words.length === 1 &&
        assigns.length === 0 &&
        redirs.length === 0
      ) {
        this.take()
        this.expectOp(')')
        this.skipNl()
        return { t: 'func', name: plainText(words[0]), body: this.command() }
      }
      if (t.k !== 'word') break
      this.take()
      const a = words.length === 0 ? asAssign(t.w) : undefined
      if (a && !a.value.parts.length && this.src[t.end] === '(')
        throw new ParseError(`bash: ${a.name}=(...): arrays are not supported in this shell`, false)
      if (a) assigns.push(a)
      else words.push(t.w)
    }
    if (!words.length && !assigns.length && !redirs.length) throw this.unexpected(this.peek())
    return { t: 'simple', assigns, words, redirs, line }
  }
}

function asAssign(w: Word): Assign | undefined {
  const first = w.parts[0]
  if (!first || first.t !== 'lit') return undefined
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/.exec(first.v)
  if (!m) return undefined
  const restLit = first.v.slice(m[0].length)
  const parts = restLit
    ? [{ t: 'lit' as const, v: restLit }, ...w.parts.slice(1)]
    : w.parts.slice(1)
  return { name: m[1], value: { parts }, append: m[2] === '+' }
}

export function isReserved(w: string): boolean {
  return RESERVED.has(w)
}

import type { Redir, Script, Word, WordPart } from './ast.ts'

/** A syntax error worded like bash; `incomplete` means more input could complete it (PS2). */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly incomplete: boolean,
  ) {
    super(message)
  }
}

/**
 * How deeply constructs may nest in one parse (compound commands, `$( )`, `${ }`, `$(( ))`, quotes
 * inside them). bash's parser has a fixed stack too and answers a syntax error at the token that
 * overflows it (about 5,000 nested subshells, 1,100 nested for loops); the JavaScript stack holds
 * less, and running what was parsed needs stack as well, so the bound is lower.
 */
export const PARSE_NESTING_LIMIT = 100
let parseDepth = 0

/** Runs `body` one nesting level deeper, or answers bash's syntax error at `token` past the limit. */
export function nested<T>(token: () => string, body: () => T): T {
  if (parseDepth >= PARSE_NESTING_LIMIT)
    throw new ParseError(`bash: syntax error near unexpected token \`${token()}'`, false)
  parseDepth++
  try {
    return body()
  } finally {
    parseDepth--
  }
}

export type Token =
  | { k: 'word'; w: Word; raw: string; start: number; end: number }
  | { k: 'op'; v: string; fd?: number; start: number; end: number }
  | { k: 'nl'; start: number; end: number }
  | { k: 'eof'; start: number; end: number }

/** Parses `$( … )` starting at `pos`; returns the script and the index just past `)`. */
export type SubParser = (
  src: string,
  pos: number,
  whole?: boolean,
) => { script: Script; end: number }

const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')'])
const OPS = [
  ';;&',
  '&>>',
  '<<<',
  '<<-',
  ';;',
  ';&',
  '&&',
  '||',
  '|&',
  '>>',
  '<<',
  '>&',
  '<&',
  '&>',
  '>|',
  '<>',
  ';',
  '&',
  '|',
  '<',
  '>',
  '(',
  ')',
]

interface PendingDoc {
  redir: Redir
  delim: string
  strip: boolean
  quoted: boolean
}

/** Shell tokenizer: context-free tokens, words with their quoting kept, heredocs read at newlines. */
export class Lexer {
  pos: number
  private pending: PendingDoc[] = []

  constructor(
    readonly src: string,
    private readonly sub: SubParser,
    start = 0,
  ) {
    this.pos = start
  }

  line(at = this.pos): number {
    let n = 1
    for (let i = 0; i < at && i < this.src.length; i++) if (this.src[i] === '\n') n++
    return n
  }

  addHeredoc(redir: Redir, delimWord: Word, strip: boolean): void {
    const quoted = delimWord.parts.some((p) => p.t !== 'lit')
    this.pending.push({ redir, delim: plainText(delimWord), strip, quoted })
  }

  next(): Token {
    const s = this.src
    for (;;) {
      const c = s[this.pos]
      if (c === ' ' || c === '\t') this.pos++
      else if (c === '\\' && s[this.pos + 1] === '\n') this.pos += 2
      else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++
      } else break
    }
    const start = this.pos
    if (this.pos >= s.length) {
      if (this.pending.length) throw this.unterminatedHeredoc()
      return { k: 'eof', start, end: start }
    }
    const c = s[this.pos]
    if (c === '\n') {
      this.pos++
      this.readHeredocs()
      return { k: 'nl', start, end: this.pos }
    }
    const fdMatch = /^(\d+)(?=[<>])/.exec(s.slice(this.pos, this.pos + 4))
    if (fdMatch) {
      this.pos += fdMatch[1].length
      const op = this.readOp()
      return { k: 'op', v: op, fd: Number(fdMatch[1]), start, end: this.pos }
    }
    if (META.has(c)) return { k: 'op', v: this.readOp(), start, end: this.pos }
    const w = this.readWord()
    return { k: 'word', w, raw: s.slice(start, this.pos), start, end: this.pos }
  }

  private readOp(): string {
    for (const op of OPS) {
      if (this.src.startsWith(op, this.pos)) {
        this.pos += op.length
        return op
      }
    }
    throw new Error('unreachable: not an operator')
  }

  private unterminatedHeredoc(): ParseError {
    const d = this.pending[0]
    return new ParseError(
      `bash: warning: here-document at line ${this.line()} delimited by end-of-file (wanted \`${d.delim}')`,
      true,
    )
  }

  private readHeredocs(): void {
    const docs = this.pending
    this.pending = []
    const s = this.src
    for (const d of docs) {
      const lines: string[] = []
      let found = false
      while (this.pos < s.length) {
        let nl = s.indexOf('\n', this.pos)
        if (nl < 0) nl = s.length
        let line = s.slice(this.pos, nl)
        this.pos = Math.min(nl + 1, s.length)
        if (d.strip) line = line.replace(/^\t+/, '')
        if (line === d.delim) {
          found = true
          break
        }
        lines.push(line + '\n')
      }
      if (!found) {
        this.pending = [d]
        throw this.unterminatedHeredoc()
      }
      const text = lines.join('')
      d.redir.body = d.quoted
        ? { parts: [{ t: 'sq', v: text }] }
        : new Lexer(text, this.sub).readUntil('heredoc')
    }
  }

  /** Reads one unquoted word at the current position. */
  readWord(): Word {
    return this.readUntil('word')
  }

  /**
   * Reads word parts in one of the quoting contexts: an unquoted word, inside `"…"`, inside `${…}`
   * (stopping at `}` or, for patterns, `/`), or a heredoc/arithmetic body (to the end).
   */
  readUntil(mode: 'word' | 'dq' | 'brace' | 'pattern' | 'heredoc'): Word {
    const s = this.src
    const parts: WordPart[] = []
    let lit = ''
    const flush = (): void => {
      if (lit) parts.push({ t: 'lit', v: lit })
      lit = ''
    }
    const quotedCtx = mode === 'dq' || mode === 'heredoc'
    const wordStart = this.pos
    for (;;) {
      if (this.pos >= s.length) {
        if (mode === 'dq')
          throw new ParseError('bash: unexpected EOF while looking for matching `"\'', true)
        if (mode === 'brace' || mode === 'pattern')
          throw new ParseError("bash: unexpected EOF while looking for matching `}'", true)
        break
      }
      const c = s[this.pos]
      if (mode === 'word' && META.has(c)) break
      if (mode === 'dq' && c === '"') {
        this.pos++
        break
      }
      if ((mode === 'brace' || mode === 'pattern') && c === '}') break
      if (mode === 'pattern' && c === '/') break
      if (c === '\\') {
        const n = s[this.pos + 1]
        if (n === '\n') {
          this.pos += 2
          continue
        }
        if (n === undefined) {
          lit += '\\'
          this.pos++
          continue
        }
        if (quotedCtx && !'$`"\\'.includes(n)) {
          lit += '\\'
          this.pos++
          continue
        }
        if (mode === 'heredoc' && n === '"') {
          lit += '\\'
          this.pos++
          continue
        }
        flush()
        parts.push({ t: 'sq', v: n })
        this.pos += 2
        continue
      }
      if (c === "'" && !quotedCtx) {
        const end = s.indexOf("'", this.pos + 1)
        if (end < 0)
          throw new ParseError("bash: unexpected EOF while looking for matching `''", true)
        flush()
        parts.push({ t: 'sq', v: s.slice(this.pos + 1, end) })
        this.pos = end + 1
        continue
      }
      if (c === '"' && mode !== 'heredoc') {
        this.pos++
        flush()
        parts.push({ t: 'dq', parts: this.readUntil('dq').parts })
        continue
      }
      if (c === '$') {
        const p = this.readDollar(quotedCtx)
        if (p) {
          flush()
          parts.push(p)
          continue
        }
        lit += '$'
        this.pos++
        continue
      }
      if (c === '`') {
        flush()
        parts.push(this.readBacktick())
        continue
      }
      if (c === '~' && mode === 'word' && this.pos === wordStart) {
        const m = /^~([A-Za-z0-9_.-]*)(?=\/|$|[\s;&|<>()])/.exec(s.slice(this.pos))
        if (m) {
          parts.push({ t: 'tilde', user: m[1] })
          this.pos += m[0].length
          continue
        }
      }
      lit += c
      this.pos++
    }
    flush()
    return { parts }
  }

  private readBacktick(): WordPart {
    const s = this.src
    let i = this.pos + 1
    let body = ''
    while (i < s.length && s[i] !== '`') {
      if (s[i] === '\\' && '$`\\'.includes(s[i + 1] ?? '')) {
        body += s[i + 1]
        i += 2
      } else body += s[i++]
    }
    if (i >= s.length)
      throw new ParseError("bash: unexpected EOF while looking for matching ``'", true)
    this.pos = i + 1
    return {
      t: 'cmd',
      body: nested(
        () => '`',
        () => this.sub(body, 0, true).script,
      ),
    }
  }

  private readDollar(inDq: boolean): WordPart | undefined {
    const s = this.src
    const n = s[this.pos + 1]
    if (n === '(' && s[this.pos + 2] === '(') {
      const end = matchArith(s, this.pos + 3)
      if (end >= 0) {
        const expr = nested(
          () => '$((',
          () => new Lexer(s.slice(this.pos + 3, end), this.sub).readUntil('heredoc'),
        )
        this.pos = end + 2
        return { t: 'arith', expr }
      }
    }
    if (n === '(') {
      const { script, end } = nested(
        () => '$(',
        () => this.sub(s, this.pos + 2),
      )
      this.pos = end
      return { t: 'cmd', body: script }
    }
    if (n === '{')
      return nested(
        () => '${',
        () => this.readBraceParam(),
      )
    if (n === "'" && !inDq) {
      const end = findAnsiEnd(s, this.pos + 2)
      if (end < 0) throw new ParseError("bash: unexpected EOF while looking for matching `''", true)
      const v = ansiC(s.slice(this.pos + 2, end))
      this.pos = end + 1
      return { t: 'sq', v }
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]|[?#@*$!-])/.exec(s.slice(this.pos + 1))
    if (!m) return undefined
    this.pos += 1 + m[1].length
    return { t: 'param', name: m[1] }
  }

  private readBraceParam(): WordPart {
    const s = this.src
    this.pos += 2
    let length = false
    if (s[this.pos] === '#' && s[this.pos + 1] !== '}') {
      length = true
      this.pos++
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#@*$!-])/.exec(s.slice(this.pos))
    if (!m)
      throw new ParseError(
        `bash: ${s.slice(this.pos - 2, s.indexOf('}', this.pos) + 1)}: bad substitution`,
        false,
      )
    this.pos += m[1].length
    const part: WordPart = { t: 'param', name: m[1] }
    if (length) part.length = true
    const rest = s.slice(this.pos)
    const op = /^(:-|:=|:\+|:\?|##|%%|\/\/|[-=+?#%/:^,])/.exec(rest)?.[1]
    if (op && !length) {
      this.pos += op.length
      part.op = op
      if (op === '/' || op === '//') {
        part.arg = this.readUntil('pattern')
        if (s[this.pos] === '/') {
          this.pos++
          part.rep = this.readUntil('brace')
        }
      } else part.arg = this.readUntil('brace')
    }
    if (s[this.pos] !== '}')
      throw new ParseError("bash: unexpected EOF while looking for matching `}'", true)
    this.pos++
    return part
  }
}

/** Index of the `))` closing an arithmetic expansion whose body starts at `from`, or -1. */
function matchArith(s: string, from: number): number {
  let depth = 0
  for (let i = from; i < s.length; i++) {
    if (s[i] === '(') depth++
    else if (s[i] === ')') {
      if (depth === 0) return s[i + 1] === ')' ? i : -1
      depth--
    }
  }
  return -1
}

function findAnsiEnd(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') i++
    else if (s[i] === "'") return i
  }
  return -1
}

const ESC: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
}

/** Interprets backslash escapes as in `$'…'`, `echo -e` and `printf`. */
export function ansiC(s: string): string {
  let out = ''
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\' || i === s.length - 1) {
      out += s[i]
      continue
    }
    const n = s[++i]
    if (n in ESC) out += ESC[n]
    else if (n === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1))
      if (m) {
        out += String.fromCharCode(parseInt(m[0], 16))
        i += m[0].length
      } else out += '\\x'
    } else if (/[0-7]/.test(n)) {
      const m = /^[0-7]{1,3}/.exec(s.slice(n === '0' ? i + 1 : i)) ?? ['']
      out += String.fromCharCode(parseInt(m[0] || '0', 8))
      i += (n === '0' ? 1 : 0) + m[0].length - 1
    } else out += '\\' + n
  }
  return out
}

/** The text of a word with quotes removed and no expansion (heredoc delimiters, reserved words). */
export function plainText(w: Word): string {
  return w.parts
    .map((p) => {
      if (p.t === 'lit' || p.t === 'sq') return p.v
      if (p.t === 'dq') return plainText({ parts: p.parts })
      if (p.t === 'tilde') return '~' + p.user
      if (p.t === 'param') return '$' + p.name
      return ''
    })
    .join('')
}

/** awk tokens; `/` starts a regular expression where an operand is expected. */
export class AwkSyntaxError extends Error {}

export interface Tok {
  t: 'num' | 'str' | 're' | 'name' | 'func' | 'kw' | 'op' | 'nl' | 'eof'
  v: string
}

const KEYWORDS = new Set([
  'BEGIN',
  'END',
  'function',
  'func',
  'if',
  'else',
  'while',
  'for',
  'do',
  'break',
  'continue',
  'next',
  'exit',
  'return',
  'delete',
  'in',
  'getline',
  'print',
  'printf',
])
const OPS = [
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '^=',
  '**',
  '==',
  '<=',
  '>=',
  '!=',
  '++',
  '--',
  '&&',
  '||',
  '>>',
  '!~',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ';',
  ',',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '!',
  '>',
  '<',
  '|',
  '?',
  ':',
  '~',
  '$',
  '=',
]

export function tokenize(src: string): Tok[] {
  const out: Tok[] = []
  let i = 0
  // A `/` starts a regex where an operand is expected (not after a value).
  const regexOk = (): boolean => {
    const p = out[out.length - 1]
    if (!p) return true
    if (p.t === 'num' || p.t === 'str' || p.t === 'name' || p.t === 're') return false
    if (p.t === 'op' && (p.v === ')' || p.v === ']' || p.v === '++' || p.v === '--' || p.v === '$'))
      return false
    return true
  }
  while (i < src.length) {
    const c = src[i]
    if (c === ' ' || c === '\t' || c === '\r') {
      i++
      continue
    }
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2
      continue
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++
      continue
    }
    if (c === '\n') {
      out.push({ t: 'nl', v: '\n' })
      i++
      continue
    }
    if (c === '"') {
      let s = ''
      i++
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\' && i + 1 < src.length) {
          const n = src[++i]
          s +=
            (
              {
                n: '\n',
                t: '\t',
                r: '\r',
                '\\': '\\',
                '"': '"',
                '/': '/',
                a: '\x07',
                b: '\b',
                f: '\f',
                v: '\v',
              } as Record<string, string>
            )[n] ?? '\\' + n
          i++
        } else s += src[i++]
      }
      if (i >= src.length)
        throw new AwkSyntaxError('runaway string constant "' + s.slice(0, 10) + ' ...')
      i++
      out.push({ t: 'str', v: s })
      continue
    }
    if (c === '/' && regexOk()) {
      let s = ''
      i++
      while (i < src.length && src[i] !== '/') {
        if (src[i] === '\\' && src[i + 1] === '/') {
          s += '/'
          i += 2
        } else if (src[i] === '\\') {
          s += src[i] + (src[i + 1] ?? '')
          i += 2
        } else s += src[i++]
      }
      if (i >= src.length)
        throw new AwkSyntaxError('runaway regular expression /' + s.slice(0, 10) + ' ...')
      i++
      out.push({ t: 're', v: s })
      continue
    }
    const num = /^(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?|0[xX][0-9a-fA-F]+)/.exec(
      src.slice(i),
    )
    if (num) {
      out.push({ t: 'num', v: num[0] })
      i += num[0].length
      continue
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))
    if (name) {
      i += name[0].length
      if (KEYWORDS.has(name[0])) out.push({ t: 'kw', v: name[0] === 'func' ? 'function' : name[0] })
      else if (src[i] === '(') out.push({ t: 'func', v: name[0] })
      else out.push({ t: 'name', v: name[0] })
      continue
    }
    const op = OPS.find((o) => src.startsWith(o, i))
    if (!op) throw new AwkSyntaxError(`syntax error at or near ${c}`)
    out.push({ t: 'op', v: op === '**' ? '^' : op })
    i += op.length
  }
  out.push({ t: 'eof', v: '' })
  return out
}

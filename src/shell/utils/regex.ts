/**
 * POSIX regular expressions (basic and extended, as grep, sed and awk read them) translated to
 * JavaScript RegExp source.
 */

/** POSIX character classes as JavaScript class ranges; shell patterns add bash's `word`. */
export const POSIX_CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9a-fA-F',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
}

export function posixToJs(re: string, extended: boolean): string {
  let out = ''
  for (let i = 0; i < re.length; i++) {
    const c = re[i]
    if (c === '[') {
      const end = bracketEnd(re, i)
      if (end < 0) {
        out += '\\['
        continue
      }
      out += bracket(re.slice(i + 1, end))
      i = end
      continue
    }
    if (c === '\\') {
      const n = re[++i]
      if (n === undefined) out += '\\\\'
      else if (!extended && '(){}|+?'.includes(n)) out += n
      else if ('<>'.includes(n)) out += '\\b'
      else if ('wWsSbB'.includes(n) || /[1-9]/.test(n)) out += '\\' + n
      else if (n === 'n') out += '\\n'
      else if (n === 't') out += '\\t'
      else out += /[a-zA-Z0-9]/.test(n) ? n : '\\' + n
      continue
    }
    if (!extended && '(){}|+?'.includes(c)) {
      out += '\\' + c
      continue
    }
    if (extended && (c === '*' || c === '+' || c === '?' || c === '}') && re[i + 1] === '?') {
      // POSIX has no lazy quantifiers: `.*?` is `(.*)?`, which is as greedy as `.*`.
      out += c
      i++
      continue
    }
    if (c === '*' && (out === '' || out.endsWith('(') || out.endsWith('|') || out === '^')) {
      out += '\\*'
      continue
    }
    if (c === '/') {
      out += '\\/'
      continue
    }
    out += c
  }
  return out
}

function bracketEnd(p: string, start: number): number {
  let i = start + 1
  if (p[i] === '^') i++
  if (p[i] === ']') i++
  for (; i < p.length; i++) {
    if (p[i] === '[' && (p[i + 1] === ':' || p[i + 1] === '.' || p[i + 1] === '=')) {
      const close = p.indexOf(p[i + 1] + ']', i + 2)
      if (close > 0) i = close + 1
    } else if (p[i] === ']') return i
  }
  return -1
}

function bracket(body: string): string {
  let neg = ''
  let i = 0
  if (body[0] === '^') {
    neg = '^'
    i = 1
  }
  let out = ''
  for (; i < body.length; i++) {
    const c = body[i]
    if (c === '[' && body[i + 1] === ':') {
      const close = body.indexOf(':]', i + 2)
      out += POSIX_CLASSES[body.slice(i + 2, close)] ?? ''
      i = close + 1
    } else if (c === '\\' || c === ']' || c === '[' || (c === '^' && out === '')) out += '\\' + c
    else out += c
  }
  return `[${neg}${out}]`
}

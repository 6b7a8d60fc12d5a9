/** Shell arithmetic (`$(( ))`, `(( ))`, `let`): 64-bit-ish integers as bash evaluates them. */

export interface ArithVars {
  get(name: string): string | undefined
  set(name: string, value: string): void
}

export class ArithError extends Error {}

/**
 * How deeply an expression may nest (parentheses, unary operators, variables whose values are
 * expressions). bash stops variable recursion at 1024 levels with this wording; parentheses nest
 * on the C stack there, here on the JavaScript one, which is smaller, so the bound is lower.
 */
export const ARITH_NESTING_LIMIT = 256

const BINARY: [string, number][] = [
  ['**', 13],
  ['*', 12],
  ['/', 12],
  ['%', 12],
  ['+', 11],
  ['-', 11],
  ['<<', 10],
  ['>>', 10],
  ['<=', 9],
  ['>=', 9],
  ['<', 9],
  ['>', 9],
  ['==', 8],
  ['!=', 8],
  ['&&', 4],
  ['||', 3],
  ['&', 7],
  ['^', 6],
  ['|', 5],
]
const ASSIGN = ['<<=', '>>=', '**=', '+=', '-=', '*=', '/=', '%=', '&=', '^=', '|=', '=']

// bash counts the outermost expression as the first level of recursion.
export function evalArith(src: string, vars: ArithVars, level = 1): number {
  const starts: number[] = []
  const toks = tokenize(src, starts)
  let i = 0
  let depth = level
  const deeper = <T>(body: () => T, at = i): T => {
    if (++depth > ARITH_NESTING_LIMIT)
      throw new ArithError(
        `${src.trim()}: expression recursion level exceeded (error token is "${src.slice(starts[at] ?? src.length).trim()}")`,
      )
    try {
      return body()
    } finally {
      depth--
    }
  }
  const peek = (): string | undefined => toks[i]
  const fail = (tok?: string): never => {
    throw new ArithError(
      `${src.trim()}: syntax error: ${tok ? `operand expected (error token is "${src.slice(starts[i] ?? src.length).trim()}")` : 'operand expected (error token is "")'}`,
    )
  }
  const num = (s: string): number => {
    const m = /^(\d+)#([0-9a-zA-Z@_]+)$/.exec(s)
    if (m) return parseInt(m[2], Number(m[1]))
    if (/^0[xX][0-9a-fA-F]+$/.test(s)) return parseInt(s, 16)
    if (/^0[0-7]+$/.test(s)) return parseInt(s, 8)
    if (/^\d+$/.test(s)) return Number(s)
    throw new ArithError(`${s}: value too great for base (error token is "${s}")`)
  }
  /** The value of the variable named by token `at`. */
  const varValue = (name: string, at: number): number => {
    const v = (vars.get(name) ?? '').trim()
    if (v === '') return 0
    if (/^-?\d[\w@#]*$/.test(v)) return v.startsWith('-') ? -num(v.slice(1)) : num(v)
    // A value naming another variable (a=b; b=a) recurses like any expression does in bash.
    return deeper(() => evalArith(v, vars, depth), at)
  }
  const isName = (t: string | undefined): t is string => !!t && /^[A-Za-z_]\w*$/.test(t)

  const primary = (): number => deeper(primaryInner)
  const primaryInner = (): number => {
    const t = peek()
    if (t === undefined) return fail()
    i++
    if (t === '(') {
      const v = expr()
      if (peek() !== ')') fail(peek())
      i++
      return v
    }
    if (t === '-') return -primary()
    if (t === '+') return primary()
    if (t === '!') return primary() ? 0 : 1
    if (t === '~') return ~primary()
    if (t === '++' || t === '--') {
      const n = peek()
      if (!isName(n)) return fail(n)
      i++
      const v = varValue(n, i - 1) + (t === '++' ? 1 : -1)
      vars.set(n, String(v))
      return v
    }
    if (isName(t)) {
      const n = peek()
      if (n === '++' || n === '--') {
        i++
        const v = varValue(t, i - 2)
        vars.set(t, String(v + (n === '++' ? 1 : -1)))
        return v
      }
      if (n && ASSIGN.includes(n)) {
        i++
        const rhs = assign()
        const v = n === '=' ? rhs : binop(n.slice(0, -1), varValue(t, i - 2), rhs)
        vars.set(t, String(v))
        return v
      }
      return varValue(t, i - 1)
    }
    if (/^\d/.test(t)) return num(t)
    i--
    return fail(t)
  }

  const binary = (minPrec: number): number => {
    let left = primary()
    for (;;) {
      const op = peek()
      const entry = BINARY.find(([o]) => o === op)
      if (!entry || entry[1] < minPrec) return left
      i++
      if (op === '&&' && !left) {
        binary(entry[1] + 1)
        left = 0
        continue
      }
      if (op === '||' && left) {
        binary(entry[1] + 1)
        left = 1
        continue
      }
      const right = binary(op === '**' ? entry[1] : entry[1] + 1)
      left = binop(op as string, left, right)
    }
  }

  const ternary = (): number => {
    const c = binary(0)
    if (peek() !== '?') return c
    i++
    const a = assign()
    if (peek() !== ':') fail(peek())
    i++
    const b = assign()
    return c ? a : b
  }
  const assign = (): number => ternary()
  const expr = (): number => {
    let v = assign()
    while (peek() === ',') {
      i++
      v = assign()
    }
    return v
  }

  if (!toks.length) return 0
  let v: number
  try {
    v = expr()
  } catch (e) {
    if (e instanceof ArithError && e.message.startsWith('division by 0'))
      throw new ArithError(`${src.trim()}: ${e.message}`)
    throw e
  }
  if (i < toks.length) fail(peek())
  return v
}

function binop(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b
    case '-':
      return a - b
    case '*':
      return a * b
    case '/':
    case '%':
      if (b === 0) throw new ArithError('division by 0 (error token is "0")')
      return op === '/' ? Math.trunc(a / b) : a % b
    case '**':
      return a ** b
    case '<<':
      return a << b
    case '>>':
      return a >> b
    case '<':
      return +(a < b)
    case '<=':
      return +(a <= b)
    case '>':
      return +(a > b)
    case '>=':
      return +(a >= b)
    case '==':
      return +(a === b)
    case '!=':
      return +(a !== b)
    case '&':
      return a & b
    case '^':
      return a ^ b
    case '|':
      return a | b
    case '&&':
      return +(!!a && !!b)
    case '||':
      return +(!!a || !!b)
  }
  throw new ArithError(`syntax error: invalid arithmetic operator (error token is "${op}")`)
}

/** Tokens of an expression; `starts` receives where each begins, for error messages. */
function tokenize(src: string, starts: number[] = []): string[] {
  const out: string[] = []
  const re =
    /\s*(\d+#[0-9a-zA-Z@_]+|0[xX][0-9a-fA-F]+|\d+|[A-Za-z_]\w*|<<=|>>=|\*\*=|\+\+|--|\*\*|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&^|]=|[-+*/%<>=!~&^|?:,()])\s*/y
  let pos = 0
  while (pos < src.length) {
    re.lastIndex = pos
    const m = re.exec(src)
    if (!m) {
      if (!src.slice(pos).trim()) break
      throw new ArithError(
        `${src.trim()}: syntax error: invalid arithmetic operator (error token is "${src.slice(pos).trim()}")`,
      )
    }
    out.push(m[1])
    starts.push(pos + m[0].indexOf(m[1]))
    pos = re.lastIndex
  }
  return out
}

/** The awk language as tutorials use it: a parser to a small expression tree. */
import { AwkSyntaxError, tokenize, type Tok } from './awkLex.ts'

export type Expr =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 're'; v: string }
  | { k: 'var'; name: string }
  | { k: 'field'; e: Expr }
  | { k: 'idx'; name: string; keys: Expr[] }
  | { k: 'assign'; op: string; target: Expr; e: Expr }
  | { k: 'cond'; c: Expr; a: Expr; b: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'un'; op: string; e: Expr }
  | { k: 'incdec'; op: '++' | '--'; prefix: boolean; target: Expr }
  | { k: 'in'; keys: Expr[]; name: string }
  | { k: 'match'; neg: boolean; e: Expr; re: Expr }
  | { k: 'call'; name: string; args: Expr[] }
  | { k: 'group'; e: Expr }

export type Stmt =
  | { k: 'print'; args: Expr[]; dest?: { op: string; e: Expr } }
  | { k: 'printf'; args: Expr[]; dest?: { op: string; e: Expr } }
  | { k: 'expr'; e: Expr }
  | { k: 'if'; c: Expr; a: Stmt; b?: Stmt }
  | { k: 'while'; c: Expr; body: Stmt }
  | { k: 'do'; c: Expr; body: Stmt }
  | { k: 'for'; init?: Expr; c?: Expr; step?: Expr; body: Stmt }
  | { k: 'forin'; v: string; arr: string; body: Stmt }
  | { k: 'block'; body: Stmt[] }
  | { k: 'next' }
  | { k: 'exit'; e?: Expr }
  | { k: 'break' }
  | { k: 'continue' }
  | { k: 'return'; e?: Expr }
  | { k: 'delete'; name: string; keys?: Expr[] }
  | { k: 'getline' }

export interface Rule {
  pattern?: Expr | 'BEGIN' | 'END'
  range?: Expr
  action?: Stmt[]
}

export interface AwkProgram {
  rules: Rule[]
  funcs: Record<string, { params: string[]; body: Stmt[] }>
}

export { AwkSyntaxError } from './awkLex.ts'

export function parseAwk(src: string): AwkProgram {
  const toks = tokenize(src)
  let p = 0
  const peek = (o = 0): Tok => toks[Math.min(p + o, toks.length - 1)]
  const next = (): Tok => toks[p++]
  const is = (t: Tok['t'], v?: string): boolean =>
    peek().t === t && (v === undefined || peek().v === v)
  const accept = (t: Tok['t'], v?: string): boolean => {
    if (!is(t, v)) return false
    p++
    return true
  }
  const fail = (): never => {
    const t = peek()
    throw new AwkSyntaxError(
      `syntax error at or near ${t.t === 'eof' ? 'end of file' : t.t === 'nl' ? 'end of line' : t.v}`,
    )
  }
  const expect = (t: Tok['t'], v?: string): Tok => (is(t, v) ? next() : fail())
  const nls = (): void => {
    while (accept('nl')) continue
  }
  const terms = (): void => {
    while (accept('nl') || accept('op', ';')) continue
  }

  const primary = (): Expr => {
    const t = next()
    if (t.t === 'num') return { k: 'num', v: Number(t.v) }
    if (t.t === 'str') return { k: 'str', v: t.v }
    if (t.t === 're') return { k: 're', v: t.v }
    if (t.t === 'op' && t.v === '(') {
      const e = expr()
      if (accept('op', ',')) {
        const keys = [e, expr()]
        while (accept('op', ',')) keys.push(expr())
        expect('op', ')')
        expect('kw', 'in')
        return { k: 'in', keys, name: expect('name').v }
      }
      expect('op', ')')
      return { k: 'group', e }
    }
    if (t.t === 'op' && t.v === '$') return { k: 'field', e: unaryHigh() }
    if (t.t === 'op' && (t.v === '-' || t.v === '+' || t.v === '!'))
      return { k: 'un', op: t.v, e: unary() }
    if (t.t === 'op' && (t.v === '++' || t.v === '--'))
      return { k: 'incdec', op: t.v, prefix: true, target: unaryHigh() }
    if (t.t === 'func') {
      expect('op', '(')
      const args: Expr[] = []
      if (!is('op', ')')) {
        args.push(expr())
        while (accept('op', ',')) {
          nls()
          args.push(expr())
        }
      }
      expect('op', ')')
      return { k: 'call', name: t.v, args }
    }
    if (t.t === 'name') {
      if (t.v === 'length' && !is('op', '(')) return { k: 'call', name: 'length', args: [] }
      if (accept('op', '[')) {
        const keys = [expr()]
        while (accept('op', ',')) keys.push(expr())
        expect('op', ']')
        return { k: 'idx', name: t.v, keys }
      }
      return { k: 'var', name: t.v }
    }
    p--
    return fail()
  }
  const postfix = (): Expr => {
    const e = primary()
    if ((e.k === 'var' || e.k === 'idx' || e.k === 'field') && (is('op', '++') || is('op', '--')))
      return { k: 'incdec', op: next().v as '++' | '--', prefix: false, target: e }
    return e
  }
  const unaryHigh = (): Expr => {
    if (is('op', '$')) {
      next()
      return { k: 'field', e: unaryHigh() }
    }
    if (is('op', '++') || is('op', '--')) {
      const op = next().v as '++' | '--'
      return { k: 'incdec', op, prefix: true, target: unaryHigh() }
    }
    return postfix()
  }
  const power = (): Expr => {
    const base = unaryHigh()
    if (accept('op', '^')) return { k: 'bin', op: '^', a: base, b: unary() }
    return base
  }
  const unary = (): Expr => {
    if (is('op', '-') || is('op', '+') || is('op', '!')) {
      const op = next().v
      return { k: 'un', op, e: unary() }
    }
    return power()
  }
  const mul = (): Expr => {
    let e = unary()
    while (is('op', '*') || is('op', '/') || is('op', '%')) {
      const op = next().v
      e = { k: 'bin', op, a: e, b: unary() }
    }
    return e
  }
  const add = (): Expr => {
    let e = mul()
    while (is('op', '+') || is('op', '-')) {
      const op = next().v
      e = { k: 'bin', op, a: e, b: mul() }
    }
    return e
  }
  const startsOperand = (): boolean => {
    const t = peek()
    if (t.t === 'num' || t.t === 'str' || t.t === 're' || t.t === 'name' || t.t === 'func')
      return true
    return t.t === 'op' && ['$', '(', '!', '-', '+', '++', '--'].includes(t.v)
  }
  const concat = (): Expr => {
    let e = add()
    while (startsOperand()) e = { k: 'bin', op: 'cat', a: e, b: add() }
    return e
  }
  const compare = (noGt: boolean): Expr => {
    const e = concat()
    const t = peek()
    if (t.t === 'op' && ['<', '<=', '!=', '==', '>=', ...(noGt ? [] : ['>'])].includes(t.v)) {
      next()
      return { k: 'bin', op: t.v, a: e, b: concat() }
    }
    return e
  }
  const matchE = (noGt: boolean): Expr => {
    let e = compare(noGt)
    while (is('op', '~') || is('op', '!~')) {
      const neg = next().v === '!~'
      e = { k: 'match', neg, e, re: compare(noGt) }
    }
    return e
  }
  const inE = (noGt: boolean): Expr => {
    let e = matchE(noGt)
    while (accept('kw', 'in')) e = { k: 'in', keys: [e], name: expect('name').v }
    return e
  }
  const andE = (noGt: boolean): Expr => {
    let e = inE(noGt)
    while (accept('op', '&&')) {
      nls()
      e = { k: 'bin', op: '&&', a: e, b: inE(noGt) }
    }
    return e
  }
  const orE = (noGt: boolean): Expr => {
    let e = andE(noGt)
    while (accept('op', '||')) {
      nls()
      e = { k: 'bin', op: '||', a: e, b: andE(noGt) }
    }
    return e
  }
  const ternary = (noGt: boolean): Expr => {
    const c = orE(noGt)
    if (!accept('op', '?')) return c
    const a = ternary(noGt)
    expect('op', ':')
    return { k: 'cond', c, a, b: ternary(noGt) }
  }
  const assignE = (noGt = false): Expr => {
    const e = ternary(noGt)
    const t = peek()
    if (
      (e.k === 'var' || e.k === 'idx' || e.k === 'field') &&
      t.t === 'op' &&
      ['=', '+=', '-=', '*=', '/=', '%=', '^='].includes(t.v)
    ) {
      next()
      return { k: 'assign', op: t.v, target: e, e: assignE(noGt) }
    }
    return e
  }
  const expr = (): Expr => assignE(false)

  const simpleOrBlock = (): Stmt => {
    nls()
    return stmt()
  }
  const printArgs = (): Expr[] => {
    const args: Expr[] = []
    if (is('op', ';') || is('nl') || is('op', '}') || is('op', '>') || is('op', '|') || is('eof'))
      return args
    if (is('op', '(')) {
      // print (a, b) > "file": a parenthesised list
      const save = p
      next()
      const list = [assignE()]
      while (accept('op', ',')) list.push(assignE())
      if (
        accept('op', ')') &&
        (is('op', ';') || is('nl') || is('op', '}') || is('op', '>') || is('op', '|') || is('eof'))
      )
        return list
      p = save
    }
    args.push(assignE(true))
    while (accept('op', ',')) {
      nls()
      args.push(assignE(true))
    }
    return args
  }
  const stmt = (): Stmt => {
    if (accept('op', '{')) {
      const body = stmts()
      expect('op', '}')
      return { k: 'block', body }
    }
    if (accept('kw', 'if')) {
      expect('op', '(')
      const c = expr()
      expect('op', ')')
      const a = simpleOrBlock()
      const save = p
      terms()
      if (accept('kw', 'else')) return { k: 'if', c, a, b: simpleOrBlock() }
      p = save
      return { k: 'if', c, a }
    }
    if (accept('kw', 'while')) {
      expect('op', '(')
      const c = expr()
      expect('op', ')')
      if (is('op', ';')) return { k: 'while', c, body: { k: 'block', body: [] } }
      return { k: 'while', c, body: simpleOrBlock() }
    }
    if (accept('kw', 'do')) {
      const body = simpleOrBlock()
      terms()
      expect('kw', 'while')
      expect('op', '(')
      const c = expr()
      expect('op', ')')
      return { k: 'do', c, body }
    }
    if (accept('kw', 'for')) {
      expect('op', '(')
      if (
        is('name') &&
        peek(1).t === 'kw' &&
        peek(1).v === 'in' &&
        peek(2).t === 'name' &&
        peek(3).t === 'op' &&
        peek(3).v === ')'
      ) {
        const v = next().v
        next()
        const arr = next().v
        next()
        return { k: 'forin', v, arr, body: simpleOrBlock() }
      }
      const init = is('op', ';') ? undefined : expr()
      expect('op', ';')
      nls()
      const c = is('op', ';') ? undefined : expr()
      expect('op', ';')
      nls()
      const step = is('op', ')') ? undefined : expr()
      expect('op', ')')
      return { k: 'for', init, c, step, body: simpleOrBlock() }
    }
    let s: Stmt
    if (accept('kw', 'print') || (is('kw', 'printf') && next())) {
      const kind = toks[p - 1].v === 'printf' ? 'printf' : 'print'
      const args = printArgs()
      let dest: { op: string; e: Expr } | undefined
      if (is('op', '>') || is('op', '>>') || is('op', '|')) dest = { op: next().v, e: concat() }
      s = { k: kind, args, dest }
    } else if (accept('kw', 'next')) s = { k: 'next' }
    else if (accept('kw', 'exit'))
      s = { k: 'exit', e: is('op', ';') || is('nl') || is('op', '}') ? undefined : expr() }
    else if (accept('kw', 'break')) s = { k: 'break' }
    else if (accept('kw', 'continue')) s = { k: 'continue' }
    else if (accept('kw', 'return'))
      s = { k: 'return', e: is('op', ';') || is('nl') || is('op', '}') ? undefined : expr() }
    else if (accept('kw', 'getline')) s = { k: 'getline' }
    else if (accept('kw', 'delete')) {
      const name = expect('name').v
      let keys: Expr[] | undefined
      if (accept('op', '[')) {
        keys = [expr()]
        while (accept('op', ',')) keys.push(expr())
        expect('op', ']')
      }
      s = { k: 'delete', name, keys }
    } else if (is('op', ';')) {
      next()
      return { k: 'block', body: [] }
    } else s = { k: 'expr', e: expr() }
    if (!(is('op', ';') || is('nl') || is('op', '}') || is('eof'))) fail()
    return s
  }
  const stmts = (): Stmt[] => {
    const out: Stmt[] = []
    terms()
    while (!is('op', '}') && !is('eof')) {
      out.push(stmt())
      terms()
    }
    return out
  }
  const action = (): Stmt[] => {
    expect('op', '{')
    const body = stmts()
    expect('op', '}')
    return body
  }

  const prog: AwkProgram = { rules: [], funcs: {} }
  terms()
  while (!is('eof')) {
    if (accept('kw', 'BEGIN')) {
      nls()
      prog.rules.push({ pattern: 'BEGIN', action: action() })
    } else if (accept('kw', 'END')) {
      nls()
      prog.rules.push({ pattern: 'END', action: action() })
    } else if (accept('kw', 'function')) {
      const name = is('func') || is('name') ? next().v : fail()
      expect('op', '(')
      const params: string[] = []
      while (is('name')) {
        params.push(next().v)
        accept('op', ',')
        nls()
      }
      expect('op', ')')
      nls()
      prog.funcs[name] = { params, body: action() }
    } else if (is('op', '{')) prog.rules.push({ action: action() })
    else {
      const pattern = expr()
      let range: Expr | undefined
      if (accept('op', ',')) {
        nls()
        range = expr()
      }
      prog.rules.push({ pattern, range, action: is('op', '{') ? action() : undefined })
    }
    terms()
  }
  return prog
}

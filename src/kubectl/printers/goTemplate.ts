/**
 * The part of Go text/template that kubectl users write in -o go-template: fields, variables,
 * pipelines, if/else if/else, range (with $i, $v), with, printf/print/println, len, index, eq/ne/lt/
 * le/gt/ge, and/or/not, trim markers and comments. Missing keys print `<no value>` as kubectl's
 * default --allow-missing-template-keys=true does; maps print as `map[k:v]`.
 */
import { goPrint } from './goValue.ts'
import { MAX_TEMPLATE_DEPTH, templateDepth } from './templateDepth.ts'

export class GoTemplateError extends Error {
  /** What the template had written before it failed (kubectl prints it). */
  partial = ''
}

/** A function call that failed; the executor adds text/template's position and node context. */
class CallError extends Error {}

type Tok = {
  k: 'str' | 'num' | 'ident' | 'field' | 'var' | 'op' | 'bool' | 'nil'
  v: string
  pos: number
}
type Cmd = Tok[]
type Pipe = { decl?: string[]; cmds: Cmd[] }
type TNode =
  | { t: 'text'; s: string }
  | { t: 'action'; pipe: Pipe }
  | { t: 'if' | 'with'; pipe: Pipe; body: TNode[]; else: TNode[] }
  | { t: 'range'; pipe: Pipe; body: TNode[]; else: TNode[] }

function lexAction(src: string, base = 0): Tok[] {
  const toks: Tok[] = []
  let i = 0
  while (i < src.length) {
    const c = src[i]
    if (/\s/.test(c)) i++
    else if (c === '"') {
      let j = i + 1
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1
      toks.push({ k: 'str', v: JSON.parse(src.slice(i, j + 1)), pos: base + i })
      i = j + 1
    } else if (c === '`') {
      const j = src.indexOf('`', i + 1)
      if (j < 0) throw new GoTemplateError('unterminated raw quoted string')
      toks.push({ k: 'str', v: src.slice(i + 1, j), pos: base + i })
      i = j + 1
    } else if (src.startsWith(':=', i)) {
      toks.push({ k: 'op', v: ':=', pos: base + i })
      i += 2
    } else if ('|(),='.includes(c)) {
      toks.push({ k: 'op', v: c, pos: base + i })
      i++
    } else {
      const m = /^[^\s|(),=]+/.exec(src.slice(i))!
      const w = m[0]
      const pos = base + i
      i += w.length
      if (w[0] === '.') toks.push({ k: 'field', v: w, pos })
      else if (w[0] === '$') toks.push({ k: 'var', v: w, pos })
      else if (/^-?\d/.test(w)) toks.push({ k: 'num', v: w, pos })
      else if (w === 'true' || w === 'false') toks.push({ k: 'bool', v: w, pos })
      else if (w === 'nil') toks.push({ k: 'nil', v: w, pos })
      else toks.push({ k: 'ident', v: w, pos })
    }
  }
  return toks
}

function parsePipe(toks: Tok[]): Pipe {
  let decl: string[] | undefined
  const di = toks.findIndex((t) => t.k === 'op' && (t.v === ':=' || t.v === '='))
  if (di >= 0) {
    decl = toks
      .slice(0, di)
      .filter((t) => t.k === 'var')
      .map((t) => t.v)
    toks = toks.slice(di + 1)
  }
  const cmds: Cmd[] = [[]]
  let depth = 0
  for (const t of toks) {
    if (t.k === 'op' && t.v === '(') depth++
    if (t.k === 'op' && t.v === ')') depth--
    if (t.k === 'op' && t.v === '|' && depth === 0) cmds.push([])
    else cmds[cmds.length - 1].push(t)
  }
  return { decl, cmds }
}

/** Splits text/actions, applying `{{-` / `-}}` trimming and dropping comments. */
function split(src: string): ({ text: string } | { action: string; pos: number })[] {
  const out: ({ text: string } | { action: string; pos: number })[] = []
  let i = 0
  let trimNext = false
  while (i <= src.length) {
    const open = src.indexOf('{{', i)
    let text = open < 0 ? src.slice(i) : src.slice(i, open)
    if (trimNext) text = text.replace(/^\s+/, '')
    trimNext = false
    if (open < 0) {
      if (text) out.push({ text })
      break
    }
    let inner = src.slice(open + 2)
    if (/^- /.test(inner)) {
      text = text.replace(/\s+$/, '')
      inner = inner.slice(2)
    }
    if (text) out.push({ text })
    const close = inner.indexOf('}}')
    if (close < 0) throw new GoTemplateError('unclosed action')
    let body = inner.slice(0, close)
    if (/ -$/.test(body)) {
      body = body.slice(0, -2)
      trimNext = true
    }
    const trimmed = body.trim()
    // where the action's text starts in the template, for error positions
    const pos =
      open +
      2 +
      (src.slice(open + 2).length - inner.length) +
      (body.length - body.trimStart().length)
    if (!(trimmed.startsWith('/*') && trimmed.endsWith('*/'))) out.push({ action: trimmed, pos })
    i = open + 2 + (src.slice(open + 2).length - inner.length) + close + 2
  }
  return out
}

function parseTemplate(src: string): TNode[] {
  const parts = split(src)
  let pos = 0
  const block = (): { nodes: TNode[]; end: string } => {
    const nodes: TNode[] = []
    while (pos < parts.length) {
      const p = parts[pos++]
      if ('text' in p) {
        nodes.push({ t: 'text', s: p.text })
        continue
      }
      const a = p.action
      const kw = /^(\w+)\b\s*(.*)$/s.exec(a)
      const word = kw?.[1]
      if (word === 'end' || word === 'else') return { nodes, end: a }
      if (word === 'if' || word === 'range' || word === 'with') {
        const node: any = {
          t: word,
          pipe: parsePipe(lexAction(kw![2], p.pos + a.length - kw![2].length)),
          body: [],
          else: [],
        }
        let r = block()
        node.body = r.nodes
        // `else if` chains nest an if inside the else branch
        let target = node
        while (r.end.startsWith('else')) {
          const rest = r.end.slice(4).trim()
          if (rest.startsWith('if ')) {
            const inner: any = {
              t: 'if',
              pipe: parsePipe(lexAction(rest.slice(3))),
              body: [],
              else: [],
            }
            target.else = [inner]
            r = block()
            inner.body = r.nodes
            target = inner
          } else {
            r = block()
            target.else = r.nodes
          }
        }
        if (r.end !== 'end') throw new GoTemplateError(`unexpected EOF`)
        nodes.push(node)
      } else nodes.push({ t: 'action', pipe: parsePipe(lexAction(a, p.pos)) })
    }
    return { nodes, end: '' }
  }
  const r = block()
  if (r.end) throw new GoTemplateError(`unexpected {{${r.end}}}`)
  return r.nodes
}

// ---- execution -----------------------------------------------------------------------------

const MISSING = Symbol('missing')

function truthy(v: unknown): boolean {
  if (v === MISSING || v === null || v === undefined || v === false || v === 0 || v === '')
    return false
  if (Array.isArray(v)) return v.length > 0
  if (typeof v === 'object') return Object.keys(v as object).length > 0
  return true
}

function fieldChain(base: unknown, path: string): unknown {
  let cur = base
  for (const f of path.split('.').filter(Boolean)) {
    if (cur === MISSING || cur === null || cur === undefined) return MISSING
    if (typeof cur !== 'object' || Array.isArray(cur))
      throw new GoTemplateError(
        `can't evaluate field ${f} in type ${Array.isArray(cur) ? '[]interface {}' : typeof cur}`,
      )
    cur = f in (cur as object) ? (cur as any)[f] : MISSING
  }
  return cur
}

function sprintf(format: string, args: unknown[]): string {
  let ai = 0
  return format.replace(
    /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g,
    (_m, flags: string, width, prec, verb) => {
      if (verb === '%') return '%'
      const a = args[ai++]
      let s: string
      switch (verb) {
        case 'd':
          s = typeof a === 'number' ? String(Math.trunc(a)) : `%!d(${typeof a}=${goPrint(a)})`
          break
        case 'q':
          s = JSON.stringify(typeof a === 'string' ? a : goPrint(a))
          break
        case 'f':
          s = typeof a === 'number' ? a.toFixed(prec === undefined ? 6 : Number(prec)) : goPrint(a)
          break
        case 'x':
          s = typeof a === 'number' ? a.toString(16) : Buffer_hex(String(a))
          break
        default:
          s = a === MISSING ? '<no value>' : goPrint(a)
          if (prec !== undefined && verb === 's') s = s.slice(0, Number(prec))
      }
      const w = width === undefined ? 0 : Number(width)
      if (s.length < w)
        s = flags.includes('-') ? s.padEnd(w) : s.padStart(w, flags.includes('0') ? '0' : ' ')
      return s
    },
  )
}

function Buffer_hex(s: string): string {
  return [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

const clean = (v: unknown) => (v === MISSING ? undefined : v)

function cmp(a: unknown, b: unknown, name: string): number {
  const x = clean(a)
  const y = clean(b)
  if (typeof x !== typeof y)
    throw new GoTemplateError(`error calling ${name}: incompatible types for comparison`)
  return x === y ? 0 : (x as any) < (y as any) ? -1 : 1
}

const FUNCS: Record<string, (args: unknown[]) => unknown> = {
  printf: (a) => sprintf(String(clean(a[0]) ?? ''), a.slice(1)),
  print: (a) => a.map((x) => (x === MISSING ? '<no value>' : goPrint(x))).join(''),
  println: (a) => a.map((x) => (x === MISSING ? '<no value>' : goPrint(x))).join(' ') + '\n',
  len: (a) => {
    const v = clean(a[0])
    if (typeof v === 'string' || Array.isArray(v)) return v.length
    if (v && typeof v === 'object') return Object.keys(v).length
    throw new GoTemplateError(
      `error calling len: len of type ${v === undefined ? '<nil>' : typeof v}`,
    )
  },
  index: (a) => {
    if (a[0] === MISSING || a[0] === null || a[0] === undefined)
      throw new CallError('index of untyped nil')
    let v = clean(a[0]) as any
    for (const k of a.slice(1)) {
      if (v === undefined || v === null) return MISSING
      v = Array.isArray(v)
        ? v[k as number]
        : k !== undefined && (k as string) in v
          ? v[k as string]
          : MISSING
    }
    return v
  },
  eq: (a) => a.slice(1).some((b) => cmp(a[0], b, 'eq') === 0),
  ne: (a) => cmp(a[0], a[1], 'ne') !== 0,
  lt: (a) => cmp(a[0], a[1], 'lt') < 0,
  le: (a) => cmp(a[0], a[1], 'le') <= 0,
  gt: (a) => cmp(a[0], a[1], 'gt') > 0,
  ge: (a) => cmp(a[0], a[1], 'ge') >= 0,
  not: (a) => !truthy(a[0]),
  and: (a) => a.find((x) => !truthy(x)) ?? a[a.length - 1],
  or: (a) => a.find((x) => truthy(x)) ?? a[a.length - 1],
  // registered by kubectl's template printer
  base64decode: (a) =>
    new TextDecoder().decode(
      Uint8Array.from(atob(String(clean(a[0]) ?? '')), (c) => c.charCodeAt(0)),
    ),
  exists: (a) => {
    let v = clean(a[0]) as any
    for (const k of a.slice(1)) {
      if (!v || typeof v !== 'object' || !((k as string) in v)) return false
      v = v[k as string]
    }
    return true
  },
}

/** A command node as text/template prints it in errors: `<index .metadata.labels "app">`. */
function nodeText(cmd: Cmd): string {
  return cmd.map((t) => (t.k === 'str' ? JSON.stringify(t.v) : t.v)).join(' ')
}

class Exec {
  out = ''
  constructor(
    private readonly root: unknown,
    private readonly source: string,
  ) {}

  private callError(cmd: Cmd, name: string, e: CallError): GoTemplateError {
    const pos = cmd[0].pos
    const before = this.source.slice(0, pos)
    const line = before.split('\n').length
    const col = pos - (before.lastIndexOf('\n') + 1)
    return new GoTemplateError(
      `template: output:${line}:${col}: executing "output" at <${nodeText(cmd)}>: error calling ${name}: ${e.message}`,
    )
  }

  private operand(t: Tok, dot: unknown, vars: Map<string, unknown>): unknown {
    switch (t.k) {
      case 'str':
        return t.v
      case 'num':
        return Number(t.v)
      case 'bool':
        return t.v === 'true'
      case 'nil':
        return null
      case 'field':
        return t.v === '.' ? dot : fieldChain(dot, t.v)
      case 'var': {
        const [name, ...rest] = t.v.split('.')
        const base = name === '$' ? this.root : vars.get(name)
        if (!vars.has(name) && name !== '$')
          throw new GoTemplateError(`undefined variable "${name}"`)
        return rest.length ? fieldChain(base, rest.join('.')) : base
      }
      default:
        throw new GoTemplateError(`unexpected "${t.v}" in operand`)
    }
  }

  pipe(p: Pipe, dot: unknown, vars: Map<string, unknown>): unknown {
    let prev: unknown = MISSING
    let first = true
    for (const cmd of p.cmds) {
      const head = cmd[0]
      if (!head) throw new GoTemplateError('missing value for command')
      const args = () => {
        const out: unknown[] = []
        for (let i = 1; i < cmd.length; i++) {
          const t = cmd[i]
          if (t.k === 'op' && t.v === '(') {
            let depth = 1
            let j = i + 1
            for (; j < cmd.length && depth > 0; j++) {
              if (cmd[j].k === 'op' && cmd[j].v === '(') depth++
              if (cmd[j].k === 'op' && cmd[j].v === ')') depth--
            }
            out.push(this.pipe(parsePipe(cmd.slice(i + 1, j - 1)), dot, vars))
            i = j - 1
          } else out.push(this.operand(t, dot, vars))
        }
        if (!first) out.push(prev)
        return out
      }
      if (head.k === 'ident') {
        const fn = FUNCS[head.v]
        if (!fn) throw new GoTemplateError(`function "${head.v}" not defined`)
        try {
          prev = fn(args())
        } catch (e) {
          if (e instanceof CallError) throw this.callError(cmd, head.v, e)
          throw e
        }
      } else if (head.k === 'op' && head.v === '(') {
        // A parenthesised pipeline, optionally followed by field access: `(index .spec.ports 0).nodePort`.
        let depth = 1
        let j = 1
        for (; j < cmd.length && depth > 0; j++) {
          if (cmd[j].k === 'op' && cmd[j].v === '(') depth++
          if (cmd[j].k === 'op' && cmd[j].v === ')') depth--
        }
        if (depth !== 0) throw new GoTemplateError('unclosed left paren')
        let value = this.pipe(parsePipe(cmd.slice(1, j - 1)), dot, vars)
        while (
          j < cmd.length &&
          cmd[j].k === 'field' &&
          cmd[j].pos === cmd[j - 1].pos + cmd[j - 1].v.length
        ) {
          value = fieldChain(value, cmd[j].v)
          j++
        }
        if (j < cmd.length)
          throw new GoTemplateError(
            `can't give argument to non-function ${nodeText(cmd.slice(0, j))}`,
          )
        prev = value
      } else if (cmd.length === 1) prev = this.operand(head, dot, vars)
      else throw new GoTemplateError(`can't give argument to non-function ${head.v}`)
      first = false
    }
    if (p.decl) for (const d of p.decl) vars.set(d, prev)
    return prev
  }

  run(nodes: TNode[], dot: unknown, vars: Map<string, unknown>): void {
    for (const n of nodes) {
      if (n.t === 'text') this.out += n.s
      else if (n.t === 'action') {
        const v = this.pipe(n.pipe, dot, vars)
        if (!n.pipe.decl)
          this.out += v === MISSING || v === null || v === undefined ? '<no value>' : goPrint(v)
      } else if (n.t === 'if') {
        this.run(truthy(this.pipe(n.pipe, dot, new Map(vars))) ? n.body : n.else, dot, vars)
      } else if (n.t === 'with') {
        const v = this.pipe(n.pipe, dot, new Map(vars))
        if (truthy(v)) this.run(n.body, v, vars)
        else this.run(n.else, dot, vars)
      } else this.range(n as Extract<TNode, { t: 'range' }>, dot, vars)
    }
  }

  private range(n: Extract<TNode, { t: 'range' }>, dot: unknown, vars: Map<string, unknown>): void {
    const decl = n.pipe.decl
    const v = clean(this.pipe({ cmds: n.pipe.cmds }, dot, vars))
    let entries: [unknown, unknown][] = []
    if (Array.isArray(v)) entries = v.map((x, i) => [i, x])
    else if (v && typeof v === 'object')
      entries = Object.keys(v)
        .sort()
        .map((k) => [k, (v as any)[k]])
    else if (typeof v === 'number') entries = Array.from({ length: v }, (_x, i) => [i, i])
    else if (v !== undefined && v !== null)
      throw new GoTemplateError(`range can't iterate over ${goPrint(v)}`)
    if (entries.length === 0) return this.run(n.else, dot, vars)
    for (const [k, x] of entries) {
      const scope = new Map(vars)
      if (decl?.length === 1) scope.set(decl[0], x)
      if (decl?.length === 2) {
        scope.set(decl[0], k)
        scope.set(decl[1], x)
      }
      this.run(n.body, x, scope)
    }
  }
}

/** Renders a template against data (the object, or the List for several objects). */
export function executeGoTemplate(template: string, data: unknown): string {
  if (templateDepth(split(template)) > MAX_TEMPLATE_DEPTH)
    throw new GoTemplateError('max expression depth exceeded')
  const nodes = parseTemplate(template)
  const ex = new Exec(data, template)
  try {
    ex.run(nodes, data, new Map())
  } catch (e) {
    if (e instanceof GoTemplateError) e.partial = ex.out
    throw e
  }
  return ex.out
}

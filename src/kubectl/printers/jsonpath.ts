/**
 * k8s.io/client-go/util/jsonpath as kubectl uses it for -o jsonpath: `{.a.b}`, `[*]`, `[0]`, `[-1:]`,
 * `[?(@.x=="y")]`, `..`, `.*`, `['dotted.key']`, unions, `{range …}{end}` and quoted literals.
 * Several results of one action print space-separated; maps and lists print as compact JSON.
 */
import { goJsonEscape } from './json.ts'

export class JsonPathError extends Error {}

type Step =
  | { t: 'field'; name: string }
  | { t: 'wildcard' }
  | { t: 'recursive' }
  | { t: 'array'; start?: number; end?: number; step?: number; single: boolean }
  | { t: 'union'; items: Step[][] }
  | { t: 'filter'; left: Operand; op: string; right?: Operand }
  | { t: 'ident'; name: string }

type Operand = { t: 'path'; steps: Step[] } | { t: 'lit'; value: string | number | boolean }

type Node =
  | { t: 'text'; text: string }
  | { t: 'expr'; steps: Step[] }
  | { t: 'range'; steps: Step[]; body: Node[] }

// ---- parsing -------------------------------------------------------------------------------

function splitActions(template: string): ({ text: string } | { action: string })[] {
  const out: ({ text: string } | { action: string })[] = []
  let i = 0
  while (i < template.length) {
    const open = template.indexOf('{', i)
    if (open < 0) {
      out.push({ text: template.slice(i) })
      break
    }
    if (open > i) out.push({ text: template.slice(i, open) })
    // find the matching close brace, skipping quoted strings
    let j = open + 1
    let quote = ''
    for (; j < template.length; j++) {
      const c = template[j]
      if (quote) {
        if (c === '\\') j++
        else if (c === quote) quote = ''
      } else if (c === '"' || c === "'") quote = c
      else if (c === '}') break
    }
    if (j >= template.length) throw new JsonPathError('unclosed action')
    out.push({ action: template.slice(open + 1, j) })
    i = j + 1
  }
  return out
}

function unquote(s: string): string {
  if (s[0] === "'") return s.slice(1, -1).replace(/\\'/g, "'")
  try {
    return JSON.parse(s)
  } catch {
    throw new JsonPathError(`invalid syntax`)
  }
}

function parseNumber(s: string): number | undefined {
  const t = s.trim()
  if (t === '') return undefined
  if (!/^-?\d+$/.test(t)) throw new JsonPathError(`array index ${s} is not a number`)
  return Number(t)
}

function parseBracket(inner: string): Step {
  const s = inner.trim()
  if (s.startsWith('?')) {
    const m = /^\?\((.*)\)$/s.exec(s)
    if (!m) throw new JsonPathError(`unclosed array expect ]`)
    return parseFilter(m[1])
  }
  if (s === '*') return { t: 'array', single: false }
  if (s.includes(','))
    return {
      t: 'union',
      items: splitTop(s, ',').map((p) =>
        parseSteps(
          p.trim().startsWith("'") || p.trim().startsWith('"') ? `[${p.trim()}]` : p.trim(),
        ),
      ),
    }
  if (s[0] === "'" || s[0] === '"') return { t: 'field', name: unquote(s) }
  const parts = s.split(':')
  if (parts.length > 3) throw new JsonPathError(`invalid array index ${s}`)
  if (parts.length === 1) return { t: 'array', start: parseNumber(parts[0]), single: true }
  return {
    t: 'array',
    start: parseNumber(parts[0]),
    end: parseNumber(parts[1]),
    step: parts.length === 3 ? parseNumber(parts[2]) : undefined,
    single: false,
  }
}

function splitTop(s: string, sep: string): string[] {
  const out: string[] = []
  let depth = 0
  let quote = ''
  let cur = ''
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (quote) {
      if (c === quote) quote = ''
    } else if (c === '"' || c === "'") quote = c
    else if (c === '[' || c === '(') depth++
    else if (c === ']' || c === ')') depth--
    else if (c === sep && depth === 0) {
      out.push(cur)
      cur = ''
      continue
    }
    cur += c
  }
  out.push(cur)
  return out
}

const OPS = ['==', '!=', '>=', '<=', '>', '<']

function parseOperand(s: string): Operand {
  const t = s.trim()
  if (t.startsWith('@') || t.startsWith('.') || t.startsWith('$'))
    return { t: 'path', steps: parseSteps(t) }
  if (t[0] === '"' || t[0] === "'") return { t: 'lit', value: unquote(t) }
  if (/^-?\d+(\.\d+)?$/.test(t)) return { t: 'lit', value: Number(t) }
  if (t === 'true' || t === 'false') return { t: 'lit', value: t === 'true' }
  throw new JsonPathError(
    `unrecognized character in action: U+${t.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} '${t[0]}'`,
  )
}

function parseFilter(expr: string): Step {
  let quote = ''
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]
    if (quote) {
      if (c === quote) quote = ''
      continue
    }
    if (c === '"' || c === "'") {
      quote = c
      continue
    }
    const op = OPS.find((o) => expr.startsWith(o, i))
    if (op)
      return {
        t: 'filter',
        left: parseOperand(expr.slice(0, i)),
        op,
        right: parseOperand(expr.slice(i + op.length)),
      }
  }
  return { t: 'filter', left: parseOperand(expr), op: 'exists' }
}

/** A path expression such as `.items[*].metadata.name` or `@.status`. */
function parseSteps(expr: string): Step[] {
  const steps: Step[] = []
  let i = 0
  const s = expr.trim()
  while (i < s.length) {
    const c = s[i]
    if (c === '$' || c === '@') {
      i++
    } else if (s.startsWith('..', i)) {
      steps.push({ t: 'recursive' })
      i += 1 // the second dot starts the next field
    } else if (c === '.') {
      i++
      if (s[i] === '*') {
        steps.push({ t: 'wildcard' })
        i++
        continue
      }
      let name = ''
      while (i < s.length && s[i] !== '.' && s[i] !== '[' && s[i] !== ' ') {
        if (s[i] === '\\' && i + 1 < s.length) {
          name += s[i + 1]
          i += 2
          continue
        }
        name += s[i++]
      }
      if (name !== '') steps.push({ t: 'field', name })
    } else if (c === '[') {
      let depth = 0
      let quote = ''
      let j = i
      for (; j < s.length; j++) {
        const d = s[j]
        if (quote) {
          if (d === quote) quote = ''
        } else if (d === '"' || d === "'") quote = d
        else if (d === '[') depth++
        else if (d === ']' && --depth === 0) break
      }
      if (j >= s.length) throw new JsonPathError('unterminated array')
      steps.push(parseBracket(s.slice(i + 1, j)))
      i = j + 1
    } else if (c === ' ') {
      i++
    } else if (/[A-Za-z_]/.test(c)) {
      // parses, but client-go fails when executing it
      let name = ''
      while (i < s.length && /[A-Za-z0-9_]/.test(s[i])) name += s[i++]
      steps.push({ t: 'ident', name })
    } else {
      throw new JsonPathError(
        `unrecognized character in action: U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} '${c}'`,
      )
    }
  }
  return steps
}

export function parseJsonPath(template: string): Node[] {
  const root: Node[] = []
  const stack: Node[][] = [root]
  for (const part of splitActions(template)) {
    const top = stack[stack.length - 1]
    if ('text' in part) {
      top.push({ t: 'text', text: part.text })
      continue
    }
    const a = part.action.trim()
    if (a === 'end') {
      if (stack.length === 1) throw new JsonPathError('not in range, nothing to end')
      stack.pop()
    } else if (a.startsWith('range ') || a.startsWith('range\t')) {
      const node: Node = { t: 'range', steps: parseSteps(a.slice(6)), body: [] }
      top.push(node)
      stack.push(node.body)
    } else if (a[0] === '"' || a[0] === "'") {
      top.push({ t: 'text', text: unquote(a) })
    } else if (a !== '') {
      top.push({ t: 'expr', steps: parseSteps(a) })
    }
  }
  return root
}

// ---- evaluation ----------------------------------------------------------------------------

function typeName(v: unknown): string {
  if (Array.isArray(v)) return '[]interface {}'
  if (v && typeof v === 'object') return 'map[string]interface {}'
  if (typeof v === 'string') return 'string'
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64'
  if (typeof v === 'boolean') return 'bool'
  return 'interface {}'
}

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v
  if (v && typeof v === 'object')
    return Object.keys(v)
      .sort()
      .map((k) => (v as any)[k])
  return []
}

class Evaluator {
  constructor(private readonly allowMissingKeys: boolean) {}

  steps(input: unknown[], steps: Step[]): unknown[] {
    let cur = input
    for (const st of steps) cur = this.step(cur, st)
    return cur
  }

  private step(input: unknown[], st: Step): unknown[] {
    switch (st.t) {
      case 'ident':
        throw new JsonPathError(`unrecognized identifier ${st.name}`)
      case 'field': {
        const out: unknown[] = []
        for (const v of input)
          if (v && typeof v === 'object' && !Array.isArray(v) && st.name in v)
            out.push((v as any)[st.name])
        if (out.length === 0 && input.length > 0 && !this.allowMissingKeys)
          throw new JsonPathError(`${st.name} is not found`)
        return out
      }
      case 'wildcard':
        return input.flatMap(children)
      case 'recursive': {
        const out: unknown[] = []
        const walk = (v: unknown) => {
          const c = typeof v === 'string' ? [] : children(v)
          if (c.length === 0) return
          out.push(v)
          c.forEach(walk)
        }
        input.forEach(walk)
        return out
      }
      case 'array':
        return input.flatMap((v) => this.slice(v, st))
      case 'union':
        return st.items.flatMap((steps) => this.steps(input, steps))
      case 'filter':
        return input.flatMap((v) => {
          if (v === null || v === undefined) return []
          if (!Array.isArray(v)) throw new JsonPathError(`${typeName(v)} is not array or slice`)
          return v.filter((item) => this.test(item, st))
        })
    }
  }

  private slice(v: unknown, st: Extract<Step, { t: 'array' }>): unknown[] {
    if (v === null || v === undefined) return []
    if (!Array.isArray(v)) throw new JsonPathError(`${typeName(v)} is not array or slice`)
    const len = v.length
    let start = st.start ?? 0
    if (start < 0) start += len
    let end: number
    if (st.single) {
      end = start + 1
    } else {
      end = st.end ?? len
      if (end < 0) end += len
    }
    if (st.single && st.start !== undefined && st.start < 0 && end === 0) end = len
    if (end === start) return []
    if (start >= len || start < 0)
      throw new JsonPathError(`array index out of bounds: index ${start}, length ${len}`)
    if (end > len || end < 0)
      throw new JsonPathError(`array index out of bounds: index ${end - 1}, length ${len}`)
    if (start > end)
      throw new JsonPathError(`starting index ${start} is greater than ending index ${end}`)
    const step = st.step ?? 1
    if (st.step !== undefined && step <= 0) throw new JsonPathError('step must be > 0')
    const out: unknown[] = []
    for (let i = start; i < end; i += step) out.push(v[i])
    return out
  }

  private operand(item: unknown, o: Operand): unknown[] {
    return o.t === 'lit' ? [o.value] : this.steps([item], o.steps)
  }

  private test(item: unknown, f: Extract<Step, { t: 'filter' }>): boolean {
    const lefts = this.operand(item, f.left)
    if (f.op === 'exists') return lefts.length > 0
    if (lefts.length === 0) return false
    if (lefts.length > 1) throw new JsonPathError('can only compare one element at a time')
    const rights = this.operand(item, f.right!)
    if (rights.length === 0) return false
    if (rights.length > 1) throw new JsonPathError('can only compare one element at a time')
    const l = lefts[0]
    const r = rights[0]
    if (typeof l !== typeof r || typeof l === 'object')
      throw new JsonPathError('incompatible types for comparison')
    switch (f.op) {
      case '==':
        return l === r
      case '!=':
        return l !== r
      case '<':
        return (l as any) < (r as any)
      case '>':
        return (l as any) > (r as any)
      case '<=':
        return (l as any) <= (r as any)
      default:
        return (l as any) >= (r as any)
    }
  }
}

function text(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'object') return goJsonEscape(JSON.stringify(sortKeys(v)))
  return String(v)
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as any)[k])
    return out
  }
  return v
}

export interface JsonPathOptions {
  /** kubectl's --allow-missing-template-keys (default true). */
  allowMissingKeys?: boolean
  /** -o jsonpath-as-json: print results as an indented JSON array. */
  asJson?: boolean
}

function run(nodes: Node[], data: unknown, ev: Evaluator, out: unknown[][]): void {
  for (const n of nodes) {
    if (n.t === 'text') out.push([n.text])
    else if (n.t === 'expr') out.push(ev.steps([data], n.steps))
    else for (const item of ev.steps([data], n.steps)) run(n.body, item, ev, out)
  }
}

/** FindResults: one list of values per template node (allowing missing keys, as custom columns do). */
export function executeJsonPathResults(template: string, data: unknown): unknown[][] {
  const results: unknown[][] = []
  run(parseJsonPath(template), data, new Evaluator(true), results)
  return results
}

/** Executes a template against data; throws JsonPathError with client-go's message on failure. */
export function executeJsonPath(
  template: string,
  data: unknown,
  opts: JsonPathOptions = {},
): string {
  const nodes = parseJsonPath(template)
  const ev = new Evaluator(opts.allowMissingKeys ?? true)
  const results: unknown[][] = []
  run(nodes, data, ev, results)
  if (opts.asJson) {
    const flat = results.flat()
    return goJsonEscape(JSON.stringify(sortKeys(flat), null, 4)) + '\n'
  }
  return results.map((rs) => rs.map(text).join(' ')).join('')
}

/** Go's %#v of a decoded JSON value, as kubectl dumps the object when a template fails. */
export function goSyntax(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)'
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(', ')}}`
  if (typeof v === 'object')
    return `map[string]interface {}{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${goSyntax((v as any)[k])}`)
      .join(', ')}}`
  if (typeof v === 'string') return JSON.stringify(v)
  return String(v)
}

/**
 * What kubectl writes to stderr when a jsonpath template fails (parse or execution), including the
 * `error: ` prefix and the trailing blank lines.
 */
export function jsonPathFailure(
  template: string,
  err: JsonPathError,
  data: unknown,
  parse: boolean,
): string {
  if (parse) return `error: error parsing jsonpath ${template}, ${err.message}\n`
  return (
    `error: error executing jsonpath ${JSON.stringify(template)}: Error executing template: ${err.message}. ` +
    `Printing more information for debugging the template:\n\ttemplate was:\n\t\t${template}\n` +
    `\tobject given to jsonpath engine was:\n\t\t${goSyntax(data)}\n\n\n`
  )
}

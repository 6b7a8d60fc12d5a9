/**
 * YAML exactly as kubectl -o yaml prints it: sigs.k8s.io/yaml turns the JSON into go-yaml v2 values
 * and marshals them, so keys are sorted with go-yaml's natural order, sequences sit at their parent
 * key's indentation, strings are quoted only when go-yaml must, and long lines fold at column 80.
 */
import { isBreak, isPrintable, stringStyle } from './yamlScalar.ts'

const BEST_WIDTH = 80
const INDENT = 2

const isLetter = (ch: string) => /\p{L}/u.test(ch)
const isDigit = (ch: string) => ch >= '0' && ch <= '9'

/** go-yaml v2 keyList.Less for string keys: letters after other runes, digit runs numerically. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a]
  const br = [...b]
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue
    const al = isLetter(ar[i])
    const bl = isLetter(br[i])
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!
    if (al || bl) return bl
    let an = 0
    let bn = 0
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1
          bn = 1
          break
        }
      }
    }
    let ai = i
    let bi = i
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai])
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi])
    if (an !== bn) return an < bn
    if (ai !== bi) return ai < bi
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!
  }
  return ar.length < br.length
}

export function sortYamlKeys(keys: string[]): string[] {
  return [...keys].sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0))
}

/** strconv.FormatFloat(f, 'g', -1, 64) with go-yaml's .inf/.nan spellings. */
export function goFloat(f: number): string {
  if (Number.isNaN(f)) return '.nan'
  if (f === Infinity) return '.inf'
  if (f === -Infinity) return '-.inf'
  if (Number.isInteger(f) && Math.abs(f) < 1e21 && Math.abs(f) < 1e6) return String(f)
  const abs = Math.abs(f)
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21 || (abs >= 1e6 && !Number.isSafeInteger(f)))) {
    const [m, e] = f.toExponential().split('e')
    const sign = e[0] === '-' ? '-' : '+'
    const digits = e.replace(/^[+-]/, '')
    return `${m}e${sign}${digits.padStart(2, '0')}`
  }
  return String(f)
}

/** Line-oriented writer mirroring the libyaml emitter's column/whitespace bookkeeping. */
class Emitter {
  out = ''
  column = 0
  whitespace = true
  indention = true

  put(s: string): void {
    this.out += s
    // eslint-disable-next-line no-control-regex
    this.column += /[^\u0000-\u007f]/.test(s) ? [...s].length : s.length
  }

  newline(): void {
    this.out += '\n'
    this.column = 0
  }

  writeIndent(indent: number): void {
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.newline()
    while (this.column < indent) this.put(' ')
    this.whitespace = true
    this.indention = true
  }

  /** write_indicator: a dash keeps `indention` so a nested collection starts on its line. */
  indicator(s: string, needWhitespace: boolean, isIndention = false): void {
    if (needWhitespace && !this.whitespace) this.put(' ')
    this.put(s)
    this.whitespace = false
    this.indention = this.indention && isIndention
  }

  scalar(s: string, indent: number, simpleKey: boolean): void {
    const style = stringStyle(s, simpleKey)
    const allowBreaks = !simpleKey
    switch (style) {
      case 'plain':
        return this.plain(s, indent, allowBreaks)
      case 'single':
        return this.singleQuoted(s, indent, allowBreaks)
      case 'double':
        return this.doubleQuoted(s, indent, allowBreaks)
      case 'literal':
        return this.literal(s, indent)
    }
  }

  /** A non-string scalar (number, bool, null): always plain. */
  raw(s: string): void {
    if (!this.whitespace) this.put(' ')
    this.put(s)
    this.whitespace = false
    this.indention = false
  }

  private plain(s: string, indent: number, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ')
    // no fold point can be reached: write it whole
    if (!allowBreaks || !s.includes(' ') || this.column + s.length <= BEST_WIDTH) {
      this.put(s)
      this.whitespace = false
      this.indention = false
      return
    }
    const chars = [...s]
    let spaces = false
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && chars[i + 1] !== ' ')
          this.writeIndent(indent)
        else this.put(ch)
        spaces = true
      } else {
        this.put(ch)
        this.indention = false
        spaces = false
      }
    }
    this.whitespace = false
    this.indention = false
  }

  private singleQuoted(s: string, indent: number, allowBreaks: boolean): void {
    this.indicator("'", true)
    const chars = [...s]
    let spaces = false
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]
      if (ch === ' ') {
        if (
          allowBreaks &&
          !spaces &&
          this.column > BEST_WIDTH &&
          i > 0 &&
          i < chars.length - 1 &&
          chars[i + 1] !== ' '
        )
          this.writeIndent(indent)
        else this.put(ch)
        spaces = true
      } else {
        if (ch === "'") this.put("'")
        this.put(ch)
        this.indention = false
        spaces = false
      }
    }
    this.indicator("'", false)
  }

  private doubleQuoted(s: string, indent: number, allowBreaks: boolean): void {
    this.indicator('"', true)
    const chars = [...s]
    let spaces = false
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]
      const cp = ch.codePointAt(0)!
      if (!isPrintable(cp) || cp === 0xfeff || isBreak(ch) || ch === '"' || ch === '\\') {
        this.put('\\' + escape(cp))
        spaces = false
      } else if (ch === ' ') {
        if (
          allowBreaks &&
          !spaces &&
          this.column > BEST_WIDTH &&
          i !== 0 &&
          i !== chars.length - 1
        ) {
          this.writeIndent(indent)
          if (chars[i + 1] === ' ') this.put('\\')
        } else this.put(ch)
        spaces = true
      } else {
        this.put(ch)
        spaces = false
      }
    }
    this.indicator('"', false)
  }

  private literal(s: string, indent: number): void {
    this.indicator('|', true)
    const chars = [...s]
    if (chars[0] === ' ' || isBreak(chars[0])) this.indicator(String(INDENT), false)
    const last = chars.length - 1
    if (!isBreak(chars[last])) this.indicator('-', false)
    else if (last === 0 || isBreak(chars[last - 1])) this.indicator('+', false)
    this.newline()
    this.indention = true
    this.whitespace = true
    let breaks = true
    for (const ch of chars) {
      if (isBreak(ch)) {
        this.newline()
        this.indention = true
        breaks = true
      } else {
        if (breaks) this.writeIndent(indent)
        this.put(ch)
        this.indention = false
        breaks = false
      }
    }
    // what follows starts on a fresh line, as after a put_break
    this.whitespace = true
    this.indention = true
  }
}

function escape(cp: number): string {
  const named: Record<number, string> = {
    0x00: '0',
    0x07: 'a',
    0x08: 'b',
    0x09: 't',
    0x0a: 'n',
    0x0b: 'v',
    0x0c: 'f',
    0x0d: 'r',
    0x1b: 'e',
    0x22: '"',
    0x5c: '\\',
    0x85: 'N',
    0xa0: '_',
    0x2028: 'L',
    0x2029: 'P',
  }
  if (named[cp] !== undefined) return named[cp]
  const hex = cp.toString(16).toUpperCase()
  if (cp <= 0xff) return 'x' + hex.padStart(2, '0')
  if (cp <= 0xffff) return 'u' + hex.padStart(4, '0')
  return 'U' + hex.padStart(8, '0')
}

function isEmptyCollection(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0
  return (
    typeof v === 'object' && v !== null && Object.keys(v).every((k) => (v as any)[k] === undefined)
  )
}

type Context = 'root' | 'mapValue' | 'seqItem'

/** emit_node: `indent` is the block indentation of the enclosing collection (-2 at the root). */
function emitNode(e: Emitter, v: unknown, indent: number, ctx: Context): void {
  if (v === null || v === undefined) return e.raw('null')
  if (typeof v === 'boolean') return e.raw(v ? 'true' : 'false')
  if (typeof v === 'number') return e.raw(goFloat(v))
  if (typeof v === 'string') return e.scalar(v, indent + INDENT, false)
  if (isEmptyCollection(v)) return e.raw(Array.isArray(v) ? '[]' : '{}')
  if (Array.isArray(v)) {
    // go-yaml v2 keeps a sequence that is a mapping value at the key's column ("indentless")
    for (const item of v) {
      const seqIndent = ctx === 'mapValue' ? indent : indent + INDENT
      e.writeIndent(seqIndent)
      e.indicator('-', true, true)
      emitNode(e, item, seqIndent, 'seqItem')
    }
    return
  }
  const m = v as Record<string, unknown>
  const mapIndent = indent + INDENT
  for (const k of sortYamlKeys(Object.keys(m).filter((key) => m[key] !== undefined))) {
    e.writeIndent(mapIndent)
    e.scalar(k, mapIndent + INDENT, true)
    e.indicator(':', false)
    emitNode(e, m[k], mapIndent, 'mapValue')
  }
}

/** kubectl's YAML for one value (an object, or a List built by the caller). */
export function toYaml(value: unknown): string {
  const e = new Emitter()
  emitNode(e, value, -INDENT, 'root')
  return e.out + '\n'
}

/** A value: awk strings and numbers, plus "strnum" (input that looks numeric compares as a number). */
export type Val = string | number | { s: string; n: number }

export class Next {}
export class Exit {
  constructor(readonly code: number) {}
}
export class Break {}
export class Continue {}
export class Return {
  constructor(readonly v: Val) {}
}
export class AwkRuntimeError extends Error {}

const NUMERIC = /^\s*[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?)\s*$/

export function strnum(s: string): Val {
  return NUMERIC.test(s) ? { s, n: Number(s) } : s
}

export function num(v: Val): number {
  if (typeof v === 'number') return v
  if (typeof v === 'object') return v.n
  const m = /^\s*[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+)/.exec(v)
  return m ? Number(m[0]) : 0
}

/** Number to string as mawk prints it: integers that fit a C int plainly, others with %.6g. */
export function fmtNum(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) <= 0x7fffffff) return String(n)
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : n < 0 ? '-inf' : 'nan'
  return gfmt(n, 6)
}

export function gfmt(n: number, prec: number): string {
  if (n === 0) return '0'
  const p = prec || 1
  const exp = Math.floor(Math.log10(Math.abs(n)))
  if (exp < -4 || exp >= p) {
    const s = n.toExponential(p - 1)
    const [m, e] = s.split('e')
    const mant = m.includes('.') ? m.replace(/\.?0+$/, '') : m
    const ev = Number(e)
    return `${mant}e${ev < 0 ? '-' : '+'}${String(Math.abs(ev)).padStart(2, '0')}`
  }
  const s = n.toFixed(Math.max(0, p - 1 - exp))
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s
}

export function str(v: Val): string {
  if (typeof v === 'string') return v
  if (typeof v === 'object') return v.s
  return fmtNum(v)
}

export function truthy(v: Val): boolean {
  if (typeof v === 'number') return v !== 0
  if (typeof v === 'object') return v.n !== 0
  return v !== ''
}

export function isNumeric(v: Val): boolean {
  return typeof v === 'number' || typeof v === 'object'
}

/** awk's printf/sprintf. */
export function awkSprintf(fmt: string, args: Val[]): string {
  let i = 0
  return fmt.replace(
    /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([cdiouxXeEfgGs%])/g,
    (_m, flags: string, w: string, p: string, c: string) => {
      if (c === '%') return '%'
      const width = w === '*' ? num(args[i++] ?? 0) : w ? Number(w) : 0
      const prec = p === '*' ? num(args[i++] ?? 0) : p !== undefined ? Number(p) : undefined
      const a = args[i++] ?? ''
      let s: string
      switch (c) {
        case 's':
          s = str(a)
          if (prec !== undefined) s = s.slice(0, prec)
          break
        case 'c':
          s = isNumeric(a) ? String.fromCharCode(num(a)) : str(a).slice(0, 1)
          break
        case 'd':
        case 'i':
          s = String(Math.trunc(num(a)))
          if (flags.includes('+') && !s.startsWith('-')) s = '+' + s
          break
        case 'o':
          s = Math.trunc(num(a)).toString(8)
          break
        case 'u':
          s = String(Math.trunc(num(a)))
          break
        case 'x':
        case 'X':
          s = Math.trunc(num(a)).toString(16)
          if (c === 'X') s = s.toUpperCase()
          break
        case 'e':
        case 'E':
          s = num(a)
            .toExponential(prec ?? 6)
            .replace(/e([-+])(\d)$/, 'e$10$2')
          if (c === 'E') s = s.toUpperCase()
          break
        case 'g':
        case 'G':
          s = gfmt(num(a), prec ?? 6)
          break
        default:
          s = num(a).toFixed(prec ?? 6)
          if (flags.includes('+') && !s.startsWith('-')) s = '+' + s
      }
      if (s.length >= width) return s
      if (flags.includes('-')) return s.padEnd(width)
      if (flags.includes('0') && c !== 's' && c !== 'c') {
        const sign = /^[-+]/.test(s) ? s[0] : ''
        return sign + s.slice(sign.length).padStart(width - sign.length, '0')
      }
      return s.padStart(width)
    },
  )
}

/** mawk-compatible awk for one-liners and short programs (no getline from files, no pipes). */

export function arith(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b
    case '-':
      return a - b
    case '*':
      return a * b
    case '/':
      if (b === 0) throw new AwkRuntimeError('division by zero')
      return a / b
    case '%':
      if (b === 0) throw new AwkRuntimeError('division by zero in %')
      return a % b
    case '^':
      return a ** b
  }
  return 0
}

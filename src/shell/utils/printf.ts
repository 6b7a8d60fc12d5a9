/* eslint-disable require-yield -- commands are generators by contract, also those that never wait */
import type { CommandContext } from '../types.ts'
import { ansiC } from '../lexer.ts'
import { shellQuote } from '../io.ts'
import type { Gen } from './common.ts'

/** bash's `printf`: the format is reused until the arguments run out. */
export function* printf(args: string[], ctx: CommandContext): Gen {
  let a = args
  if (a[0] === '-v') {
    ctx.io.err(
      'bash: printf: -v: assigning to a variable is not supported here; use var=$(printf ...)\n',
    )
    return 2
  }
  if (a[0] === '--') a = a.slice(1)
  if (!a.length) {
    ctx.io.err('bash: printf: usage: printf [-v var] format [arguments]\n')
    return 2
  }
  const [fmt, ...rest] = a
  let out = ''
  let status = 0
  let k = 0
  const next = (): string | undefined => (k < rest.length ? rest[k++] : undefined)
  const num = (s: string | undefined, float: boolean): number => {
    if (s === undefined || s === '') return 0
    if (/^['"]/.test(s)) return s.codePointAt(1) ?? 0
    const t = s.trim()
    const ok = float
      ? /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)
      : /^[-+]?(0x[0-9a-f]+|\d+)$/i.test(t)
    if (!ok) {
      ctx.io.err(`bash: printf: ${s}: invalid number\n`)
      status = 1
      const lead = /^[-+]?\d+(\.\d*)?/.exec(t)
      return lead ? Number(lead[0]) : 0
    }
    return Number(t)
  }
  do {
    const before = k
    let stop = false
    out += fmt.replace(
      /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([sdiouxXfeEgGcbq%])|\\(0[0-7]{0,3}|[0-7]{1,3}|x[0-9a-fA-F]{1,2}|c|.)/g,
      (m, flags: string, w: string, p: string, conv: string, esc: string) => {
        if (stop) return ''
        if (esc !== undefined) {
          if (esc === 'c') {
            stop = true
            return ''
          }
          return ansiC('\\' + esc)
        }
        if (conv === '%') return '%'
        const width = w === '*' ? num(next(), false) : w ? Number(w) : 0
        const prec = p === '*' ? num(next(), false) : p !== undefined ? Number(p) : undefined
        const arg = next()
        let v: string
        switch (conv) {
          case 's':
            v = arg ?? ''
            if (prec !== undefined) v = v.slice(0, prec)
            break
          case 'b':
            v = ansiC(arg ?? '')
            break
          case 'q':
            v =
              arg === undefined
                ? "''"
                : shellQuote(arg).replace(/^'([^']*)'$/, (_q, inner: string) =>
                    inner.replace(/([^A-Za-z0-9_@%+=:,./-])/g, '\\$1'),
                  )
            break
          case 'c':
            v = (arg ?? '').slice(0, 1)
            break
          case 'd':
          case 'i':
            v = String(Math.trunc(num(arg, false)))
            if (prec !== undefined) v = v.replace(/\d+/, (d) => d.padStart(prec, '0'))
            if (flags.includes('+') && !v.startsWith('-')) v = '+' + v
            else if (flags.includes(' ') && !v.startsWith('-')) v = ' ' + v
            break
          case 'u':
            v = String(Math.trunc(num(arg, false)))
            break
          case 'o':
            v = Math.trunc(num(arg, false)).toString(8)
            break
          case 'x':
          case 'X':
            v = Math.trunc(num(arg, false)).toString(16)
            if (conv === 'X') v = v.toUpperCase()
            if (flags.includes('#') && v !== '0') v = (conv === 'X' ? '0X' : '0x') + v
            break
          case 'e':
          case 'E':
            v = num(arg, true)
              .toExponential(prec ?? 6)
              .replace(/e([-+])(\d)$/, 'e$10$2')
            if (conv === 'E') v = v.toUpperCase()
            break
          case 'g':
          case 'G':
            v = String(Number(num(arg, true).toPrecision(prec || 6)))
            break
          default:
            v = num(arg, true).toFixed(prec ?? 6)
            if (flags.includes('+') && !v.startsWith('-')) v = '+' + v
        }
        if (v.length >= width) return v
        if (flags.includes('-')) return v.padEnd(width)
        if (flags.includes('0') && /[diouxXfeEgG]/.test(conv)) {
          const sign = /^[-+ ]/.test(v) ? v[0] : ''
          return sign + v.slice(sign.length).padStart(width - sign.length, '0')
        }
        return v.padStart(width)
      },
    )
    if (stop || k === before) break
  } while (k < rest.length)
  ctx.io.out(out)
  return status
}

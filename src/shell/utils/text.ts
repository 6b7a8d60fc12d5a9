/* eslint-disable require-yield -- commands are generators by contract, also those that never wait */
import type { Command, CommandContext } from '../types.ts'
import { fail, getopt, lines, readInputs, usage, type Gen } from './common.ts'
import { followFiles, openFailure, type TailFlavour } from './tailFollow.ts'
import { gnuQuote, isBusybox, quoteAlways } from './userland.ts'

/** head's words for a file it cannot open: GNU's, or busybox's fopen_or_warn. */
const openMsg = (name: string, ctx: CommandContext) => (f: string, r: string) =>
  isBusybox(ctx)
    ? `${name}: ${f}: ${r}`
    : `${name}: cannot open ${quoteAlways(f)} for reading: ${r}`

export const TEXT: Record<string, Command> = {
  head: (args, ctx) => headTail('head', args, ctx),
  tail: (args, ctx) => headTail('tail', args, ctx, isBusybox(ctx) ? 'busybox' : 'gnu'),
  wc: (args, ctx) => wc(args, ctx),
  sort: (args, ctx) => sort(args, ctx),
  *uniq(args, ctx) {
    const { opts, rest } = getopt(args, 'fs')
    const count = opts.some(([o]) => o === 'c')
    const dupOnly = opts.some(([o]) => o === 'd')
    const uniqOnly = opts.some(([o]) => o === 'u')
    const ignoreCase = opts.some(([o]) => o === 'i')
    const { inputs, failed } = readInputs('uniq', rest.slice(0, 1), ctx)
    if (failed) return 1
    const ls = lines(inputs.map((i) => i.text).join(''))
    let out = ''
    for (let i = 0; i < ls.length;) {
      let j = i + 1
      const key = ignoreCase ? ls[i].toLowerCase() : ls[i]
      while (j < ls.length && (ignoreCase ? ls[j].toLowerCase() : ls[j]) === key) j++
      const n = j - i
      if (!(dupOnly && n < 2) && !(uniqOnly && n > 1))
        out += (count ? `${String(n).padStart(7)} ` : '') + ls[i] + '\n'
      i = j
    }
    ctx.io.out(out)
    return 0
  },
  cut: (args, ctx) => cut(args, ctx),
  tr: (args, ctx) => tr(args, ctx),
  *rev(args, ctx) {
    const { inputs, failed } = readInputs('rev', args, ctx, (f, r) => `rev: cannot open ${f}: ${r}`)
    ctx.io.out(
      lines(inputs.map((i) => i.text).join(''))
        .map((l) => [...l].reverse().join('') + '\n')
        .join(''),
    )
    return failed ? 1 : 0
  },
}

function* headTail(
  name: 'head' | 'tail',
  args: string[],
  ctx: CommandContext,
  flavour: TailFlavour = 'gnu',
): Gen {
  const a = args.map((x, i) => {
    if (args[i - 1] === '-n' || args[i - 1] === '-c') return x
    return /^-\d+$/.test(x)
      ? `-n${x.slice(1)}`
      : /^\+\d+$/.test(x) && name === 'tail'
        ? `-n${x}`
        : x
  })
  const { opts, rest, bad } = getopt(a, 'nc', ['lines', 'bytes'])
  if (bad)
    return yield* fail(ctx, `${name}: option requires an argument -- '${bad}'\n${usage(name)}`)
  let n = '10'
  let bytes = false
  let follow = false
  let byName = false
  let retry = false
  for (const [o, v] of opts) {
    if (o === 'n' || o === '--lines') n = v
    else if (o === 'c' || o === '--bytes') {
      n = v
      bytes = true
    } else if (o === 'f' || o === '--follow') {
      follow = true
      byName = v === 'name'
    } else if (o === 'F') {
      follow = byName = retry = true
    } else if (o === '--retry' && flavour === 'gnu') retry = true
  }
  if (!/^[-+]?\d+$/.test(n))
    return yield* fail(
      ctx,
      isBusybox(ctx)
        ? `${name}: invalid number '${n.replace(/^[-+]/, '')}'`
        : `${name}: invalid number of ${bytes ? 'bytes' : 'lines'}: ${gnuQuote(ctx, n)}`,
    )
  if (name === 'tail' && retry && flavour === 'gnu' && !byName)
    ctx.io.err(
      follow
        ? 'tail: warning: --retry only effective for the initial open\n'
        : 'tail: warning: --retry ignored; --retry is useful only when following\n',
    )
  const message =
    name === 'tail' ? (f: string, r: string) => openFailure(flavour, f, r) : openMsg(name, ctx)
  const { inputs, failed } = readInputs(name, rest, ctx, message)
  const num = Math.abs(Number(n))
  let out = ''
  for (const [idx, input] of inputs.entries()) {
    if (inputs.length > 1) out += `${idx ? '\n' : ''}==> ${input.name} <==\n`
    if (bytes) {
      const t = input.text
      out +=
        name === 'head'
          ? n.startsWith('-')
            ? t.slice(0, Math.max(0, t.length - num))
            : t.slice(0, num)
          : n.startsWith('+')
            ? t.slice(Math.max(0, num - 1))
            : t.slice(Math.max(0, t.length - num))
      continue
    }
    const ls = input.text.split(/(?<=\n)/)
    let pick: string[]
    if (name === 'head')
      pick = n.startsWith('-') ? ls.slice(0, Math.max(0, ls.length - num)) : ls.slice(0, num)
    else pick = n.startsWith('+') ? ls.slice(Math.max(0, num - 1)) : num === 0 ? [] : ls.slice(-num)
    out += pick.join('')
  }
  ctx.io.out(out)
  if (follow && name === 'tail') {
    // Standard input (a pipe) is read to its end: there is nothing more to follow.
    if (!rest.length || rest.includes('-')) {
      yield { type: 'wait', until: () => ctx.io.interrupted(), maxMs: Number.POSITIVE_INFINITY }
      return 130
    }
    return yield* followFiles(rest, ctx, { flavour, byName, retry })
  }
  return failed ? 1 : 0
}

function* wc(args: string[], ctx: CommandContext): Gen {
  const { opts, rest } = getopt(args, '')
  let want = opts
    .map(
      ([o]) =>
        ({
          l: 'l',
          w: 'w',
          c: 'c',
          m: 'm',
          '--lines': 'l',
          '--words': 'w',
          '--bytes': 'c',
          '--chars': 'm',
        })[o],
    )
    .filter((x): x is string => !!x)
  if (!want.length) want = ['l', 'w', 'c']
  const order = ['l', 'w', 'm', 'c'].filter((k) => want.includes(k))
  const { inputs, failed } = readInputs('wc', rest, ctx)
  const count = (t: string): Record<string, number> => ({
    l: (t.match(/\n/g) ?? []).length,
    w: t.split(/\s+/).filter(Boolean).length,
    c: new TextEncoder().encode(t).length,
    m: [...t].length,
  })
  const rows = inputs.map((i) => ({ name: rest.length ? i.name : '', c: count(i.text) }))
  if (rows.length > 1) {
    const total: Record<string, number> = { l: 0, w: 0, c: 0, m: 0 }
    for (const r of rows) for (const k of Object.keys(total)) total[k] += r.c[k]
    rows.push({ name: 'total', c: total })
  }
  const fromStdin = !rest.length || rest.includes('-')
  const totalBytes = inputs.reduce((a, i) => a + new TextEncoder().encode(i.text).length, 0)
  const width =
    order.length === 1 && rows.length === 1
      ? 0
      : fromStdin
        ? 7
        : Math.max(1, String(totalBytes).length)
  ctx.io.out(
    rows
      .map(
        (r) =>
          order.map((k) => String(r.c[k]).padStart(width)).join(' ') +
          (r.name ? ' ' + r.name : '') +
          '\n',
      )
      .join(''),
  )
  return failed ? 1 : 0
}

function* sort(args: string[], ctx: CommandContext): Gen {
  const { opts, rest, bad } = getopt(args, 'ktoS', ['key', 'field-separator', 'output'])
  if (bad)
    return yield* fail(ctx, `sort: option requires an argument -- '${bad}'\n${usage('sort')}`)
  const has = (...o: string[]): boolean => opts.some(([x]) => o.includes(x))
  const numeric = has('n', '--numeric-sort')
  const human = has('h', '--human-numeric-sort')
  const version = has('V', '--version-sort')
  const reverse = has('r', '--reverse')
  const unique = has('u', '--unique')
  const fold = has('f', '--ignore-case')
  const sep = opts.find(([o]) => o === 't' || o === '--field-separator')?.[1]
  const keys = opts.filter(([o]) => o === 'k' || o === '--key').map(([, v]) => v)
  const output = opts.find(([o]) => o === 'o' || o === '--output')?.[1]
  // GNU checks every input is readable first; busybox fails on opening it.
  const { inputs, failed } = readInputs('sort', rest, ctx, (f, r) =>
    isBusybox(ctx) ? `sort: ${f}: ${r}` : `sort: cannot read: ${f}: ${r}`,
  )
  if (failed) return 2
  const all = lines(inputs.map((i) => i.text).join(''))
  // Without -t, a field is a run of blanks and the word after it (GNU's definition).
  const fields = (l: string): string[] =>
    sep !== undefined ? l.split(sep) : (l.match(/\s*\S+/g) ?? [])
  const keyOf = (l: string, spec: string): string => {
    const m = /^(\d+)(?:\.\d+)?[a-zA-Z]*(?:,(\d+)(?:\.\d+)?[a-zA-Z]*)?$/.exec(spec)
    if (!m) return l
    const f = fields(l)
    const start = Number(m[1]) - 1
    const end = m[2] ? Number(m[2]) : f.length
    return f.slice(start, end).join(sep ?? '')
  }
  const num = (s: string): number => {
    const m = /^\s*([-+]?\d*\.?\d+)([KMGTPE]?)/i.exec(s)
    if (!m) return 0
    const mult = human ? 1024 ** ('KMGTPE'.indexOf(m[2].toUpperCase()) + 1) : 1
    return Number(m[1]) * (m[2] ? mult : 1)
  }
  const cmpStr = (a: string, b: string): number => {
    if (fold) {
      a = a.toUpperCase()
      b = b.toUpperCase()
    }
    return a < b ? -1 : a > b ? 1 : 0
  }
  const compare = (a: string, b: string): number => {
    const ka = keys.length ? keyOf(a, keys[0]) : a
    const kb = keys.length ? keyOf(b, keys[0]) : b
    const keyNumeric = numeric || human || keys.some((k) => /n/.test(k.replace(/^[\d.,]+/, '')))
    let c: number
    if (keyNumeric) c = num(ka) - num(kb)
    else if (version) c = ka.localeCompare(kb, 'en', { numeric: true })
    else c = cmpStr(ka.trimStart(), kb.trimStart())
    if (c === 0 && !unique) c = a < b ? -1 : a > b ? 1 : 0
    return c
  }
  let sorted = [...all].sort(compare)
  if (reverse) sorted.reverse()
  if (unique) sorted = sorted.filter((l, i) => i === 0 || compare(sorted[i - 1], l) !== 0)
  const text = sorted.map((l) => l + '\n').join('')
  if (output) ctx.fs.write(ctx.resolve(output), text)
  else ctx.io.out(text)
  return 0
}

function ranges(spec: string): ((i: number) => boolean) | undefined {
  const parts = spec.split(',').map((p) => {
    const m = /^(\d*)(-?)(\d*)$/.exec(p)
    if (!m || (!m[1] && !m[3])) return undefined
    const a = m[1] ? Number(m[1]) : 1
    const b = m[2] ? (m[3] ? Number(m[3]) : Infinity) : a
    return [a, b] as const
  })
  if (parts.some((p) => !p)) return undefined
  return (i) => parts.some((p) => !!p && i >= p[0] && i <= p[1])
}

function* cut(args: string[], ctx: CommandContext): Gen {
  const { opts, rest, bad } = getopt(args, 'dfcb', [
    'delimiter',
    'fields',
    'characters',
    'bytes',
    'output-delimiter',
  ])
  if (bad) return yield* fail(ctx, `cut: option requires an argument -- '${bad}'\n${usage('cut')}`)
  let delim = '\t'
  let mode: 'f' | 'c' | undefined
  let spec = ''
  let onlyDelimited = false
  let outDelim: string | undefined
  for (const [o, v] of opts) {
    if (o === 'd' || o === '--delimiter') delim = v
    else if (o === 'f' || o === '--fields') [mode, spec] = ['f', v]
    else if (o === 'c' || o === 'b' || o === '--characters' || o === '--bytes')
      [mode, spec] = ['c', v]
    else if (o === 's') onlyDelimited = true
    else if (o === '--output-delimiter') outDelim = v
  }
  if (!mode)
    return yield* fail(
      ctx,
      `cut: you must specify a list of bytes, characters, or fields\n${usage('cut')}`,
    )
  if (delim.length !== 1)
    return yield* fail(ctx, `cut: the delimiter must be a single character\n${usage('cut')}`)
  const pick = ranges(spec)
  if (!pick)
    return yield* fail(ctx, `cut: invalid field value ${gnuQuote(ctx, spec)}\n${usage('cut')}`)
  const { inputs, failed } = readInputs('cut', rest, ctx)
  let out = ''
  for (const l of lines(inputs.map((i) => i.text).join(''))) {
    if (mode === 'c') {
      out += [...l].filter((_c, i) => pick(i + 1)).join('') + '\n'
      continue
    }
    if (!l.includes(delim)) {
      if (!onlyDelimited) out += l + '\n'
      continue
    }
    out +=
      l
        .split(delim)
        .filter((_f, i) => pick(i + 1))
        .join(outDelim ?? delim) + '\n'
  }
  ctx.io.out(out)
  return failed ? 1 : 0
}

const TR_CLASSES: Record<string, string> = {
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  digit: '0123456789',
  space: ' \t\n\r\f\v',
  blank: ' \t',
  punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
}
TR_CLASSES.alpha = TR_CLASSES.upper + TR_CLASSES.lower
TR_CLASSES.alnum = TR_CLASSES.alpha + TR_CLASSES.digit

function trSet(s: string): string[] {
  const out: string[] = []
  const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', f: '\f', v: '\v' }
  const chars: string[] = []
  for (let i = 0; i < s.length; i++) {
    const cls = /^\[:([a-z]+):\]/.exec(s.slice(i))
    if (cls && TR_CLASSES[cls[1]]) {
      chars.push(...TR_CLASSES[cls[1]].split('').map((c) => '\0cls' + c))
      i += cls[0].length - 1
    } else if (s[i] === '\\' && i + 1 < s.length) chars.push(esc[s[++i]] ?? s[i])
    else chars.push(s[i])
  }
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i].replace('\0cls', '')
    if (chars[i + 1] === '-' && i + 2 < chars.length) {
      const a = c.charCodeAt(0)
      const b = chars[i + 2].replace('\0cls', '').charCodeAt(0)
      for (let k = a; k <= b; k++) out.push(String.fromCharCode(k))
      i += 2
    } else out.push(c)
  }
  return out
}

function* tr(args: string[], ctx: CommandContext): Gen {
  const { opts, rest } = getopt(args, '')
  const del = opts.some(([o]) => o === 'd')
  const squeeze = opts.some(([o]) => o === 's')
  const complement = opts.some(([o]) => o === 'c' || o === 'C')
  if (!rest.length) return yield* fail(ctx, `tr: missing operand\n${usage('tr')}`)
  if (!del && !squeeze && rest.length < 2)
    return yield* fail(
      ctx,
      `tr: missing operand after ${gnuQuote(ctx, rest[0])}\nTwo strings must be given when translating.\n${usage('tr')}`,
    )
  const set1 = trSet(rest[0])
  const set2 = rest[1] !== undefined ? trSet(rest[1]) : []
  const in1 = (c: string): boolean => set1.includes(c) !== complement
  let out = ''
  let last = ''
  for (const c of ctx.io.stdin) {
    let o = c
    if (del && in1(c)) continue
    if (!del && set2.length && in1(c))
      o = complement ? set2[set2.length - 1] : (set2[set1.indexOf(c)] ?? set2[set2.length - 1])
    const sq = del ? set2 : set2.length ? set2 : set1
    if (squeeze && o === last && (del || set2.length ? sq.includes(o) : in1(o))) continue
    out += o
    last = o
  }
  ctx.io.out(out)
  return 0
}

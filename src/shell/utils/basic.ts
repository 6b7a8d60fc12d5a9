/* eslint-disable require-yield -- commands are generators by contract, also those that never wait */
import type { Command } from '../types.ts'
import { ansiC } from '../lexer.ts'
import { evalTest } from '../test.ts'
import { evalPosixTest, TestSyntaxError } from '../testPosix.ts'
import { parseDuration } from '../duration.ts'
import { DEFAULT_DATE_FORMAT, parseDateInput, strftime } from '../dateFormat.ts'
import { printf } from './printf.ts'
import { fail, usage, type Gen } from './common.ts'
import { gnuQuote, isBusybox } from './userland.ts'

/** How many lines `yes` writes before stopping: there is no endless stream to cut short. */
export const YES_LIMIT = 10_000

export const BASIC: Record<string, Command> = {
  *true() {
    return 0
  },
  *false() {
    return 1
  },
  *echo(args, ctx) {
    let newline = true
    let escapes = false
    let i = 0
    for (; i < args.length && /^-[neE]+$/.test(args[i]); i++) {
      for (const f of args[i].slice(1)) {
        if (f === 'n') newline = false
        else if (f === 'e') escapes = true
        else escapes = false
      }
    }
    let text = args.slice(i).join(' ')
    if (escapes) {
      const cut = text.indexOf('\\c')
      if (cut >= 0) {
        text = text.slice(0, cut)
        newline = false
      }
      text = ansiC(
        text.replace(/\\0([0-7]{0,3})/g, (_m, o: string) =>
          String.fromCharCode(parseInt(o || '0', 8)),
        ),
      )
    }
    ctx.io.out(text + (newline ? '\n' : ''))
    return 0
  },
  printf,
  *pwd(_args, ctx) {
    ctx.io.out(ctx.cwd + '\n')
    return 0
  },
  *sleep(args, ctx) {
    if (!args.length) return yield* fail(ctx, `sleep: missing operand\n${usage('sleep')}`)
    let ms = 0
    for (const a of args) {
      // Both accept "inf" and "infinity": a container kept alive with `sleep infinity`.
      const d = /^inf(inity)?$/i.test(a) ? Infinity : parseDuration(a)
      if (d === undefined)
        return yield* fail(
          ctx,
          isBusybox(ctx)
            ? `sleep: invalid number '${a}'`
            : `sleep: invalid time interval ${gnuQuote(ctx, a)}\n${usage('sleep')}`,
        )
      ms += d
    }
    yield { type: 'sleep', ms }
    return ctx.io.interrupted() ? 130 : 0
  },
  seq: (args, ctx) => seq(args, ctx),
  *yes(args, ctx) {
    const line = (args.length ? args.join(' ') : 'y') + '\n'
    for (let i = 0; i < YES_LIMIT && !ctx.io.interrupted(); i++) ctx.io.out(line)
    return 0
  },
  *date(args, ctx) {
    let when = ctx.now()
    let fmt = DEFAULT_DATE_FORMAT
    for (let i = 0; i < args.length; i++) {
      const a = args[i]
      if (a === '-u' || a === '--utc' || a === '--universal') continue
      if (a === '-d' || a === '--date' || a.startsWith('--date=')) {
        const s = a.startsWith('--date=') ? a.slice(7) : (args[++i] ?? '')
        const t = parseDateInput(s, ctx.now())
        if (t === undefined) return yield* fail(ctx, `date: invalid date ${gnuQuote(ctx, s)}`)
        when = t
      } else if (a === '-R' || a === '--rfc-email') fmt = '%a, %d %b %Y %H:%M:%S %z'
      else if (a === '-I' || a === '-Idate' || a === '--iso-8601') fmt = '%F'
      else if (a === '-Iseconds' || a === '--iso-8601=seconds') fmt = '%FT%T%:z'
      else if (a === '-Iminutes') fmt = '%FT%H:%M%:z'
      else if (a === '-Ihours') fmt = '%FT%H%:z'
      else if (a.startsWith('+')) fmt = a.slice(1)
      else if (a === '-s' || a === '--set')
        return yield* fail(ctx, 'date: cannot set date: Operation not permitted')
      else return yield* fail(ctx, `date: invalid date ${gnuQuote(ctx, a)}`)
    }
    ctx.io.out(strftime(fmt, when) + '\n')
    return 0
  },
  *hostname(args, ctx) {
    const name = ctx.env.HOSTNAME ?? 'localhost'
    if (args[0] === '-i' || args[0] === '-I') {
      const hosts = ctx.fs.read('/etc/hosts') ?? ''
      const ip = hosts
        .split('\n')
        .map((l) => l.trim().split(/\s+/))
        .find((f) => f.slice(1).includes(name))?.[0]
      if (!ip) return yield* fail(ctx, 'hostname: Name or service not known')
      ctx.io.out(ip + (args[0] === '-I' ? ' ' : '') + '\n')
      return 0
    }
    ctx.io.out(name + '\n')
    return 0
  },
  *printenv(args, ctx) {
    if (!args.length) {
      for (const [k, v] of Object.entries(ctx.env)) ctx.io.out(`${k}=${v}\n`)
      return 0
    }
    let code = 0
    for (const a of args) {
      if (ctx.env[a] === undefined) code = 1
      else ctx.io.out(ctx.env[a] + '\n')
    }
    return code
  },
  *whoami(_args, ctx) {
    ctx.io.out((ctx.env.USER ?? 'root') + '\n')
    return 0
  },
  *id(args, ctx) {
    const user = ctx.env.USER ?? 'root'
    const uid = user === 'root' ? 0 : 1000
    if (args.includes('-u')) ctx.io.out((args.includes('-n') ? user : String(uid)) + '\n')
    else ctx.io.out(`uid=${uid}(${user}) gid=${uid}(${user}) groups=${uid}(${user})\n`)
    return 0
  },
  *basename(args, ctx) {
    if (!args.length) return yield* fail(ctx, `basename: missing operand\n${usage('basename')}`)
    const multi = args[0] === '-a'
    const names = multi ? args.slice(1) : args.slice(0, 1)
    const suffix = multi ? undefined : args[1]
    for (const n of names) {
      let b = n.replace(/\/+$/, '')
      b = b === '' && n.startsWith('/') ? '/' : b.slice(b.lastIndexOf('/') + 1)
      if (suffix && b !== suffix && b.endsWith(suffix)) b = b.slice(0, -suffix.length)
      ctx.io.out(b + '\n')
    }
    return 0
  },
  *dirname(args, ctx) {
    if (!args.length) return yield* fail(ctx, `dirname: missing operand\n${usage('dirname')}`)
    for (const n of args) {
      const t = n.replace(/\/+$/, '')
      const i = t.lastIndexOf('/')
      ctx.io.out(
        (i < 0 ? (n.startsWith('/') ? '/' : '.') : t.slice(0, i).replace(/\/+$/, '') || '/') + '\n',
      )
    }
    return 0
  },
  *base64(args, ctx) {
    const decode = args.includes('-d') || args.includes('--decode')
    const wrapArg = args.findIndex((a) => a === '-w')
    const wrap = wrapArg >= 0 ? Number(args[wrapArg + 1]) : 76
    const files = args.filter((a, i) => !a.startsWith('-') && !(wrapArg >= 0 && i === wrapArg + 1))
    let input = ctx.io.stdin
    if (files.length) {
      const t = ctx.fs.read(ctx.resolve(files[0]))
      if (t === undefined) return yield* fail(ctx, `base64: ${files[0]}: No such file or directory`)
      input = t
    }
    if (decode) {
      const clean = input.replace(/\s+/g, '')
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1)
        return yield* fail(ctx, 'base64: invalid input')
      ctx.io.out(new TextDecoder().decode(Uint8Array.from(atob(clean), (c) => c.charCodeAt(0))))
      return 0
    }
    const bytes = new TextEncoder().encode(input)
    let bin = ''
    for (const b of bytes) bin += String.fromCharCode(b)
    const enc = btoa(bin)
    const out = wrap > 0 ? (enc.match(new RegExp(`.{1,${wrap}}`, 'g')) ?? []).join('\n') : enc
    ctx.io.out(out + (out ? '\n' : ''))
    return 0
  },
  test: (args, ctx) => test(args, ctx, false),
  '[': (args, ctx) => test(args, ctx, true),
  expr: (args, ctx) => expr(args, ctx),
  *clear(_args, ctx) {
    ctx.io.out('\x1b[H\x1b[2J\x1b[3J')
    return 0
  },
}

/**
 * `test` and `[` run as programs (`kubectl exec POD -- test -f x`): busybox's applet, or GNU's
 * coreutils one, which quotes what it names. Inside a shell the shell's own builtin runs instead.
 */
function* test(args: string[], ctx: Parameters<Command>[1], bracket: boolean): Gen {
  const name = bracket ? '[' : 'test'
  const bb = isBusybox(ctx)
  if (bracket) {
    if (args[args.length - 1] !== ']')
      return yield* fail(ctx, bb ? '[: missing ]' : `[: missing ${gnuQuote(ctx, ']')}`, 2)
    args = args.slice(0, -1)
  }
  const env = { fs: ctx.fs, cwd: ctx.cwd }
  if (bb) {
    try {
      return evalPosixTest(args, 'busybox', env)
    } catch (e) {
      if (e instanceof TestSyntaxError) return yield* fail(ctx, `${name}: ${e.message}`, 2)
      throw e
    }
  }
  const res = evalTest(args, env)
  if (typeof res !== 'string') return res ? 0 : 1
  const q = (s: string): string => gnuQuote(ctx, s)
  const msg = res
    .replace(/^(.*): integer expression expected$/s, (_m, s: string) => `invalid integer ${q(s)}`)
    .replace(
      /^(.*): (unary|binary) operator expected$/s,
      (_m, s: string, k: string) => `${q(s)}: ${k} operator expected`,
    )
  return yield* fail(ctx, `${name}: ${msg}`, 2)
}

function* seq(args: string[], ctx: Parameters<Command>[1]): Gen {
  let sep = '\n'
  let equal = false
  const nums: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (a === '-s') sep = args[++i] ?? ''
    else if (a.startsWith('-s')) sep = a.slice(2)
    else if (a === '-w') equal = true
    else nums.push(a)
  }
  if (!nums.length) return yield* fail(ctx, `seq: missing operand\n${usage('seq')}`)
  if (nums.length > 3)
    return yield* fail(ctx, `seq: extra operand ${gnuQuote(ctx, nums[3])}\n${usage('seq')}`)
  for (const n of nums)
    if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(n))
      return yield* fail(
        ctx,
        `seq: invalid floating point argument: ${gnuQuote(ctx, n)}\n${usage('seq')}`,
      )
  const [first, inc, last] =
    nums.length === 1 ? ['1', '1', nums[0]] : nums.length === 2 ? [nums[0], '1', nums[1]] : nums
  const decimals = Math.max(
    ...[first, inc].map((n) => (n.includes('.') ? n.split('.')[1].length : 0)),
  )
  const a = Number(first)
  const step = Number(inc)
  const b = Number(last)
  if (step === 0)
    return yield* fail(
      ctx,
      `seq: invalid Zero increment value: ${gnuQuote(ctx, inc)}\n${usage('seq')}`,
    )
  const out: string[] = []
  for (let k = 0; ; k++) {
    const v = a + k * step
    if (step > 0 ? v > b + 1e-10 : v < b - 1e-10) break
    out.push(v.toFixed(decimals))
    if (out.length > 1_000_000) break
  }
  const width = equal ? Math.max(...out.map((s) => s.replace('-', '').length)) : 0
  const shown = equal
    ? out.map((s) =>
        s.startsWith('-') ? '-' + s.slice(1).padStart(width, '0') : s.padStart(width, '0'),
      )
    : out
  if (shown.length) ctx.io.out(shown.join(sep) + '\n')
  return 0
}

function* expr(args: string[], ctx: Parameters<Command>[1]): Gen {
  let i = 0
  const isInt = (s: string): boolean => /^[-+]?\d+$/.test(s)
  const err = (m: string): never => {
    throw new ExprError(m)
  }
  const int = (s: string): number => (isInt(s) ? Number(s) : err('non-integer argument'))
  const primary = (): string => {
    const t = args[i++]
    if (t === undefined)
      return err('syntax error: missing argument after ' + gnuQuote(ctx, args[i - 2] ?? ''))
    if (t === '(') {
      const v = orE()
      if (args[i++] !== ')') err('syntax error: expecting ' + gnuQuote(ctx, ')'))
      return v
    }
    if (t === 'length') return String([...primary()].length)
    if (t === 'substr') {
      const s = primary()
      const p = int(primary())
      const l = int(primary())
      return p < 1 || l < 1 ? '' : [...s].slice(p - 1, p - 1 + l).join('')
    }
    if (t === 'index') {
      const s = primary()
      const cs = primary()
      const idx = [...s].findIndex((c) => cs.includes(c))
      return String(idx + 1)
    }
    if (t === 'match') return match(primary(), primary())
    return t
  }
  const match = (s: string, re: string): string => {
    const m = new RegExp('^(?:' + re.replace(/\\\(/g, '(').replace(/\\\)/g, ')') + ')').exec(s)
    if (!m) return re.includes('\\(') ? '' : '0'
    return m[1] !== undefined ? m[1] : String(m[0].length)
  }
  const colon = (): string => {
    let v = primary()
    while (args[i] === ':') {
      i++
      v = match(v, primary())
    }
    return v
  }
  const mul = (): string => {
    let v = colon()
    while (['*', '/', '%'].includes(args[i])) {
      const op = args[i++]
      const r = colon()
      const a = int(v)
      const b = int(r)
      if (op !== '*' && b === 0) err('division by zero')
      v = String(op === '*' ? a * b : op === '/' ? Math.trunc(a / b) : a % b)
    }
    return v
  }
  const add = (): string => {
    let v = mul()
    while (args[i] === '+' || args[i] === '-') {
      const op = args[i++]
      const r = mul()
      v = String(op === '+' ? int(v) + int(r) : int(v) - int(r))
    }
    return v
  }
  const cmp = (): string => {
    let v = add()
    while (['<', '<=', '=', '==', '!=', '>=', '>'].includes(args[i])) {
      const op = args[i++]
      const r = add()
      const c = isInt(v) && isInt(r) ? Number(v) - Number(r) : v < r ? -1 : v > r ? 1 : 0
      const res = {
        '<': c < 0,
        '<=': c <= 0,
        '=': c === 0,
        '==': c === 0,
        '!=': c !== 0,
        '>=': c >= 0,
        '>': c > 0,
      }[op]
      v = res ? '1' : '0'
    }
    return v
  }
  const andE = (): string => {
    let v = cmp()
    while (args[i] === '&') {
      i++
      const r = cmp()
      v = isNull(v) || isNull(r) ? '0' : v
    }
    return v
  }
  const orE = (): string => {
    let v = andE()
    while (args[i] === '|') {
      i++
      const r = andE()
      v = isNull(v) ? (isNull(r) ? '0' : r) : v
    }
    return v
  }
  try {
    if (!args.length) return yield* fail(ctx, `expr: missing operand\n${usage('expr')}`, 2)
    const v = orE()
    if (i < args.length)
      return yield* fail(
        ctx,
        `expr: syntax error: unexpected argument ${gnuQuote(ctx, args[i])}`,
        2,
      )
    ctx.io.out(v + '\n')
    return isNull(v) ? 1 : 0
  } catch (e) {
    if (e instanceof ExprError) return yield* fail(ctx, `expr: ${e.message}`, 2)
    throw e
  }
}

function isNull(v: string): boolean {
  return v === '' || /^[-+]?0+$/.test(v)
}

class ExprError extends Error {}

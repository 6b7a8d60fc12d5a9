import type { Program, ProgramContext, ProgramProc } from './types.ts'

/**
 * Small executables that images run directly as their main process (without a shell):
 * `sleep 3600`, `echo hi`, `true`, `env`. Interactive use goes through the shell's own builtins.
 */

/** `sleep` argument in seconds, with busybox/coreutils suffixes (s, m, h, d) and `inf`. */
export function sleepMs(arg: string | undefined): number | undefined {
  if (arg === undefined) return undefined
  if (arg === 'inf' || arg === 'infinity') return Infinity
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg)
  if (!m) return undefined
  const mult = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]] ?? 1
  return Math.round(Number(m[1]) * mult * 1000)
}

/** A program that finishes without waiting for time to pass. */
export function instant(run: (ctx: ProgramContext) => number): Program {
  // eslint-disable-next-line require-yield
  return function* (ctx) {
    return run(ctx)
  }
}

export function* sleepFor(ms: number): ProgramProc {
  if (ms > 0) yield { type: 'sleep', ms }
  return 0
}

const sleep: Program = function* (ctx: ProgramContext) {
  const args = ctx.argv.slice(1)
  if (args.length === 0) {
    ctx.err('sleep: missing operand\n')
    return 1
  }
  let total = 0
  for (const a of args) {
    const ms = sleepMs(a)
    if (ms === undefined) {
      ctx.err(`sleep: invalid number '${a}'\n`)
      return 1
    }
    total += ms
  }
  return yield* sleepFor(total)
}

const echo: Program = instant((ctx) => {
  const args = ctx.argv.slice(1)
  const noNewline = args[0] === '-n'
  ctx.out(args.slice(noNewline ? 1 : 0).join(' ') + (noNewline ? '' : '\n'))
  return 0
})

const env: Program = instant((ctx) => {
  const names = ctx.argv.slice(1)
  if (names.length && ctx.argv[0].endsWith('printenv')) {
    let code = 0
    for (const n of names) {
      if (n in ctx.env) ctx.out(ctx.env[n] + '\n')
      else code = 1
    }
    return code
  }
  ctx.out(
    Object.entries(ctx.env)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  )
  return 0
})

const cat: Program = instant((ctx) => {
  let code = 0
  for (const f of ctx.argv.slice(1)) {
    const text = ctx.fs.read(f)
    if (text === undefined) {
      ctx.err(`cat: can't open '${f}': No such file or directory\n`)
      code = 1
    } else ctx.out(text)
  }
  return code
})

const hostname: Program = instant((ctx) => {
  ctx.out(ctx.hostname + '\n')
  return 0
})

export const COMMON_TOOLS: Record<string, Program> = {
  sleep,
  echo,
  env,
  printenv: env,
  cat,
  hostname,
  true: instant(() => 0),
  false: instant(() => 1),
}

/** Every busybox applet name a learner is likely to type. */
export const BUSYBOX_APPLETS = [
  'ash',
  'awk',
  'basename',
  'cat',
  'chmod',
  'cp',
  'cut',
  'date',
  'df',
  'dirname',
  'du',
  'echo',
  'env',
  'expr',
  'false',
  'find',
  'grep',
  'head',
  'hostname',
  'id',
  'ifconfig',
  'ip',
  'kill',
  'ls',
  'mkdir',
  'mv',
  'nc',
  'nslookup',
  'ping',
  'printenv',
  'printf',
  'ps',
  'pwd',
  'rm',
  'sed',
  'seq',
  'sh',
  'sleep',
  'sort',
  'tail',
  'tar',
  'tee',
  'telnet',
  'test',
  'top',
  'touch',
  'tr',
  'true',
  'uname',
  'uniq',
  'uptime',
  'vi',
  'wc',
  'wget',
  'whoami',
  'xargs',
  'yes',
]

/** Tools of a Debian-based image (coreutils, bash, no network clients unless installed). */
export const DEBIAN_TOOLS = [
  'awk',
  'bash',
  'basename',
  'cat',
  'chmod',
  'cp',
  'cut',
  'date',
  'df',
  'dirname',
  'du',
  'echo',
  'env',
  'expr',
  'false',
  'find',
  'grep',
  'head',
  'hostname',
  'id',
  'kill',
  'ls',
  'mkdir',
  'mv',
  'printenv',
  'printf',
  'pwd',
  'rm',
  'sed',
  'seq',
  'sh',
  'sleep',
  'sort',
  'tail',
  'tar',
  'tee',
  'test',
  'touch',
  'tr',
  'true',
  'uname',
  'uniq',
  'wc',
  'whoami',
  'xargs',
  'yes',
]

/** Go's log package default format: `2025/01/06 09:00:05 message` in the given UTC offset. */
export function goLogTime(ms: number, offsetHours = 0): string {
  const d = new Date(ms + offsetHours * 3600_000)
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
}

/** A process that serves until killed. */
export function* serveForever(): ProgramProc {
  yield { type: 'sleep', ms: Infinity }
  return 0
}

import type { Program, ProgramContext, ProgramProc } from './types.ts'
import type { Command, Userland } from '../../shell/types.ts'
import { BASIC } from '../../shell/utils/basic.ts'
import { FILES } from '../../shell/utils/files.ts'

/**
 * Small executables that images run directly as their main process (without a shell):
 * `sleep 3600`, `echo hi`, `true`, `env`. Interactive use goes through the shell's own builtins.
 */

/** A program that finishes without waiting for time to pass. */
export function instant(run: (ctx: ProgramContext) => number): Program {
  // eslint-disable-next-line require-yield
  return function* (ctx) {
    return run(ctx)
  }
}

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

const hostname: Program = instant((ctx) => {
  ctx.out(ctx.hostname + '\n')
  return 0
})

/**
 * The shell's own tool run as a container's process, in the image's userland: `sleep`, `echo`
 * and `cat` then word their errors as the image's binaries do, with or without a shell around them.
 */
function fromTool(tool: Command, userland: Userland): Program {
  return (ctx) =>
    tool(ctx.argv.slice(1), {
      io: {
        stdin: ctx.stdin ?? '',
        out: ctx.out,
        err: ctx.err,
        interrupted: () => false,
        isTTY: false,
      },
      env: ctx.env,
      cwd: '/',
      fs: ctx.fs,
      now: ctx.now,
      resolve: (p) => (p.startsWith('/') ? p : `/${p}`),
      userland,
    })
}

function toolsOf(userland: Userland): Record<string, Program> {
  return {
    sleep: fromTool(BASIC.sleep, userland),
    echo: fromTool(BASIC.echo, userland),
    env,
    printenv: env,
    cat: fromTool(FILES.cat, userland),
    hostname,
    true: instant(() => 0),
    false: instant(() => 1),
  }
}

const TOOLS: Record<Userland, Record<string, Program>> = {
  gnu: toolsOf('gnu'),
  busybox: toolsOf('busybox'),
}

/** The executables every image has, as its userland (GNU coreutils or busybox) words them. */
export function commonTools(userland: Userland): Record<string, Program> {
  return TOOLS[userland]
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
  'rmdir',
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
  'rmdir',
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
  return `${d.getUTCFullYear()}/${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
}

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

/** A process that serves until killed. */
export function* serveForever(): ProgramProc {
  yield { type: 'sleep', ms: Infinity }
  return 0
}

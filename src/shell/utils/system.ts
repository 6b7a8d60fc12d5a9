/* eslint-disable require-yield -- commands are generators by contract, also those that never wait */
import type { Command, CommandContext } from '../types.ts'
import { matchPattern } from '../pattern.ts'
import type { Gen } from './common.ts'
import { gnuQuote, isBusybox } from './userland.ts'

/**
 * System information and file search: uname (from /proc/sys/kernel, which the node's file system
 * carries) and find's everyday subset. Directories are walked in sorted order.
 */
export const SYSTEM: Record<string, Command> = {
  uname: (args, ctx) => uname(args, ctx),
  find: (args, ctx) => find(args, ctx),
}

function* uname(args: string[], ctx: CommandContext): Gen {
  const release = (ctx.fs.read('/proc/sys/kernel/osrelease') ?? '5.15.0-130-generic').trim()
  const version = (
    ctx.fs.read('/proc/sys/kernel/version') ?? '#140-Ubuntu SMP Wed Dec 18 17:59:53 UTC 2024'
  ).trim()
  const fields: Record<string, string> = {
    s: 'Linux',
    n: ctx.env.HOSTNAME ?? 'localhost',
    r: release,
    v: version,
    m: 'x86_64',
    p: 'x86_64',
    i: 'x86_64',
    o: 'GNU/Linux',
  }
  const long: Record<string, string> = {
    '--kernel-name': 's',
    '--nodename': 'n',
    '--kernel-release': 'r',
    '--kernel-version': 'v',
    '--machine': 'm',
    '--operating-system': 'o',
    '--all': 'a',
  }
  let want = ''
  for (const a of args) {
    if (long[a]) want += long[a]
    else if (/^-[snrvmpioa]+$/.test(a)) want += a.slice(1)
    else {
      ctx.io.err(
        `uname: invalid option -- '${a.replace(/^-+/, '')}'\nTry 'uname --help' for more information.\n`,
      )
      return 1
    }
  }
  if (!want) want = 's'
  const order = want.includes('a')
    ? ['s', 'n', 'r', 'v', 'm', 'p', 'i', 'o']
    : ['s', 'n', 'r', 'v', 'm', 'p', 'i', 'o'].filter((k) => want.includes(k))
  ctx.io.out(order.map((k) => fields[k]).join(' ') + '\n')
  return 0
}

interface FindTest {
  name?: string
  iname?: string
  type?: 'f' | 'd'
}

function* find(args: string[], ctx: CommandContext): Gen {
  const paths: string[] = []
  let i = 0
  for (; i < args.length && !args[i].startsWith('-') && args[i] !== '!' && args[i] !== '('; i++)
    paths.push(args[i])
  if (!paths.length) paths.push('.')
  const test: FindTest = {}
  let maxDepth = Infinity
  let minDepth = 0
  for (; i < args.length; i++) {
    const a = args[i]
    const v = args[i + 1]
    if (
      a === '-name' ||
      a === '-iname' ||
      a === '-type' ||
      a === '-maxdepth' ||
      a === '-mindepth'
    ) {
      if (v === undefined) {
        ctx.io.err(`find: missing argument to \`${a}'\n`)
        return 1
      }
      i++
      if (a === '-name') test.name = v
      else if (a === '-iname') test.iname = v
      else if (a === '-type') {
        if (v !== 'f' && v !== 'd') {
          ctx.io.err(`find: -type ${v}: only f and d are simulated here\n`)
          return 1
        }
        test.type = v
      } else if (a === '-maxdepth') maxDepth = Number(v)
      else minDepth = Number(v)
    } else if (a === '-print') continue
    else {
      ctx.io.err(`find: unknown predicate \`${a}'\n`)
      return 1
    }
  }
  let code = 0
  let out = ''
  const visit = (shown: string, full: string, depth: number): void => {
    const isDir = ctx.fs.isDir(full)
    const base = shown === '/' ? '/' : shown.replace(/\/+$/, '').split('/').pop() || shown
    const ok =
      depth >= minDepth &&
      (!test.type || (test.type === 'd') === isDir) &&
      (test.name === undefined || matchPattern(test.name, base)) &&
      (test.iname === undefined || matchPattern(test.iname.toLowerCase(), base.toLowerCase()))
    if (ok) out += shown + '\n'
    if (!isDir || depth >= maxDepth) return
    for (const name of ctx.fs.list(full) ?? [])
      visit(
        shown.endsWith('/') ? shown + name : `${shown}/${name}`,
        `${full.replace(/\/$/, '')}/${name}`,
        depth + 1,
      )
  }
  for (const p of paths) {
    const full = ctx.resolve(p)
    if (!ctx.fs.exists(full)) {
      // GNU find quotes the name by the locale; busybox's recursive_action prints it bare.
      ctx.io.err(`find: ${isBusybox(ctx) ? p : gnuQuote(ctx, p)}: No such file or directory\n`)
      code = 1
      continue
    }
    visit(p, full, 0)
  }
  ctx.io.out(out)
  return code
}

/* eslint-disable require-yield -- commands are generators by contract, also those that never wait */
import type { CommandContext } from '../types.ts'
import type { Gen } from './common.ts'
import type { Flavour } from './tarArgs.ts'
import type { TarEntry } from './tarFormat.ts'

/**
 * The member name tar keeps of `name`: leading `/` and everything up to the last `..` component
 * removed (GNU's safer_name_suffix, busybox's skip_unsafe_prefix), and the part removed.
 */
export function safeName(name: string): { name: string; removed: string } {
  let rest = name
  const parts = rest.split('/')
  const lastDots = parts.lastIndexOf('..')
  if (lastDots >= 0) rest = parts.slice(lastDots + 1).join('/')
  rest = rest.replace(/^\/+/, '')
  return { name: rest, removed: name.slice(0, name.length - rest.length) }
}

function modeString(e: TarEntry): string {
  const kind = { dir: 'd', symlink: 'l', hardlink: 'h', file: '-', other: '-' }[e.type]
  let s = kind
  for (let i = 8; i >= 0; i--) s += e.mode & (1 << i) ? 'rwx'[(8 - i) % 3] : '-'
  return s
}

const p2 = (n: number): string => String(n).padStart(2, '0')

/** `tar tv` lines: GNU tar's `-rw-r--r-- root/root  3 2026-11-23 17:03 a.txt`, busybox's own. */
export function listLine(flavour: Flavour, e: TarEntry): string {
  const d = new Date(e.mtime * 1000)
  const date = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`
  const user = e.uname || String(e.uid)
  const group = e.gname || String(e.gid)
  const size = String(e.type === 'file' ? new TextEncoder().encode(e.data).length : 0)
  const link =
    e.type === 'symlink'
      ? ` -> ${e.linkname}`
      : e.type === 'hardlink'
        ? ` link to ${e.linkname}`
        : ''
  if (flavour === 'busybox')
    return `${modeString(e)} ${user}/${group} ${size.padStart(9)} ${date}:${p2(d.getUTCSeconds())} ${e.name}${link}\n`
  // GNU right-aligns the size so that owner, group and size fill 19 columns.
  const gap = ' '.repeat(Math.max(1, 19 - (user.length + 1 + group.length + size.length)))
  return `${modeString(e)} ${user}/${group}${gap}${size} ${date} ${e.name}${link}\n`
}

/** What each tar says, in its own words and exit codes. */
export interface Words {
  flavour: Flavour
  removing(prefix: string): string
  cannotStat(path: string): string
  cannotOpen(name: string, reason: string): string
  cannotLink(name: string, target: string): string
  cannotHardLink(name: string, target: string): string
  notFound(name: string): string
  emptyArchive(ctx: CommandContext): Gen
  failedExit(ctx: CommandContext): number
  cannotOpenArchive(ctx: CommandContext, file: string): Gen
  cannotChdir(ctx: CommandContext, dir: string, exists: boolean): Gen
  badArchive(ctx: CommandContext, error: 'notTar' | 'eof', empty: boolean): Gen
  noGzip(ctx: CommandContext, creating: boolean): Gen
  /** Undefined where the tar writes an archive to a terminal anyway. */
  toTerminal(ctx: CommandContext): Gen | undefined
  /** Whether a member not found ends the run at once (busybox) or after the others (GNU). */
  notFoundIsFatal: boolean
}

function* say(ctx: CommandContext, text: string, code: number): Gen {
  ctx.io.err(text)
  return code
}

const FATAL = 'tar: Error is not recoverable: exiting now\n'

const GNU: Words = {
  flavour: 'gnu',
  removing: (prefix) => `tar: Removing leading \`${prefix}' from member names\n`,
  cannotStat: (path) => `${path}: Cannot stat: No such file or directory`,
  cannotOpen: (name, reason) => `${name}: Cannot open: ${reason}`,
  cannotLink: (name, target) =>
    `${name}: Cannot create symlink to '${target}': Operation not supported`,
  cannotHardLink: (name, target) =>
    `${name}: Cannot hard link to '${target}': No such file or directory`,
  notFound: (name) => `${name}: Not found in archive`,
  emptyArchive: (ctx) =>
    say(
      ctx,
      "tar: Cowardly refusing to create an empty archive\nTry 'tar --help' or 'tar --usage' for more information.\n",
      2,
    ),
  failedExit(ctx) {
    ctx.io.err('tar: Exiting with failure status due to previous errors\n')
    return 2
  },
  cannotOpenArchive: (ctx, file) =>
    say(ctx, `tar: ${file}: Cannot open: No such file or directory\n${FATAL}`, 2),
  cannotChdir: (ctx, dir, exists) =>
    say(
      ctx,
      `tar: ${dir}: Cannot open: ${exists ? 'Not a directory' : 'No such file or directory'}\n${FATAL}`,
      2,
    ),
  badArchive: (ctx, error) =>
    error === 'notTar'
      ? say(
          ctx,
          'tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors\n',
          2,
        )
      : say(ctx, `tar: Unexpected EOF in archive\n${FATAL}`, 2),
  // The images here ship no gzip program for tar to run.
  noGzip: (ctx) =>
    say(
      ctx,
      `tar (child): gzip: Cannot exec: No such file or directory\ntar (child): Error is not recoverable: exiting now\ntar: Child returned status 2\n${FATAL}`,
      2,
    ),
  toTerminal: (ctx) =>
    say(
      ctx,
      `tar: Refusing to write archive contents to terminal (missing -f option?)\n${FATAL}`,
      2,
    ),
  notFoundIsFatal: false,
}

const BUSYBOX: Words = {
  flavour: 'busybox',
  removing: (prefix) => `tar: removing leading '${prefix}' from member names\n`,
  cannotStat: (path) => `${path}: No such file or directory`,
  cannotOpen: (name, reason) => `can't open '${name}': ${reason}`,
  cannotLink: (name, target) =>
    `can't create symlink '${name}' to '${target}': Operation not supported`,
  cannotHardLink: (name, target) =>
    `can't create hardlink '${name}' to '${target}': No such file or directory`,
  notFound: (name) => `${name}: not found in archive`,
  emptyArchive: (ctx) => say(ctx, 'tar: empty archive\n', 1),
  failedExit(ctx) {
    ctx.io.err('tar: error exit delayed from previous errors\n')
    return 1
  },
  cannotOpenArchive: (ctx, file) =>
    say(ctx, `tar: can't open '${file}': No such file or directory\n`, 1),
  cannotChdir: (ctx, dir, exists) =>
    say(
      ctx,
      `tar: can't change directory to '${dir}': ${exists ? 'Not a directory' : 'No such file or directory'}\n`,
      1,
    ),
  // An empty input has no header, which busybox fails without a word.
  badArchive: (ctx, error, empty) =>
    say(ctx, empty ? '' : error === 'notTar' ? 'tar: invalid tar magic\n' : 'tar: short read\n', 1),
  // Not reached: busybox's -z is refused as an option (see tarArgs).
  noGzip: (ctx) => say(ctx, "tar: invalid option -- 'z'\n", 1),
  // busybox writes to a terminal as it would to anything else.
  toTerminal: () => undefined,
  notFoundIsFatal: true,
}

export function tarWords(flavour: Flavour): Words {
  return flavour === 'gnu' ? GNU : BUSYBOX
}

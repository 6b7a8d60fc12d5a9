import type { Command, CommandContext, FileSystem } from '../types.ts'
import type { Stat } from '../fs.ts'
import type { Gen } from './common.ts'
import { normalize } from '../fs.ts'
import { parseTarArgs, type Flavour, type TarArgs } from './tarArgs.ts'
import { entryOf, readArchive, writeArchive, type TarEntry } from './tarFormat.ts'
import { listLine, safeName, tarWords, type Words } from './tarText.ts'

type TarFs = FileSystem & {
  stat?(p: string): Stat | undefined
  chmod?(p: string, mode: number): boolean
  utime?(p: string, mtime: number): boolean
}

/** What a run has to say and whether it already failed. */
interface Run {
  ctx: CommandContext
  fs: TarFs
  w: Words
  args: TarArgs
  failed: boolean
  warned: Set<string>
}

function complain(r: Run, text: string): void {
  r.ctx.io.err(`tar: ${text}\n`)
  r.failed = true
}

/** Leading `/` and `../` are stripped from member names, once said per prefix. */
function strip(r: Run, name: string): string {
  const { name: safe, removed } = safeName(name)
  if (removed && !r.warned.has(removed)) {
    r.warned.add(removed)
    r.ctx.io.err(r.w.removing(removed))
  }
  return safe
}

function resolveIn(ctx: CommandContext, dir: string | undefined, path: string): string {
  if (path.startsWith('/')) return normalize(path)
  const base = dir === undefined ? ctx.cwd : ctx.resolve(dir)
  return ctx.resolve(normalize(`${base}/${path}`))
}

function entryFor(r: Run, path: string, name: string, type: 'file' | 'dir'): TarEntry {
  return entryOf(r.fs, path, name, type, r.ctx.now())
}

function collect(r: Run, path: string, name: string, out: TarEntry[]): void {
  if (r.fs.isDir(path)) {
    const dirName = name.endsWith('/') ? name : `${name}/`
    out.push(entryFor(r, path, dirName, 'dir'))
    for (const child of r.fs.list(path) ?? [])
      collect(r, `${path === '/' ? '' : path}/${child}`, dirName + child, out)
  } else out.push(entryFor(r, path, name, 'file'))
}

function* create(r: Run): Gen {
  const { ctx, args, w } = r
  if (!args.operands.length) return yield* w.emptyArchive(ctx)
  const entries: TarEntry[] = []
  const verboseTo = args.file === '-' ? ctx.io.err : ctx.io.out
  for (const op of args.operands) {
    const path = resolveIn(ctx, op.dir, op.path)
    if (!r.fs.exists(path)) {
      complain(r, w.cannotStat(op.path))
      continue
    }
    const trimmed = op.path.length > 1 ? op.path.replace(/\/+$/, '') || '/' : op.path
    const name = strip(r, trimmed)
    const start = entries.length
    collect(r, path, name || './', entries)
    if (args.verbose) for (const e of entries.slice(start)) verboseTo.call(ctx.io, `${e.name}\n`)
  }
  const archive = writeArchive(entries, w.flavour)
  if (args.file === '-') ctx.io.out(archive)
  else ctx.fs.write(resolveIn(ctx, undefined, args.file!), archive)
  return r.failed ? w.failedExit(ctx) : 0
}

/** Whether `name` was asked for: the member itself or something under a named directory. */
function selected(operands: string[], name: string): string | undefined {
  const bare = name.replace(/\/+$/, '')
  return operands.find((o) => {
    const want = o.replace(/\/+$/, '')
    return bare === want || bare.startsWith(`${want}/`)
  })
}

function mkdirs(r: Run, path: string, shown: string): boolean {
  let cur = ''
  for (const seg of path.split('/').filter(Boolean)) {
    cur += `/${seg}`
    if (r.fs.isDir(cur)) continue
    if (r.fs.exists(cur)) {
      complain(r, r.w.cannotOpen(shown, 'Not a directory'))
      return false
    }
    r.fs.mkdir(cur)
  }
  return true
}

function extractOne(r: Run, base: string, e: TarEntry, name: string): void {
  const path = normalize(`${base}/${name}`)
  const parent = path.slice(0, path.lastIndexOf('/')) || '/'
  if (!mkdirs(r, parent, name)) return
  const mode = r.args.samePermissions ? e.mode : e.mode & ~0o022
  if (e.type === 'dir') {
    if (r.fs.exists(path) && !r.fs.isDir(path)) r.fs.remove(path)
    r.fs.mkdir(path)
    r.fs.chmod?.(path, mode)
    if (!r.args.touch) r.fs.utime?.(path, e.mtime * 1000)
    return
  }
  if (e.type === 'symlink') {
    complain(r, r.w.cannotLink(name, e.linkname))
    return
  }
  let data = e.data
  if (e.type === 'hardlink') {
    const target = r.fs.read(normalize(`${base}/${safeName(e.linkname).name}`))
    if (target === undefined) return complain(r, r.w.cannotHardLink(name, e.linkname))
    data = target
  }
  if (r.fs.isDir(path)) {
    // Like GNU tar: an empty directory in the way is replaced, a full one is not.
    if ((r.fs.list(path) ?? []).length) return complain(r, r.w.cannotOpen(name, 'Is a directory'))
    r.fs.remove(path)
  }
  r.fs.write(path, data)
  r.fs.chmod?.(path, mode)
  if (!r.args.touch) r.fs.utime?.(path, e.mtime * 1000)
}

function* readMode(r: Run): Gen {
  const { ctx, args, w } = r
  let archive: string
  if (args.file === '-') archive = ctx.io.stdin
  else {
    const text = ctx.fs.read(resolveIn(ctx, undefined, args.file!))
    if (text === undefined) return yield* w.cannotOpenArchive(ctx, args.file!)
    archive = text
  }
  let base = ctx.cwd
  if (args.mode === 'x' && args.dir !== undefined) {
    base = resolveIn(ctx, undefined, args.dir)
    if (!r.fs.isDir(base)) return yield* w.cannotChdir(ctx, args.dir, r.fs.exists(base))
  }
  const read = readArchive(archive)
  const wanted = args.operands.map((o) => o.path)
  const found = new Set<string>()
  for (const e of read.entries) {
    if (wanted.length) {
      const hit = selected(wanted, e.name)
      if (!hit) continue
      found.add(hit)
    }
    if (args.mode === 't') {
      ctx.io.out(args.verbose ? listLine(w.flavour, e) : `${e.name}\n`)
      continue
    }
    const name = strip(r, e.name)
    if (!name) continue
    if (name.split('/').includes('..')) {
      complain(r, `${name}: Member name contains '..'`)
      continue
    }
    if (args.verbose) ctx.io.out(args.verbose > 1 ? listLine(w.flavour, e) : `${e.name}\n`)
    if (args.toStdout) {
      if (e.type === 'file') ctx.io.out(e.data)
      continue
    }
    extractOne(r, base, e, name)
  }
  if (!read.ok) return yield* w.badArchive(ctx, read.error, archive === '')
  for (const want of wanted) {
    if (found.has(want)) continue
    if (w.notFoundIsFatal) {
      ctx.io.err(`tar: ${w.notFound(want)}\n`)
      return 1
    }
    complain(r, w.notFound(want))
  }
  return r.failed ? w.failedExit(ctx) : 0
}

/** Debian bookworm's tar, in the Debian-based images and on the node. */
const GNU_VERSION = `tar (GNU tar) 1.34
Copyright (C) 2021 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by John Gilmore and Jay Fenlason.
`

/** `tar` as GNU tar (Debian-based images and the node) or busybox (busybox and alpine) speaks. */
export function tarCommand(flavour: Flavour): Command {
  return function* (argv, ctx) {
    // GNU tar answers --version wherever it stands; busybox only as the first word.
    if (flavour === 'gnu' ? argv.includes('--version') : argv[0] === '--version') {
      ctx.io.out(flavour === 'gnu' ? GNU_VERSION : 'tar (busybox) 1.36.1\n')
      return 0
    }
    const parsed = parseTarArgs(argv, flavour)
    if (!parsed.ok) {
      ctx.io.err(parsed.message)
      return parsed.code
    }
    const args = parsed.args
    const w = tarWords(flavour)
    if (args.gzip) return yield* w.noGzip(ctx, args.mode === 'c')
    // GNU tar built for Debian reads and writes standard input/output without -f.
    args.file ??= '-'
    const refusal = args.mode === 'c' && args.file === '-' && ctx.io.isTTY && w.toTerminal(ctx)
    if (refusal) return yield* refusal
    const r: Run = { ctx, fs: ctx.fs as TarFs, w, args, failed: false, warned: new Set() }
    return args.mode === 'c' ? yield* create(r) : yield* readMode(r)
  }
}

export const tar: Command = tarCommand('gnu')
export const busyboxTar: Command = tarCommand('busybox')

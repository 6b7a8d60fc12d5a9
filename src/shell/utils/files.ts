/* eslint-disable require-yield -- commands are generators by contract, also those that never wait */
import type { Command, CommandContext, FileSystem } from '../types.ts'
import type { Stat } from '../fs.ts'
import { strftime } from '../dateFormat.ts'
import { fail, getopt, readInputs, usage, type Gen } from './common.ts'
import { gnuQuote, isBusybox, quoteAlways } from './userland.ts'

type StatFs = FileSystem & {
  stat?(p: string): Stat | undefined
  chmod?(p: string, mode: number): boolean
  touch?(p: string): void
  copy?(a: string, b: string): boolean
  rename?(a: string, b: string): boolean
}

const SIX_MONTHS = 182 * 86_400_000

export const FILES: Record<string, Command> = {
  *cat(args, ctx) {
    const { opts, rest } = getopt(args, '')
    const number = opts.some(([o]) => o === 'n')
    const ends = opts.some(([o]) => o === 'E' || o === 'A')
    // busybox opens a directory fine and only fails reading it.
    const message = isBusybox(ctx)
      ? (f: string, r: string) =>
          r === 'Is a directory' ? `cat: read error: ${r}` : `cat: can't open '${f}': ${r}`
      : undefined
    const { inputs, failed } = readInputs('cat', rest, ctx, message)
    let text = inputs.map((i) => i.text).join('')
    if (ends) text = text.replace(/\n/g, '$\n')
    if (number) {
      let n = 0
      text = text.replace(/^(?=.)|^$(?=\n)/gm, () => `${String(++n).padStart(6)}\t`)
    }
    ctx.io.out(text)
    return failed ? 1 : 0
  },
  ls: (args, ctx) => ls(args, ctx),
  *mkdir(args, ctx) {
    const { opts, rest } = getopt(args, 'm')
    const parents = opts.some(([o]) => o === 'p' || o === '--parents')
    if (!rest.length) return yield* fail(ctx, `mkdir: missing operand\n${usage('mkdir')}`)
    let code = 0
    const failed = (d: string, reason: string): void => {
      ctx.io.err(
        isBusybox(ctx)
          ? `mkdir: can't create directory '${d}': ${reason}\n`
          : `mkdir: cannot create directory ${gnuQuote(ctx, d)}: ${reason}\n`,
      )
      code = 1
    }
    for (const d of rest) {
      const path = ctx.resolve(d)
      const parent = path.slice(0, path.lastIndexOf('/')) || '/'
      if (ctx.fs.exists(path) && !(parents && ctx.fs.isDir(path))) failed(d, 'File exists')
      else if (!parents && !ctx.fs.isDir(parent)) failed(d, 'No such file or directory')
      else ctx.fs.mkdir(path)
    }
    return code
  },
  *rm(args, ctx) {
    const { opts, rest } = getopt(args, '')
    const force = opts.some(([o]) => o === 'f' || o === '--force')
    const recursive = opts.some(([o]) => o === 'r' || o === 'R' || o === '--recursive')
    if (!rest.length && !force) return yield* fail(ctx, `rm: missing operand\n${usage('rm')}`)
    let code = 0
    for (const f of rest) {
      const path = ctx.resolve(f)
      if (!ctx.fs.exists(path)) {
        if (!force) {
          ctx.io.err(
            isBusybox(ctx)
              ? `rm: can't remove '${f}': No such file or directory\n`
              : `rm: cannot remove ${quoteAlways(f)}: No such file or directory\n`,
          )
          code = 1
        }
      } else if (ctx.fs.isDir(path) && !recursive) {
        ctx.io.err(
          isBusybox(ctx)
            ? `rm: '${f}' is a directory\n`
            : `rm: cannot remove ${quoteAlways(f)}: Is a directory\n`,
        )
        code = 1
      } else ctx.fs.remove(path)
    }
    return code
  },
  *rmdir(args, ctx) {
    let code = 0
    const failed = (d: string, reason: string): void => {
      ctx.io.err(
        isBusybox(ctx)
          ? `rmdir: '${d}': ${reason}\n`
          : `rmdir: failed to remove ${quoteAlways(d)}: ${reason}\n`,
      )
      code = 1
    }
    for (const d of args) {
      const path = ctx.resolve(d)
      const entries = ctx.fs.list(path)
      if (!entries) failed(d, ctx.fs.exists(path) ? 'Not a directory' : 'No such file or directory')
      else if (entries.length) failed(d, 'Directory not empty')
      else ctx.fs.remove(path)
    }
    return code
  },
  *touch(args, ctx) {
    const fs = ctx.fs as StatFs
    let code = 0
    for (const f of args.filter((a) => !a.startsWith('-'))) {
      const path = ctx.resolve(f)
      const parent = path.slice(0, path.lastIndexOf('/')) || '/'
      if (!ctx.fs.isDir(parent)) {
        ctx.io.err(
          isBusybox(ctx)
            ? `touch: ${f}: No such file or directory\n`
            : `touch: cannot touch ${quoteAlways(f)}: No such file or directory\n`,
        )
        code = 1
      } else if (fs.touch) fs.touch(path)
      else if (!ctx.fs.exists(path)) ctx.fs.write(path, '')
    }
    return code
  },
  cp: (args, ctx) => copyOrMove('cp', args, ctx),
  mv: (args, ctx) => copyOrMove('mv', args, ctx),
  *tee(args, ctx) {
    const { opts, rest } = getopt(args, '')
    const append = opts.some(([o]) => o === 'a' || o === '--append')
    let code = 0
    for (const f of rest) {
      try {
        if (append) ctx.fs.append(ctx.resolve(f), ctx.io.stdin)
        else ctx.fs.write(ctx.resolve(f), ctx.io.stdin)
      } catch {
        ctx.io.err(
          `tee: ${f}: ${ctx.fs.isDir(ctx.resolve(f)) ? 'Is a directory' : 'No such file or directory'}\n`,
        )
        code = 1
      }
    }
    ctx.io.out(ctx.io.stdin)
    return code
  },
  *chmod(args, ctx) {
    const fs = ctx.fs as StatFs
    const [mode, ...files] = args.filter((a) => a !== '-R')
    if (!mode || !files.length) return yield* fail(ctx, `chmod: missing operand\n${usage('chmod')}`)
    let code = 0
    for (const f of files) {
      const path = ctx.resolve(f)
      const st = fs.stat?.(path)
      if (!st) {
        ctx.io.err(`chmod: cannot access '${f}': No such file or directory\n`)
        code = 1
        continue
      }
      const next = applyMode(st.mode, mode)
      if (next === undefined)
        return yield* fail(ctx, `chmod: invalid mode: ${gnuQuote(ctx, mode)}\n${usage('chmod')}`)
      fs.chmod?.(path, next)
    }
    return code
  },
}

function applyMode(cur: number, spec: string): number | undefined {
  if (/^[0-7]{1,4}$/.test(spec)) return parseInt(spec, 8)
  let mode = cur
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwxX]*)$/.exec(clause)
    if (!m) return undefined
    const who = m[1] || 'a'
    let bits = 0
    for (const p of m[3]) bits |= p === 'r' ? 4 : p === 'w' ? 2 : 1
    let mask = 0
    if (who.includes('u') || who.includes('a')) mask |= bits << 6
    if (who.includes('g') || who.includes('a')) mask |= bits << 3
    if (who.includes('o') || who.includes('a')) mask |= bits
    if (m[2] === '+') mode |= mask
    else if (m[2] === '-') mode &= ~mask
    else mode = mask
  }
  return mode
}

function* copyOrMove(name: 'cp' | 'mv', args: string[], ctx: CommandContext): Gen {
  const fs = ctx.fs as StatFs
  const bb = isBusybox(ctx)
  const { opts, rest } = getopt(args, '')
  const recursive = name === 'mv' || opts.some(([o]) => o === 'r' || o === 'R' || o === 'a')
  if (rest.length < 2)
    return yield* fail(
      ctx,
      `${name}: missing ${rest.length ? 'destination file operand after ' + `'${rest[0]}'` : 'file operand'}\n${usage(name)}`,
    )
  const dest = rest[rest.length - 1]
  const destPath = ctx.resolve(dest)
  const sources = rest.slice(0, -1)
  if (sources.length > 1 && !fs.isDir(destPath))
    return yield* fail(ctx, `${name}: target '${dest}': Not a directory`)
  let code = 0
  for (const s of sources) {
    const src = ctx.resolve(s)
    if (!fs.exists(src)) {
      ctx.io.err(
        !bb
          ? `${name}: cannot stat ${quoteAlways(s)}: No such file or directory\n`
          : name === 'cp'
            ? `cp: can't stat '${s}': No such file or directory\n`
            : `mv: can't rename '${s}': No such file or directory\n`,
      )
      code = 1
      continue
    }
    if (fs.isDir(src) && !recursive) {
      ctx.io.err(
        bb
          ? `cp: omitting directory '${s}'\n`
          : `cp: -r not specified; omitting directory ${quoteAlways(s)}\n`,
      )
      code = 1
      continue
    }
    const target = fs.isDir(destPath)
      ? destPath.replace(/\/$/, '') + '/' + src.slice(src.lastIndexOf('/') + 1)
      : destPath
    const parent = target.slice(0, target.lastIndexOf('/')) || '/'
    if (!fs.isDir(parent)) {
      const reason = 'No such file or directory'
      ctx.io.err(
        (name === 'mv'
          ? bb
            ? `mv: can't rename '${s}': ${reason}`
            : `mv: cannot move ${quoteAlways(s)} to ${quoteAlways(dest)}: ${reason}`
          : bb
            ? `cp: can't create '${dest}': ${reason}`
            : `cp: cannot create regular file ${quoteAlways(dest)}: ${reason}`) + '\n',
      )
      code = 1
      continue
    }
    const okOp = name === 'cp' ? fs.copy?.(src, target) : fs.rename?.(src, target)
    if (!okOp) {
      const text = fs.read(src) ?? ''
      fs.write(target, text)
      if (name === 'mv') fs.remove(src)
    }
  }
  return code
}

function modeString(st: Stat): string {
  const t = st.type === 'dir' ? 'd' : '-'
  let s = ''
  for (let i = 8; i >= 0; i--) s += st.mode & (1 << i) ? 'rwx'[(8 - i) % 3] : '-'
  if (st.mode & 0o1000) s = s.slice(0, 8) + (st.mode & 1 ? 't' : 'T')
  return t + s
}

function* ls(args: string[], ctx: CommandContext): Gen {
  const fs = ctx.fs as StatFs
  const { opts, rest } = getopt(args, '')
  const has = (...o: string[]): boolean => opts.some(([x]) => o.includes(x))
  const long = has('l')
  const all = has('a', '--all')
  const almost = has('A', '--almost-all')
  const one = has('1') || !ctx.io.isTTY
  const dirOnly = has('d')
  const human = has('h')
  const targets = rest.length ? rest : ['.']
  let code = 0
  const files: string[] = []
  const dirs: string[] = []
  for (const t of targets) {
    const p = ctx.resolve(t)
    if (!fs.exists(p)) {
      // GNU ls fails with 2 ("serious trouble"); busybox with 1.
      ctx.io.err(
        isBusybox(ctx)
          ? `ls: ${t}: No such file or directory\n`
          : `ls: cannot access ${quoteAlways(t)}: No such file or directory\n`,
      )
      code = isBusybox(ctx) ? 1 : 2
    } else if (fs.isDir(p) && !dirOnly) dirs.push(t)
    else files.push(t)
  }
  const now = ctx.now()
  const render = (entries: { name: string; path: string }[], total: boolean): string => {
    if (!long)
      return layout(
        entries.map((e) => e.name),
        one,
        Number(ctx.env.COLUMNS) || 80,
      )
    const rows = entries.map((e) => {
      const st = fs.stat?.(e.path) ?? {
        type: fs.isDir(e.path) ? 'dir' : 'file',
        mode: 0o644,
        size: (fs.read(e.path) ?? '').length,
        mtime: 0,
      }
      const size = human ? humanSize(st.size) : String(st.size)
      const when =
        Math.abs(now - st.mtime) > SIX_MONTHS
          ? strftime('%b %e  %Y', st.mtime)
          : strftime('%b %e %H:%M', st.mtime)
      return {
        mode: modeString(st as Stat),
        links: st.type === 'dir' ? 2 : 1,
        size,
        when,
        name: e.name,
        blocks: Math.ceil(st.size / 4096) * 4,
      }
    })
    const w = Math.max(0, ...rows.map((r) => r.size.length))
    const head = total ? `total ${rows.reduce((a, r) => a + r.blocks, 0)}\n` : ''
    return (
      head +
      rows
        .map((r) => `${r.mode} ${r.links} root root ${r.size.padStart(w)} ${r.when} ${r.name}\n`)
        .join('')
    )
  }
  let out = ''
  if (files.length)
    out += render(
      files.map((f) => ({ name: f, path: ctx.resolve(f) })),
      false,
    )
  for (const [i, d] of dirs.entries()) {
    const p = ctx.resolve(d)
    let names = fs.list(p) ?? []
    if (!all && !almost) names = names.filter((n) => !n.startsWith('.'))
    if (all) names = ['.', '..', ...names]
    const entries = names.map((n) => ({
      name: n,
      path:
        n === '.'
          ? p
          : n === '..'
            ? p.replace(/\/[^/]*$/, '') || '/'
            : p.replace(/\/$/, '') + '/' + n,
    }))
    if (dirs.length + files.length > 1) out += `${i > 0 || files.length ? '\n' : ''}${d}:\n`
    out += render(entries, true)
  }
  ctx.io.out(out)
  return code
}

function humanSize(n: number): string {
  if (n < 1024) return String(n)
  const units = ['K', 'M', 'G', 'T']
  let v = n
  let u = -1
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return (v < 10 ? Math.ceil(v * 10) / 10 : Math.ceil(v)).toString() + units[u]
}

/** GNU ls column layout for a terminal: as many columns as fit, filled top to bottom. */
function layout(names: string[], one: boolean, width: number): string {
  if (!names.length) return ''
  if (one) return names.map((n) => n + '\n').join('')
  for (let cols = names.length; cols > 1; cols--) {
    const rows = Math.ceil(names.length / cols)
    const realCols = Math.ceil(names.length / rows)
    const widths: number[] = []
    for (let c = 0; c < realCols; c++)
      widths.push(Math.max(...names.slice(c * rows, (c + 1) * rows).map((n) => n.length)) + 2)
    const total = widths.reduce((a, b) => a + b, 0) - 2
    if (total > width) continue
    let out = ''
    for (let r = 0; r < rows; r++) {
      const cells: string[] = []
      for (let c = 0; c < realCols; c++) {
        const n = names[c * rows + r]
        if (n !== undefined) cells.push(n)
      }
      out += cells.map((n, c) => (c < cells.length - 1 ? n.padEnd(widths[c]) : n)).join('') + '\n'
    }
    return out
  }
  return names.map((n) => n + '\n').join('')
}

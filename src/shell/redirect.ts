import type { Redir } from './ast.ts'
import type { Effect, FileSystem, IO } from './types.ts'
import { expandString, expandWords, type Expander } from './expand.ts'
import { joinPath } from './fs.ts'
import { deriveIO } from './io.ts'
import { fileRedirError, RedirError } from './signals.ts'

/**
 * Applies redirections left to right, as bash does: `>f 2>&1` sends both to f, `2>&1 >f` sends
 * only stdout there. Output files are truncated when opened, then appended to as the command writes.
 */
export function* applyRedirs(
  redirs: Redir[],
  io: IO,
  fs: FileSystem,
  cwd: string,
  x: Expander,
): Generator<Effect, IO, void> {
  let stdin = io.stdin
  let out: (s: string) => void = (s) => io.out(s)
  let err: (s: string) => void = (s) => io.err(s)
  let tty = io.isTTY
  const sinkFor = (fd: number, sink: (s: string) => void): void => {
    if (fd === 1) {
      out = sink
      tty = false
    } else if (fd === 2) err = sink
  }
  for (const r of redirs) {
    if (r.op === '<<') {
      if (r.fd === 0) stdin = r.body ? yield* expandString(r.body, x) : ''
      continue
    }
    if (r.op === '<<<') {
      if (r.fd === 0) stdin = (yield* expandString(r.target, x)) + '\n'
      continue
    }
    const fields = yield* expandWords([r.target], x)
    if (fields.length !== 1) throw new RedirError(`${rawTarget(r)}: ambiguous redirect`)
    const target = fields[0]
    switch (r.op) {
      case '<':
      case '<>': {
        const content = readFile(fs, cwd, target)
        if (r.fd === 0) stdin = content
        break
      }
      case '>&':
      case '<&':
        if (target === '-') {
          sinkFor(r.fd, () => {})
        } else if (/^\d+$/.test(target)) {
          const n = Number(target)
          if (n > 2) throw new RedirError(`${target}: Bad file descriptor`)
          if (r.op === '<&') break
          const src = n === 1 ? out : n === 2 ? err : undefined
          if (!src) throw new RedirError(`${target}: Bad file descriptor`)
          sinkFor(r.fd, src)
          if (r.fd === 1 && n === 1) tty = io.isTTY
        } else {
          const sink = openFile(fs, cwd, target, false, io)
          sinkFor(1, sink)
          sinkFor(2, sink)
        }
        break
      case '>':
      case '>|':
      case '>>':
        sinkFor(r.fd, openFile(fs, cwd, target, r.op === '>>', io))
        break
      case '&>':
      case '&>>': {
        const sink = openFile(fs, cwd, target, r.op === '&>>', io)
        sinkFor(1, sink)
        sinkFor(2, sink)
        break
      }
    }
  }
  return deriveIO(io, { stdin, out, err, isTTY: tty })
}

function rawTarget(r: Redir): string {
  return r.target.parts
    .map((p) => (p.t === 'lit' || p.t === 'sq' ? p.v : p.t === 'param' ? '$' + p.name : ''))
    .join('')
}

function readFile(fs: FileSystem, cwd: string, target: string): string {
  const path = joinPath(cwd, target)
  const content = fs.read(path)
  if (content !== undefined) return content
  if (fs.isDir(path)) throw fileRedirError(target, 'open', 'EISDIR')
  throw fileRedirError(target, 'open', 'ENOENT')
}

function openFile(
  fs: FileSystem,
  cwd: string,
  target: string,
  append: boolean,
  io: IO,
): (s: string) => void {
  if (target === '/dev/stdout') return (s) => io.out(s)
  if (target === '/dev/stderr') return (s) => io.err(s)
  const path = joinPath(cwd, target)
  if (path === '/dev/null') return () => {}
  if (fs.isDir(path)) throw fileRedirError(target, 'create', 'EISDIR')
  const parent = path.slice(0, path.lastIndexOf('/')) || '/'
  if (!fs.isDir(parent)) throw fileRedirError(target, 'create', 'ENOENT')
  if (!append || !fs.exists(path)) fs.write(path, '')
  return (s) => fs.append(path, s)
}

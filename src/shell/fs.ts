import type { FileSystem } from './types.ts'

/** A file or directory in the in-memory tree. Plain data so the tree serialises as it is. */
export type FsNode =
  | { k: 'f'; data: string; mode: number; mtime: number }
  | { k: 'd'; entries: Record<string, FsNode>; mode: number; mtime: number }

export interface FsJSON {
  version: 1
  root: FsNode
}

export interface Stat {
  type: 'file' | 'dir'
  mode: number
  size: number
  mtime: number
}

/** The directories a fresh Linux root has, so `ls /` looks familiar. */
const ROOT_DIRS = [
  'bin',
  'boot',
  'dev',
  'etc',
  'home',
  'lib',
  'media',
  'mnt',
  'opt',
  'proc',
  'root',
  'run',
  'sbin',
  'srv',
  'sys',
  'tmp',
  'usr',
  'var',
]

/** Normalises an absolute path: collapses `//`, `.` and `..`. */
export function normalize(path: string): string {
  const out: string[] = []
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') out.pop()
    else out.push(seg)
  }
  return '/' + out.join('/')
}

export function joinPath(cwd: string, path: string): string {
  return normalize(path.startsWith('/') ? path : cwd + '/' + path)
}

/**
 * An in-memory POSIX-like file system: directories, files with modes and modification times,
 * `/dev/null`. Paths given to it are absolute (callers resolve against their cwd).
 */
export class MemFs implements FileSystem {
  /** Virtual clock for modification times; the session points it at the cluster clock. */
  clock: () => number = () => 0

  constructor(private root: FsNode) {}

  private node(path: string): FsNode | undefined {
    let n: FsNode = this.root
    for (const seg of normalize(path).split('/').filter(Boolean)) {
      if (n.k !== 'd') return undefined
      const next: FsNode | undefined = n.entries[seg]
      if (!next) return undefined
      n = next
    }
    return n
  }

  private parent(path: string): { dir: FsNode & { k: 'd' }; name: string } | undefined {
    const p = normalize(path)
    const i = p.lastIndexOf('/')
    const dir = this.node(p.slice(0, i) || '/')
    if (!dir || dir.k !== 'd' || p === '/') return undefined
    return { dir, name: p.slice(i + 1) }
  }

  read(path: string): string | undefined {
    if (normalize(path) === '/dev/null') return ''
    const n = this.node(path)
    return n?.k === 'f' ? n.data : undefined
  }

  write(path: string, content: string): void {
    if (normalize(path) === '/dev/null') return
    const p = this.parent(path)
    if (!p) throw new Error(`${path}: No such file or directory`)
    const existing = p.dir.entries[p.name]
    if (existing?.k === 'd') throw new Error(`${path}: Is a directory`)
    p.dir.entries[p.name] = {
      k: 'f',
      data: content,
      mode: existing?.mode ?? 0o644,
      mtime: this.clock(),
    }
  }

  append(path: string, content: string): void {
    this.write(path, (this.read(path) ?? '') + content)
  }

  remove(path: string): boolean {
    const p = this.parent(path)
    if (!p || !(p.name in p.dir.entries)) return false
    delete p.dir.entries[p.name]
    return true
  }

  exists(path: string): boolean {
    return this.node(path) !== undefined
  }

  isDir(path: string): boolean {
    return this.node(path)?.k === 'd'
  }

  /** Creates a directory and any missing parents (like `mkdir -p`). */
  mkdir(path: string): void {
    let n = this.root
    for (const seg of normalize(path).split('/').filter(Boolean)) {
      if (n.k !== 'd') throw new Error(`${path}: Not a directory`)
      n.entries[seg] ??= { k: 'd', entries: {}, mode: 0o755, mtime: this.clock() }
      n = n.entries[seg]
    }
    if (n.k !== 'd') throw new Error(`${path}: File exists`)
  }

  list(path: string): string[] | undefined {
    const n = this.node(path)
    if (n?.k !== 'd') return undefined
    return Object.keys(n.entries).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  }

  stat(path: string): Stat | undefined {
    if (normalize(path) === '/dev/null') return { type: 'file', mode: 0o666, size: 0, mtime: 0 }
    const n = this.node(path)
    if (!n) return undefined
    return {
      type: n.k === 'f' ? 'file' : 'dir',
      mode: n.mode,
      size: n.k === 'f' ? new TextEncoder().encode(n.data).length : 4096,
      mtime: n.mtime,
    }
  }

  chmod(path: string, mode: number): boolean {
    const n = this.node(path)
    if (!n) return false
    n.mode = mode
    return true
  }

  /** Sets a modification time (`tar` restoring the archive's, `touch -d`). */
  utime(path: string, mtime: number): boolean {
    const n = this.node(path)
    if (!n) return false
    n.mtime = mtime
    return true
  }

  touch(path: string): void {
    const n = this.node(path)
    if (n) n.mtime = this.clock()
    else this.write(path, '')
  }

  /** Moves a file or directory; the destination is replaced. */
  rename(from: string, to: string): boolean {
    const src = this.parent(from)
    const dst = this.parent(to)
    if (!src || !dst || !(src.name in src.dir.entries)) return false
    const n = src.dir.entries[src.name]
    delete src.dir.entries[src.name]
    dst.dir.entries[dst.name] = n
    return true
  }

  /** Copies a file or a whole directory tree. */
  copy(from: string, to: string): boolean {
    const n = this.node(from)
    const dst = this.parent(to)
    if (!n || !dst) return false
    dst.dir.entries[dst.name] = structuredClone(n)
    return true
  }

  toJSON(): FsJSON {
    return { version: 1, root: structuredClone(this.root) }
  }
}

/**
 * A fresh file system with the usual top-level directories, `/root` as home, and `files`
 * (absolute paths, or paths relative to /root) written into it.
 */
export function createFs(files: Record<string, string> = {}): MemFs {
  const fs = new MemFs({ k: 'd', entries: {}, mode: 0o755, mtime: 0 })
  for (const d of ROOT_DIRS) fs.mkdir('/' + d)
  fs.chmod('/root', 0o700)
  fs.chmod('/tmp', 0o1777)
  for (const [path, content] of Object.entries(files)) {
    const abs = joinPath('/root', path)
    fs.mkdir(abs.slice(0, abs.lastIndexOf('/')) || '/')
    fs.write(abs, content)
  }
  return fs
}

export function loadFs(json: FsJSON): MemFs {
  if (json.version !== 1)
    throw new Error(`unsupported file system snapshot version ${json.version}`)
  return new MemFs(structuredClone(json.root))
}

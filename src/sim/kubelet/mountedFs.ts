import type { FileSystem } from '../../shell/types.ts'
import type { MemFs, Stat } from '../../shell/fs.ts'
import { normalize } from '../../shell/fs.ts'
import { FILE_IN_VOLUME } from './hostFiles.ts'

export interface Mount {
  path: string
  fs: MemFs
  /** The volume is one file (a hostPath of type File), kept in its tree at FILE_IN_VOLUME. */
  file?: boolean
}

/**
 * A container's view of files: its own root, with volumes (emptyDir, hostPath) mounted over
 * directories so that every container mounting the same volume sees the same files.
 */
export class MountedFs implements FileSystem {
  private readonly mounts: Mount[]
  private rootFs: MemFs | undefined
  private readonly makeRoot: (() => MemFs) | undefined

  /** `root` may be a function: the root is then built on the first access that needs it. */
  constructor(root: MemFs | (() => MemFs), mounts: Mount[]) {
    if (typeof root === 'function') this.makeRoot = root
    else this.rootFs = root
    // Longest path first, so nested mounts win.
    this.mounts = [...mounts].sort((a, b) => b.path.length - a.path.length)
  }

  get root(): MemFs {
    this.rootFs ??= this.makeRoot!()
    return this.rootFs
  }

  private route(path: string): { fs: MemFs; path: string } {
    const p = normalize(path)
    for (const m of this.mounts) {
      if (m.file) {
        if (p === m.path) return { fs: m.fs, path: FILE_IN_VOLUME }
        continue
      }
      if (p === m.path) return { fs: m.fs, path: '/' }
      if (p.startsWith(m.path + '/')) return { fs: m.fs, path: p.slice(m.path.length) }
    }
    return { fs: this.root, path: p }
  }

  read(path: string): string | undefined {
    const r = this.route(path)
    return r.fs.read(r.path)
  }
  write(path: string, content: string): void {
    const r = this.route(path)
    r.fs.write(r.path, content)
  }
  append(path: string, content: string): void {
    const r = this.route(path)
    r.fs.append(r.path, content)
  }
  remove(path: string): boolean {
    const r = this.route(path)
    return r.path === '/' && r.fs !== this.root ? false : r.fs.remove(r.path)
  }
  exists(path: string): boolean {
    const r = this.route(path)
    return r.fs.exists(r.path)
  }
  isDir(path: string): boolean {
    const r = this.route(path)
    return r.fs.isDir(r.path)
  }
  mkdir(path: string): void {
    const r = this.route(path)
    r.fs.mkdir(r.path)
  }
  list(path: string): string[] | undefined {
    const r = this.route(path)
    return r.fs.list(r.path)
  }
  stat(path: string): Stat | undefined {
    const r = this.route(path)
    return r.fs.stat(r.path)
  }
  chmod(path: string, mode: number): boolean {
    const r = this.route(path)
    return r.fs.chmod(r.path, mode)
  }
  utime(path: string, mtime: number): boolean {
    const r = this.route(path)
    return r.fs.utime(r.path, mtime)
  }
  touch(path: string): void {
    const r = this.route(path)
    r.fs.touch(r.path)
  }
  rename(from: string, to: string): boolean {
    const a = this.route(from)
    const b = this.route(to)
    if (a.fs === b.fs) return a.fs.rename(a.path, b.path)
    const content = a.fs.read(a.path)
    if (content === undefined) return false
    b.fs.write(b.path, content)
    return a.fs.remove(a.path)
  }
  copy(from: string, to: string): boolean {
    const a = this.route(from)
    const b = this.route(to)
    if (a.fs === b.fs) return a.fs.copy(a.path, b.path)
    const content = a.fs.read(a.path)
    if (content === undefined) return false
    b.fs.write(b.path, content)
    return true
  }
}

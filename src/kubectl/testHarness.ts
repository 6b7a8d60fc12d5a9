/**
 * Runs kubectl against a fresh simulated cluster the way the CLI does: synchronously, with virtual
 * time advanced on every wait. Used by the kubectl tests and by anyone who needs a kubectl run in
 * theirs.
 */
import type { FileSystem, IO } from '../shell/types.ts'
import { driveSync } from '../shell/drive.ts'
import { createSim, type Sim, type SimOptions } from '../sim/sim.ts'
import { installKubeconfig } from './kubeconfig/kubeconfig.ts'
import { kubectl, type KubectlContext } from './index.ts'

/** A small in-memory file system with the FileSystem contract. */
export class MemFS implements FileSystem {
  private files = new Map<string, string>()
  private dirs = new Set<string>(['/'])

  read(path: string): string | undefined {
    return this.files.get(path)
  }
  write(path: string, content: string): void {
    this.files.set(path, content)
    this.mkdir(path.slice(0, path.lastIndexOf('/')) || '/')
  }
  append(path: string, content: string): void {
    this.write(path, (this.files.get(path) ?? '') + content)
  }
  remove(path: string): boolean {
    return this.files.delete(path) || this.dirs.delete(path)
  }
  exists(path: string): boolean {
    return this.files.has(path) || this.dirs.has(path)
  }
  isDir(path: string): boolean {
    return this.dirs.has(path)
  }
  mkdir(path: string): void {
    let cur = ''
    for (const part of path.split('/').filter(Boolean)) {
      cur += '/' + part
      this.dirs.add(cur)
    }
  }
  list(path: string): string[] | undefined {
    if (!this.dirs.has(path)) return undefined
    const prefix = path === '/' ? '/' : path + '/'
    const names = new Set<string>()
    for (const p of [...this.files.keys(), ...this.dirs]) {
      if (p.startsWith(prefix) && p !== path) names.add(p.slice(prefix.length).split('/')[0])
    }
    return [...names].sort()
  }
}

export interface RunResult {
  code: number
  out: string
  err: string
}

export interface Harness {
  sim: Sim
  fs: MemFS
  /** Runs `kubectl <args>` (a string is split on spaces; pass an array for quoting). */
  run(
    args: string | string[],
    opts?: {
      stdin?: string
      interruptAfterMs?: number
      edit?: (path: string) => void
      /** The terminal's interactive-session hook (exec -it, run -it). */
      attach?: KubectlContext['attach']
    },
  ): RunResult
}

export function harness(opts: SimOptions = {}): Harness {
  const sim = createSim(opts)
  const fs = new MemFS()
  fs.mkdir('/root')
  installKubeconfig(fs, '/root/.kube/config', sim.cluster)
  return {
    sim,
    fs,
    run(args, o = {}) {
      let out = ''
      let err = ''
      const started = sim.now()
      const io: IO = {
        stdin: o.stdin ?? '',
        out: (t) => (out += t),
        err: (t) => (err += t),
        interrupted: () =>
          o.interruptAfterMs !== undefined && sim.now() - started >= o.interruptAfterMs,
        isTTY: false,
      }
      const ctx: KubectlContext = {
        io,
        env: { HOME: '/root' },
        cwd: '/root',
        fs,
        now: () => sim.now(),
        resolve: (p) => (p.startsWith('/') ? p : `/root/${p}`),
        sim,
        attach: o.attach,
      }
      const argv = Array.isArray(args) ? args : args.split(' ').filter(Boolean)
      const limit = (ms: number): number =>
        o.interruptAfterMs === undefined
          ? ms
          : Math.min(ms, started + o.interruptAfterMs - sim.now())
      const code = driveSync(kubectl(argv, ctx), {
        sleep: (ms) => sim.advance(limit(ms)),
        wait: (until, maxMs) => {
          const m = limit(maxMs)
          if (Number.isFinite(m)) sim.advanceUntil(until, Math.max(0, m))
          else if (!sim.advanceUntil(until, 3600_000))
            throw new Error('kubectl waited an hour of virtual time with no end')
        },
        edit: (path) => o.edit?.(path),
      })
      return { code, out, err }
    },
  }
}

import type { Instance } from './types.ts'
import { createFs, loadFs, type FsJSON, type MemFs } from '../../shell/fs.ts'
import { MountedFs } from './mountedFs.ts'

export interface FsState {
  roots: Record<string, FsJSON>
  volumes: Record<string, FsJSON>
}

/**
 * Container root file systems (one per container instance) and the volumes they share
 * (`pod:<uid>/<volume>` for emptyDir, `host:<node>:<path>` for hostPath). Live trees are loaded
 * from the snapshot on first use.
 */
export class FsStore {
  private readonly roots = new Map<string, MemFs>()
  private readonly volumes = new Map<string, MemFs>()
  private saved: FsState = { roots: {}, volumes: {} }

  constructor(private readonly now: () => number) {}

  private live(
    map: Map<string, MemFs>,
    saved: Record<string, FsJSON>,
    key: string,
    create: boolean,
  ): MemFs | undefined {
    let fs = map.get(key)
    if (!fs && saved[key]) fs = loadFs(saved[key])
    if (!fs && create) {
      fs = createFs()
      for (const d of fs.list('/') ?? []) fs.remove('/' + d)
    }
    if (fs) {
      fs.clock = this.now
      map.set(key, fs)
    }
    return fs
  }

  setRoot(id: string, fs: MemFs): void {
    fs.clock = this.now
    this.roots.set(id, fs)
  }

  /** The container's view: its root with its volumes mounted. */
  view(inst: Instance): MountedFs {
    const root = this.live(this.roots, this.saved.roots, inst.id, false)
    if (!root) throw new Error(`no file system for container ${inst.id}`)
    const mounts = (inst.mounts ?? []).map((m) => ({
      path: m.path,
      fs: this.live(this.volumes, this.saved.volumes, m.volume, true)!,
    }))
    return new MountedFs(root, mounts)
  }

  /** A throwaway copy of the view, for re-running a process without touching real files. */
  scratch(inst: Instance): MountedFs {
    const real = this.view(inst)
    const copy = (fs: MemFs): MemFs => {
      const c = loadFs(fs.toJSON())
      c.clock = this.now
      return c
    }
    return new MountedFs(
      copy(real.root),
      (inst.mounts ?? []).map((m) => ({
        path: m.path,
        fs: copy(this.live(this.volumes, this.saved.volumes, m.volume, true)!),
      })),
    )
  }

  dropRoot(id: string): void {
    this.roots.delete(id)
    delete this.saved.roots[id]
  }

  /** Removes a pod's emptyDir volumes (they live as long as the pod). */
  dropPod(uid: string): void {
    const prefix = `pod:${uid}/`
    for (const k of [...this.volumes.keys()]) if (k.startsWith(prefix)) this.volumes.delete(k)
    for (const k of Object.keys(this.saved.volumes))
      if (k.startsWith(prefix)) delete this.saved.volumes[k]
  }

  save(): FsState {
    const out: FsState = { roots: { ...this.saved.roots }, volumes: { ...this.saved.volumes } }
    for (const [k, f] of this.roots) out.roots[k] = f.toJSON()
    for (const [k, f] of this.volumes) out.volumes[k] = f.toJSON()
    return out
  }

  load(state: FsState | undefined): void {
    this.roots.clear()
    this.volumes.clear()
    this.saved = state ?? { roots: {}, volumes: {} }
  }
}

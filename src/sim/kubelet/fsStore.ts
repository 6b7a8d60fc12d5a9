import type { Instance } from './types.ts'
import { createFs, loadFs, type FsJSON, type MemFs } from '../../shell/fs.ts'
import { MountedFs } from './mountedFs.ts'
import { seedHostVolume } from './hostFiles.ts'
import { buildFs, savedOps, type FsOp } from './volumes.ts'

export interface FsState {
  roots: Record<string, FsJSON>
  volumes: Record<string, FsJSON>
  /** Roots nothing has looked at yet, as the recipe they will be built from. */
  recipes?: Record<string, FsOp[]>
}

interface SavedFs {
  roots: Map<string, FsJSON>
  volumes: Map<string, FsJSON>
  recipes: Map<string, FsOp[]>
}

/**
 * Container root file systems (one per container instance) and the volumes they share
 * (`pod:<uid>/<volume>` for emptyDir, `host:<node>:<path>` for hostPath). A root starts as its
 * recipe and becomes a tree when a process or exec first touches it: at thousands of containers
 * the trees were the engine's largest memory cost, and most are never read. Live trees are loaded
 * from the snapshot on first use.
 */
export class FsStore {
  private readonly roots = new Map<string, MemFs>()
  private readonly recipes = new Map<string, FsOp[]>()
  private readonly volumes = new Map<string, MemFs>()
  /**
   * What the last loaded snapshot held, until used. Maps, not records: looking a fresh container
   * id up in an object made the engine intern every id, for every container started.
   */
  private saved: SavedFs = { roots: new Map(), volumes: new Map(), recipes: new Map() }

  constructor(private readonly now: () => number) {}

  private live(
    map: Map<string, MemFs>,
    saved: Map<string, FsJSON>,
    key: string,
    create: boolean,
  ): MemFs | undefined {
    let fs = map.get(key)
    const json = fs ? undefined : saved.get(key)
    if (!fs && json) fs = loadFs(json)
    if (!fs && create) {
      fs = createFs()
      for (const d of fs.list('/') ?? []) fs.remove('/' + d)
      seedHostVolume(key, fs)
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

  /** Registers a root by its recipe; the tree is built when first needed. */
  setRootRecipe(id: string, ops: FsOp[]): void {
    this.recipes.set(id, ops)
  }

  private recipeOf(id: string): FsOp[] | undefined {
    return this.recipes.get(id) ?? this.saved.recipes.get(id)
  }

  private hasRoot(id: string): boolean {
    return this.roots.has(id) || this.saved.roots.has(id) || this.recipeOf(id) !== undefined
  }

  /** The root as a tree, built from its recipe on first use. */
  private root(id: string): MemFs {
    const ops = this.roots.has(id) ? undefined : this.recipeOf(id)
    if (ops) {
      this.recipes.delete(id)
      this.saved.recipes.delete(id)
      this.setRoot(id, buildFs(ops))
    }
    const fs = this.live(this.roots, this.saved.roots, id, false)
    if (!fs) throw new Error(`no file system for container ${id}`)
    return fs
  }

  /** Whether a shared volume (a node path a hostPath volume made, say) exists. */
  readonly hasVolume = (key: string): boolean =>
    this.volumes.has(key) || this.saved.volumes.has(key)

  /** Makes a shared volume exist now (a hostPath OrCreate type creates its path at mount). */
  ensureVolume(key: string): void {
    this.live(this.volumes, this.saved.volumes, key, true)
  }

  /** The container's view: its root with its volumes mounted. */
  view(inst: Instance): MountedFs {
    if (!this.hasRoot(inst.id)) throw new Error(`no file system for container ${inst.id}`)
    const mounts = (inst.mounts ?? []).map((m) => ({
      path: m.path,
      fs: this.live(this.volumes, this.saved.volumes, m.volume, true)!,
      file: m.file,
    }))
    return new MountedFs(() => this.root(inst.id), mounts)
  }

  /** A throwaway copy of the view, for re-running a process without touching real files. */
  scratch(inst: Instance): MountedFs {
    if (!this.hasRoot(inst.id)) throw new Error(`no file system for container ${inst.id}`)
    const copy = (fs: MemFs): MemFs => {
      const c = loadFs(fs.toJSON())
      c.clock = this.now
      return c
    }
    const id = inst.id
    const rootCopy = (): MemFs => {
      const ops = this.roots.has(id) ? undefined : this.recipeOf(id)
      if (!ops) return copy(this.root(id))
      const fs = buildFs(ops)
      fs.clock = this.now
      return fs
    }
    return new MountedFs(
      rootCopy,
      (inst.mounts ?? []).map((m) => ({
        path: m.path,
        fs: copy(this.live(this.volumes, this.saved.volumes, m.volume, true)!),
        file: m.file,
      })),
    )
  }

  dropRoot(id: string): void {
    this.roots.delete(id)
    this.recipes.delete(id)
    this.saved.roots.delete(id)
    this.saved.recipes.delete(id)
  }

  /** Removes a pod's emptyDir volumes (they live as long as the pod). */
  dropPod(uid: string): void {
    const prefix = `pod:${uid}/`
    for (const k of [...this.volumes.keys()]) if (k.startsWith(prefix)) this.volumes.delete(k)
    for (const k of [...this.saved.volumes.keys()])
      if (k.startsWith(prefix)) this.saved.volumes.delete(k)
  }

  save(): FsState {
    const out: FsState = {
      roots: Object.fromEntries(this.saved.roots),
      volumes: Object.fromEntries(this.saved.volumes),
    }
    for (const [k, f] of this.roots) out.roots[k] = f.toJSON()
    for (const [k, f] of this.volumes) out.volumes[k] = f.toJSON()
    const recipes = Object.fromEntries(this.saved.recipes)
    for (const [k, ops] of this.recipes) recipes[k] = savedOps(ops)
    if (Object.keys(recipes).length) out.recipes = recipes
    return out
  }

  load(state: FsState | undefined): void {
    this.roots.clear()
    this.recipes.clear()
    this.volumes.clear()
    this.saved = {
      roots: new Map(Object.entries(state?.roots ?? {})),
      volumes: new Map(Object.entries(state?.volumes ?? {})),
      recipes: new Map(Object.entries(state?.recipes ?? {})),
    }
  }
}

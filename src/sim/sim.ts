import type { KObject, WatchEvent } from './api/types.ts'
import { ApiServer } from './apiserver/apiServer.ts'
import { ObjectStore } from './apiserver/store.ts'
import { VirtualClock, type ClockState } from './runtime/clock.ts'
import { Rng, type RngState } from './runtime/rng.ts'
import { EventRecorder } from './runtime/recorder.ts'
import { ControllerManager } from './runtime/manager.ts'
import { PROFILES, type SimProfile } from './runtime/profile.ts'
import { defaultCluster, type ClusterSpec } from './cluster/spec.ts'
import { installControllers } from './controllers/index.ts'
import { bootstrapCluster } from './cluster/bootstrap.ts'
import './registry/index.ts'

export const SNAPSHOT_VERSION = 1

export interface SimOptions {
  seed?: number
  /** Virtual start time: ISO string or epoch ms. */
  start?: string | number
  cluster?: ClusterSpec
  profile?: SimProfile['name']
  /** Freeze stored objects so any in-place mutation throws (tests). */
  freeze?: boolean
  /**
   * How long the cluster has already been running at `start`: bootstrap happens that much earlier,
   * so system pods are Running with a realistic AGE, as on a cluster a learner is handed.
   */
  upForMs?: number
}

export interface SimSnapshot {
  version: number
  options: { profile: SimProfile['name']; cluster: ClusterSpec }
  clock: ClockState
  rng: RngState
  rv: number
  objects: Record<string, KObject[]>
  queues: Record<string, string[]>
  controllers: Record<string, unknown>
  recorder: unknown
}

export const DEFAULT_START = Date.UTC(2025, 0, 6, 9, 0, 0)

/**
 * The simulated cluster: API server, controllers, kubelets and network, driven by a virtual clock.
 * Same seed and same calls produce the same cluster, byte for byte.
 */
export class Sim {
  readonly store: ObjectStore
  readonly api: ApiServer
  readonly recorder: EventRecorder
  readonly manager: ControllerManager
  readonly profile: SimProfile
  /** Named subsystems shared between controllers (runtime, network). */
  readonly services = new Map<string, unknown>()

  private constructor(
    readonly clock: VirtualClock,
    readonly rng: Rng,
    readonly cluster: ClusterSpec,
    profile: SimProfile['name'],
    rv: number,
    freeze: boolean,
  ) {
    this.profile = PROFILES[profile]
    this.store = new ObjectStore(rv, freeze)
    this.api = new ApiServer(this.store, clock, rng)
    this.recorder = new EventRecorder(this.api, clock)
    this.services.set('cluster', cluster)
    this.services.set('sim', this)
    this.manager = new ControllerManager({
      api: this.api,
      clock,
      rng,
      recorder: this.recorder,
      profile: this.profile,
      services: this.services,
    })
    installControllers(this)
  }

  static create(opts: SimOptions = {}): Sim {
    const start =
      typeof opts.start === 'string' ? Date.parse(opts.start) : (opts.start ?? DEFAULT_START)
    const upFor = Math.max(0, opts.upForMs ?? 0)
    const sim = new Sim(
      new VirtualClock(start - upFor),
      new Rng(opts.seed ?? 1),
      opts.cluster ?? defaultCluster(),
      opts.profile ?? 'realistic',
      1,
      opts.freeze ?? false,
    )
    bootstrapCluster(sim)
    sim.manager.resync()
    sim.settle()
    if (upFor > 0) sim.advanceTo(start)
    return sim
  }

  static restore(saved: SimSnapshot, opts: { freeze?: boolean } = {}): Sim {
    if (saved.version !== SNAPSHOT_VERSION)
      throw new Error(`unsupported snapshot version ${saved.version}`)
    // The restored cluster must not share objects with the snapshot: a checkpoint kept in memory
    // (reset, undo, lesson start) would otherwise change as the learner works, and restore wrong.
    const snap = structuredClone(saved)
    const sim = new Sim(
      VirtualClock.restore(snap.clock),
      new Rng(snap.rng),
      snap.options.cluster,
      snap.options.profile,
      snap.rv,
      opts.freeze ?? false,
    )
    for (const [resource, objects] of Object.entries(snap.objects))
      sim.store.load(resource, objects)
    for (const c of sim.manager.controllers()) {
      if (c.loadState && snap.controllers[c.name] !== undefined)
        c.loadState(snap.controllers[c.name])
    }
    sim.recorder.loadState(snap.recorder as never)
    sim.manager.loadQueues(snap.queues)
    return sim
  }

  snapshot(): SimSnapshot {
    const objects: Record<string, KObject[]> = {}
    for (const r of this.store.resources().sort()) {
      const items = [...this.store.table(r).values()]
      if (items.length) objects[r] = items
    }
    const controllers: Record<string, unknown> = {}
    for (const c of this.manager.controllers()) if (c.saveState) controllers[c.name] = c.saveState()
    return JSON.parse(
      JSON.stringify({
        version: SNAPSHOT_VERSION,
        options: { profile: this.profile.name, cluster: this.cluster },
        clock: this.clock.save(),
        rng: this.rng.save(),
        rv: this.store.rv,
        objects,
        queues: this.manager.saveQueues(),
        controllers,
        recorder: this.recorder.saveState(),
      }),
    )
  }

  now(): number {
    return this.clock.now()
  }

  /** Reconciles everything that is due now, without moving time. */
  settle(): void {
    this.manager.drain()
  }

  /** Moves virtual time forward by `ms`, firing timers in order and reconciling after each. */
  advance(ms: number): void {
    this.advanceTo(this.clock.now() + ms)
  }

  advanceTo(target: number): void {
    this.settle()
    const guard = new SameInstantGuard(this)
    for (;;) {
      const due = this.clock.popDue(target)
      if (due.length === 0) break
      for (const t of due) this.manager.enqueue(t.target, t.key)
      this.settle()
      guard.check()
    }
    this.clock.setNow(target)
    this.settle()
  }

  /**
   * Advances until `done()` holds or `maxMs` passes, checking after every timer. Returns whether
   * the condition was met. Used by waiting commands (rollout status, wait) and by tests.
   */
  advanceUntil(done: () => boolean, maxMs: number): boolean {
    const limit = this.clock.now() + maxMs
    this.settle()
    if (done()) return true
    const guard = new SameInstantGuard(this)
    for (;;) {
      const next = this.clock.nextAt()
      if (next === undefined || next > limit) {
        this.clock.setNow(limit)
        this.settle()
        return done()
      }
      for (const t of this.clock.popDue(next)) this.manager.enqueue(t.target, t.key)
      this.settle()
      guard.check()
      if (done()) return true
    }
  }

  /** Subscribes to every change in the cluster. */
  watch(listener: (ev: WatchEvent) => void): () => void {
    return this.store.watch(listener)
  }
}

export function createSim(opts: SimOptions = {}): Sim {
  return Sim.create(opts)
}

/**
 * A controller that keeps re-queueing itself for the same instant would stop virtual time for good
 * (the tab or the CLI would hang). After this many rounds at one instant the clock moves on by a
 * millisecond and the incident is recorded, so the engine always makes progress.
 */
class SameInstantGuard {
  private at: number
  private rounds = 0

  constructor(private readonly sim: Sim) {
    this.at = sim.clock.now()
  }

  check(): void {
    const now = this.sim.clock.now()
    if (now !== this.at) {
      this.at = now
      this.rounds = 0
      return
    }
    if (++this.rounds < 10_000) return
    this.sim.manager.failures.push({
      controller: 'engine',
      key: '',
      error: 'timers kept firing at one instant; time moved on by 1 ms',
      at: now,
    })
    this.sim.clock.setNow(now + 1)
    this.rounds = 0
  }
}

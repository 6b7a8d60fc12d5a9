import type { WatchEvent } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import type { VirtualClock } from './clock.ts'
import type { Controller, ControllerContext, WatchSpec } from './controller.ts'
import type { Rng } from './rng.ts'
import type { EventRecorder } from './recorder.ts'
import type { SimProfile } from './profile.ts'
import { failureBackoffMs, WorkQueue } from './workQueue.ts'

interface Running {
  controller: Controller
  queue: WorkQueue
  ctx: ControllerContext
}

export interface ManagerDeps {
  api: ApiServer
  clock: VirtualClock
  rng: Rng
  recorder: EventRecorder
  profile: SimProfile
  services: Map<string, unknown>
}

/** A reconcile that keeps failing is logged here rather than thrown at the caller. */
export interface ReconcileFailure {
  controller: string
  key: string
  error: string
  at: number
}

/**
 * Runs controllers single-threaded: watch events fan out to work queues synchronously, and `drain`
 * reconciles until every queue is empty. Timers wake controllers by (name, key).
 */
export class ControllerManager {
  private readonly running: Running[] = []
  private readonly byName = new Map<string, Running>()
  /** Each resource's watches, in the order controllers were added: a write calls these alone. */
  private readonly byResource = new Map<string, { queue: WorkQueue; watch: WatchSpec }[]>()
  readonly failures: ReconcileFailure[] = []
  reconciles = 0

  constructor(private readonly deps: ManagerDeps) {
    deps.api.store.watch((ev) => this.onEvent(ev))
  }

  add(controller: Controller): void {
    const { api, clock, rng, recorder, profile, services } = this.deps
    const ctx: ControllerContext = {
      api,
      clock,
      rng,
      recorder,
      profile,
      requeueAt: (key, at) => clock.schedule(at, controller.name, key),
      requeueAfter: (key, ms) => clock.after(ms, controller.name, key),
      service: <T>(name: string): T => {
        const s = services.get(name)
        if (s === undefined) throw new Error(`no service ${name}`)
        return s as T
      },
    }
    const r: Running = { controller, queue: new WorkQueue(), ctx }
    this.running.push(r)
    this.byName.set(controller.name, r)
    for (const w of controller.watches) {
      const list = this.byResource.get(w.resource) ?? []
      list.push({ queue: r.queue, watch: w })
      this.byResource.set(w.resource, list)
    }
  }

  controllers(): Controller[] {
    return this.running.map((r) => r.controller)
  }

  /** The controller installed under a name (the kubelet asks for one on every pod sync). */
  controller(name: string): Controller | undefined {
    return this.byName.get(name)?.controller
  }

  /** Full resync: every controller enqueues its initial keys. */
  resync(): void {
    for (const r of this.running)
      for (const k of r.controller.initialKeys?.(r.ctx) ?? []) r.queue.add(k)
  }

  enqueue(controllerName: string, key: string): void {
    this.byName.get(controllerName)?.queue.add(key)
  }

  pending(): number {
    let n = 0
    for (const r of this.running) n += r.queue.length
    return n
  }

  /** Reconciles until all queues are empty (bounded, so a hot loop cannot hang the engine). */
  drain(maxSteps = 2_000_000): number {
    let steps = 0
    for (let progressed = true; progressed && steps < maxSteps;) {
      progressed = false
      for (const r of this.running) {
        // Drain each queue in turn so one controller's burst is handled together (RS creating pods).
        for (let key = r.queue.next(); key !== undefined; key = r.queue.next()) {
          progressed = true
          steps++
          this.reconcileOne(r, key)
          if (steps >= maxSteps) break
        }
      }
    }
    this.reconciles += steps
    return steps
  }

  private reconcileOne(r: Running, key: string): void {
    try {
      const result = r.controller.reconcile(key, r.ctx)
      r.queue.failures.delete(key)
      if (result) r.ctx.requeueAfter(key, result.requeueAfterMs)
    } catch (err) {
      const n = (r.queue.failures.get(key) ?? 0) + 1
      r.queue.failures.set(key, n)
      const message = err instanceof Error ? err.message : String(err)
      if (this.failures.length < 1000) {
        this.failures.push({
          controller: r.controller.name,
          key,
          error: message,
          at: this.deps.clock.now(),
        })
      }
      r.ctx.requeueAfter(key, failureBackoffMs(n))
    } finally {
      r.queue.done(key)
    }
  }

  private onEvent(ev: WatchEvent): void {
    const list = this.byResource.get(ev.resource)
    if (!list) return
    for (let i = 0; i < list.length; i++) {
      const w = list[i]
      const keys = w.watch.keys(ev)
      for (let j = 0; j < keys.length; j++) w.queue.add(keys[j])
    }
  }

  saveQueues(): Record<string, string[]> {
    const out: Record<string, string[]> = {}
    for (const r of this.running) if (r.queue.length) out[r.controller.name] = r.queue.keys()
    return out
  }

  loadQueues(queues: Record<string, string[]>): void {
    for (const [name, keys] of Object.entries(queues)) for (const k of keys) this.enqueue(name, k)
  }
}

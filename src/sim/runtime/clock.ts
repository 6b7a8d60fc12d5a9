/**
 * Virtual time for the simulated cluster. Nothing inside the engine reads real time: timers are plain
 * data (who to wake, with which key) so that the whole schedule serialises into a snapshot.
 */
export interface Timer {
  at: number
  seq: number
  /** Name of the controller whose queue receives `key` when the timer fires. */
  target: string
  key: string
}

export interface ClockState {
  now: number
  seq: number
  timers: Timer[]
}

export class VirtualClock {
  private current: number
  private seq = 0
  // A binary heap ordered by (at, seq) keeps firing order deterministic and cheap with many pods.
  private heap: Timer[] = []
  /** Pending (target,key) → earliest time, so repeated requeues of one key do not pile up. */
  private pending = new Map<string, number>()
  /** The last second iso() formatted: a pure cache, not part of the clock's state. */
  private isoSecond = NaN
  private isoText = ''
  /** Controller names' id prefixes: a pure cache, not part of the clock's state. */
  private readonly prefixes = new Map<string, string>()

  constructor(startMs: number) {
    this.current = startMs
  }

  now(): number {
    return this.current
  }

  /** RFC 3339 with second precision, as the API server writes metav1.Time. */
  iso(ms: number = this.current): string {
    const second = Math.floor(ms / 1000)
    // Every write stamps times, and thousands land in the same virtual second: format it once.
    if (second !== this.isoSecond) {
      this.isoText = new Date(second * 1000).toISOString().replace('.000Z', 'Z')
      this.isoSecond = second
    }
    return this.isoText
  }

  /** Micro-time (RFC 3339 with microseconds) used by Events and Leases. */
  isoMicro(ms: number = this.current): string {
    return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')
  }

  /**
   * The pending map's id of a (target, key) pair. Each target's `target\0` prefix is made once:
   * built per timer it was a fresh string held by every pending timer (one per Event, for their TTL).
   */
  private idOf(target: string, key: string): string {
    let prefix = this.prefixes.get(target)
    if (prefix === undefined) {
      prefix = target + '\u0000'
      this.prefixes.set(target, prefix)
    }
    return prefix + key
  }

  schedule(at: number, target: string, key: string): void {
    const id = this.idOf(target, key)
    const existing = this.pending.get(id)
    if (existing !== undefined && existing <= at) return
    this.pending.set(id, at)
    this.push({ at: Math.max(at, this.current), seq: this.seq++, target, key })
  }

  after(ms: number, target: string, key: string): void {
    this.schedule(this.current + Math.max(0, ms), target, key)
  }

  nextAt(): number | undefined {
    this.dropStale()
    return this.heap[0]?.at
  }

  /** Removes and returns every timer due at exactly the earliest time, if that time is <= limit. */
  popDue(limit: number): Timer[] {
    this.dropStale()
    const first = this.heap[0]
    if (!first || first.at > limit) return []
    const at = first.at
    this.current = Math.max(this.current, at)
    const due: Timer[] = []
    while (this.heap[0] && this.heap[0].at === at) {
      const t = this.pop()!
      if (this.isLive(t)) {
        this.pending.delete(this.idOf(t.target, t.key))
        due.push(t)
      }
    }
    return due
  }

  setNow(ms: number): void {
    if (ms > this.current) this.current = ms
  }

  pendingCount(): number {
    return this.pending.size
  }

  save(): ClockState {
    const live = this.heap
      .filter((t) => this.isLive(t))
      .sort((a, b) => a.at - b.at || a.seq - b.seq)
    return { now: this.current, seq: this.seq, timers: live.map((t) => ({ ...t })) }
  }

  static restore(state: ClockState): VirtualClock {
    const c = new VirtualClock(state.now)
    c.seq = state.seq
    for (const t of state.timers) {
      c.pending.set(c.idOf(t.target, t.key), t.at)
      c.push({ ...t })
    }
    return c
  }

  private isLive(t: Timer): boolean {
    return this.pending.get(this.idOf(t.target, t.key)) === t.at
  }

  private dropStale(): void {
    while (this.heap[0] && !this.isLive(this.heap[0])) this.pop()
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq)
  }

  private push(t: Timer): void {
    const h = this.heap
    h.push(t)
    let i = h.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!this.less(h[i], h[p])) break
      ;[h[i], h[p]] = [h[p], h[i]]
      i = p
    }
  }

  private pop(): Timer | undefined {
    const h = this.heap
    if (h.length === 0) return undefined
    const top = h[0]
    const last = h.pop()!
    if (h.length > 0) {
      h[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < h.length && this.less(h[l], h[m])) m = l
        if (r < h.length && this.less(h[r], h[m])) m = r
        if (m === i) break
        ;[h[i], h[m]] = [h[m], h[i]]
        i = m
      }
    }
    return top
  }
}

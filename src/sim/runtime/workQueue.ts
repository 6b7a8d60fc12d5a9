/** client-go work queue semantics: a key is queued once (dirty) and never processed twice at once. */
export class WorkQueue {
  private queue: string[] = []
  private head = 0
  private readonly dirty = new Set<string>()
  private readonly processing = new Set<string>()
  readonly failures = new Map<string, number>()

  add(key: string): void {
    if (this.dirty.has(key)) return
    this.dirty.add(key)
    if (!this.processing.has(key)) this.queue.push(key)
  }

  next(): string | undefined {
    if (this.head >= this.queue.length) return undefined
    const key = this.queue[this.head++]
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head)
      this.head = 0
    }
    this.dirty.delete(key)
    this.processing.add(key)
    return key
  }

  done(key: string): void {
    this.processing.delete(key)
    if (this.dirty.has(key)) this.queue.push(key)
  }

  get length(): number {
    return this.queue.length - this.head
  }

  /** Pending keys in order, for snapshots. */
  keys(): string[] {
    return this.queue.slice(this.head)
  }
}

/** Per-key exponential back-off used for failed reconciles: 5 ms doubling up to 1000 s like client-go. */
export function failureBackoffMs(failures: number): number {
  return Math.min(5 * 2 ** Math.max(0, failures - 1), 1_000_000)
}

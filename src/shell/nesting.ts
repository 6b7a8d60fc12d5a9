import type { IO } from './types.ts'

/**
 * Runtime nesting: commands running inside commands (function calls, `eval`, `source`, child
 * shells, subshells, compound commands). Every level costs JavaScript stack, and running out of
 * it would kill the engine, so nesting is bounded and answered the way bash answers its own
 * nesting limits (FUNCNEST, EVALNEST_MAX, SOURCENEST_MAX): an error naming the construct, then
 * the rest of the command line is dropped (a subshell ends with status 1).
 */

/**
 * Commands that may run inside one another. Nested command substitution costs the most stack per
 * level (about 4 KB in V8); 120 of them fit well inside the ~1 MB V8 gives a thread, leaving room
 * for the program at the bottom (kubectl decoding a manifest, say).
 */
export const RUN_NESTING_LIMIT = 120

/**
 * A child shell (`bash file`, `sh -c`) costs several times the stack of a command: it counts as
 * this many extra levels. Measured in Chromium's worker, where the stack is smaller than Node's.
 */
export const FORK_EXTRA_LEVELS = 3

/** Why a level was entered, so the error names what recursed, as bash does. */
export type NestFrame =
  | { kind: 'function'; name: string }
  | { kind: 'eval' }
  | { kind: 'source'; name: string }
  | { kind: 'fork' }

/** Thrown after a nesting error: abandons the command line, like bash's jump to the top level. */
export class DiscardSignal {}

export class Nesting {
  depth = 0
  frames: NestFrame[] = []

  /** What a subshell or child shell starts from: the stack it runs on is its parent's. */
  fork(): Nesting {
    const n = new Nesting()
    n.depth = this.depth
    n.frames = [...this.frames]
    return n
  }

  /** One level deeper, or bash's error for the innermost recursing construct and an abandoned line. */
  enter(io: IO, prefix: () => string): void {
    if (this.depth >= RUN_NESTING_LIMIT) {
      io.err(`${prefix()}${this.message()}\n`)
      throw new DiscardSignal()
    }
    this.depth++
  }

  /** bash's FUNCNEST: a positive integer limits function nesting exactly; anything else does not. */
  checkFuncnest(name: string, value: string | undefined, io: IO, prefix: () => string): void {
    const limit = value && /^\d+$/.test(value.trim()) ? Number(value) : 0
    if (limit > 0 && this.count('function') >= limit) {
      io.err(`${prefix()}${name}: maximum function nesting level exceeded (${limit})\n`)
      throw new DiscardSignal()
    }
  }

  count(kind: NestFrame['kind']): number {
    let n = 0
    for (const f of this.frames) if (f.kind === kind) n++
    return n
  }

  /**
   * bash's message for the innermost recursing construct. Real bash without FUNCNEST recurses
   * until it crashes (SIGSEGV); stopping with the FUNCNEST wording at our own limit tells the
   * learner what happened without losing the terminal.
   */
  message(): string {
    const f = this.frames[this.frames.length - 1]
    if (!f || f.kind === 'fork') return 'fork: Resource temporarily unavailable'
    if (f.kind === 'function')
      return `${f.name}: maximum function nesting level exceeded (${this.count('function')})`
    if (f.kind === 'eval')
      return `eval: maximum eval nesting level exceeded (${this.count('eval')})`
    return `${f.name}: maximum source nesting level exceeded (${this.count('source')})`
  }
}

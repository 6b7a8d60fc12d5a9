/** Seeded generator (sfc32). Its four words are the whole state, so it snapshots as plain JSON. */
export type RngState = [number, number, number, number]

/** The alphabet of k8s.io/apimachinery/pkg/util/rand: no vowels, no digits that look like letters. */
export const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789'

export class Rng {
  private s: RngState

  constructor(seed: number | RngState) {
    if (Array.isArray(seed)) {
      this.s = [...seed] as RngState
    } else {
      const x = seed >>> 0
      this.s = [0x9e3779b9, 0x243f6a88 ^ x, 0xb7e15162, x]
      for (let i = 0; i < 16; i++) this.nextU32()
    }
  }

  nextU32(): number {
    let [a, b, c, d] = this.s
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    this.s = [a, b, c, d]
    return t
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive)
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]
  }

  /** Five characters like the API server's generateName suffix. */
  suffix(length = 5): string {
    let out = ''
    for (let i = 0; i < length; i++) out += SAFE_ALPHANUMS[this.int(SAFE_ALPHANUMS.length)]
    return out
  }

  hex(length: number): string {
    let out = ''
    for (let i = 0; i < length; i++) out += '0123456789abcdef'[this.int(16)]
    return out
  }

  uuid(): string {
    const h = this.hex(32).split('')
    h[12] = '4'
    h[16] = '89ab'[this.int(4)]
    const s = h.join('')
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
  }

  save(): RngState {
    return [...this.s] as RngState
  }
}

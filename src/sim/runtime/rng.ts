/** Seeded generator (sfc32). Its four words are the whole state, so it snapshots as plain JSON. */
export type RngState = [number, number, number, number]

/** The alphabet of k8s.io/apimachinery/pkg/util/rand: no vowels, no digits that look like letters. */
export const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789'

const HEX = '0123456789abcdef'
const HEX_CODES = Array.from(HEX, (c) => c.charCodeAt(0))
const VARIANT_CODES = Array.from('89ab', (c) => c.charCodeAt(0))
/** A uuid's characters; the dashes never change. */
const UUID_CODES: number[] = new Array<number>(36).fill(0x2d)
/** hex()'s buffers by length: ids come in a handful of lengths (container ids are 64 digits). */
const hexBuffers = new Map<number, number[]>()

export class Rng {
  /**
   * The four words, in a typed array: as object fields, words above 2^31 were boxed numbers, so
   * every draw allocated (the scheduler draws once per tied node, hundreds per pod).
   */
  private readonly s = new Uint32Array(4)

  constructor(seed: number | RngState) {
    const s = this.s
    if (Array.isArray(seed)) {
      for (let i = 0; i < 4; i++) s[i] = seed[i]
    } else {
      const x = seed >>> 0
      s[0] = 0x9e3779b9
      s[1] = 0x243f6a88 ^ x
      s[2] = 0xb7e15162
      s[3] = x
      for (let i = 0; i < 16; i++) this.nextU32()
    }
  }

  nextU32(): number {
    const s = this.s
    const a = s[0]
    const b = s[1]
    let c = s[2]
    const d = s[3]
    const t = (((a + b) >>> 0) + d) >>> 0
    // Stores into the array wrap to 32 bits, as `>>> 0` did.
    s[3] = d + 1
    s[0] = b ^ (b >>> 9)
    s[1] = c + (c << 3)
    c = ((c << 21) | (c >>> 11)) >>> 0
    s[2] = c + t
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

  /**
   * `length` hex digits, as character codes in one reused buffer turned into a string once:
   * appended one by one, a container id (64 digits) stayed a chain of dozens of string pieces for
   * as long as the container was remembered, and a joined array was garbage at once.
   */
  hex(length: number): string {
    let out = hexBuffers.get(length)
    if (!out) hexBuffers.set(length, (out = new Array<number>(length).fill(0)))
    // int(16) is the draw's top four bits: floor(t / 2^32 * 16) with exact float arithmetic.
    for (let i = 0; i < length; i++) out[i] = HEX_CODES[this.nextU32() >>> 28]
    return String.fromCharCode.apply(null, out)
  }

  /**
   * A version-4 uuid, drawn as 32 hex digits then the variant. Written as character codes into one
   * reused buffer and turned into a string once: built by concatenation it stayed a tree of string
   * pieces on every object the engine creates, and a joined array was garbage at once.
   */
  uuid(): string {
    const out = UUID_CODES
    for (let i = 0, j = 0; i < 32; i++) {
      if (i === 8 || i === 12 || i === 16 || i === 20) j++
      out[j++] = HEX_CODES[this.nextU32() >>> 28]
    }
    out[14] = 0x34 // '4'
    out[19] = VARIANT_CODES[this.int(4)]
    return String.fromCharCode.apply(null, out)
  }

  /** The first word signed, as it always was in snapshots (the others are unsigned). */
  save(): RngState {
    const s = this.s
    return [s[0] | 0, s[1], s[2], s[3]]
  }
}

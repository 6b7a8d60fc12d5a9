/**
 * Reusable typed arrays for the per-node score loops. Every scoring cycle needs a few arrays with
 * one slot per feasible node (hundreds at 1,000 nodes); allocating them afresh gave each pod
 * several off-heap buffers to create and collect. A cycle never nests inside another, so one
 * buffer per purpose serves them all. Views are zeroed when handed out and hold nothing between
 * cycles: no state outside the API objects.
 */
export const SLOT = { totals: 0, raw: 1, spread: 2 } as const
type Slot = (typeof SLOT)[keyof typeof SLOT]

const floats: Float64Array[] = []
let bytes = new Uint8Array(0)

function grown(length: number, need: number): number {
  return Math.max(need, length * 2, 256)
}

/** A zeroed Float64Array of length n, valid until the same slot is asked for again. */
export function floatScratch(slot: Slot, n: number): Float64Array {
  let b = floats[slot]
  if (!b || b.length < n) {
    b = new Float64Array(grown(b?.length ?? 0, n))
    floats[slot] = b
  }
  const v = b.subarray(0, n)
  v.fill(0)
  return v
}

/** A zeroed Uint8Array of length n, valid until byteScratch is called again. */
export function byteScratch(n: number): Uint8Array {
  if (bytes.length < n) bytes = new Uint8Array(grown(bytes.length, n))
  const v = bytes.subarray(0, n)
  v.fill(0)
  return v
}

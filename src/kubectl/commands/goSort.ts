/**
 * Go's `sort.Sort` (pattern-defeating quicksort, Go 1.19+), step for step. kubectl sorts with it
 * (`--sort-by`, `kubectl events`, describe's events) and it is not stable: rows with equal keys
 * come out in an order only this exact algorithm reproduces.
 */

export interface GoSortable {
  len: number
  less(i: number, j: number): boolean
  swap(i: number, j: number): void
}

const MAX_INSERTION = 12
const SHORTEST_NINTHER = 50
const MAX_SWAPS = 4 * 3
const SHORTEST_SHIFTING = 50
const MAX_STEPS = 5

type Hint = 'unknown' | 'increasing' | 'decreasing'

/** `bits.Len`: the number of bits needed to represent n. */
function bitLen(n: number): number {
  return 32 - Math.clz32(n)
}

function insertionSort(d: GoSortable, a: number, b: number): void {
  for (let i = a + 1; i < b; i++) for (let j = i; j > a && d.less(j, j - 1); j--) d.swap(j, j - 1)
}

function siftDown(d: GoSortable, lo: number, hi: number, first: number): void {
  let root = lo
  for (;;) {
    let child = 2 * root + 1
    if (child >= hi) return
    if (child + 1 < hi && d.less(first + child, first + child + 1)) child++
    if (!d.less(first + root, first + child)) return
    d.swap(first + root, first + child)
    root = child
  }
}

function heapSort(d: GoSortable, a: number, b: number): void {
  const hi = b - a
  for (let i = Math.floor((hi - 1) / 2); i >= 0; i--) siftDown(d, i, hi, a)
  for (let i = hi - 1; i >= 0; i--) {
    d.swap(a, a + i)
    siftDown(d, 0, i, a)
  }
}

/** Go's 64-bit xorshift seeded with the length, as breakPatterns uses it. */
function xorshift(seed: number): () => bigint {
  const MASK = (1n << 64n) - 1n
  let r = BigInt(seed)
  return () => {
    r ^= (r << 13n) & MASK
    r ^= r >> 17n
    r ^= (r << 5n) & MASK
    return r
  }
}

function breakPatterns(d: GoSortable, a: number, b: number): void {
  const length = b - a
  if (length < 8) return
  const next = xorshift(length)
  const modulus = BigInt(2 ** bitLen(length))
  for (
    let idx = a + Math.floor(length / 4) * 2 - 1;
    idx <= a + Math.floor(length / 4) * 2 + 1;
    idx++
  ) {
    let other = Number(next() & (modulus - 1n))
    if (other >= length) other -= length
    d.swap(idx, a + other)
  }
}

function choosePivot(d: GoSortable, a: number, b: number): [number, Hint] {
  const l = b - a
  const swaps = { n: 0 }
  let i = a + Math.floor(l / 4) * 1
  let j = a + Math.floor(l / 4) * 2
  let k = a + Math.floor(l / 4) * 3
  if (l >= 8) {
    if (l >= SHORTEST_NINTHER) {
      i = median(d, i - 1, i, i + 1, swaps)
      j = median(d, j - 1, j, j + 1, swaps)
      k = median(d, k - 1, k, k + 1, swaps)
    }
    j = median(d, i, j, k, swaps)
  }
  if (swaps.n === 0) return [j, 'increasing']
  if (swaps.n === MAX_SWAPS) return [j, 'decreasing']
  return [j, 'unknown']
}

function order2(d: GoSortable, a: number, b: number, swaps: { n: number }): [number, number] {
  if (d.less(b, a)) {
    swaps.n++
    return [b, a]
  }
  return [a, b]
}

function median(d: GoSortable, a: number, b: number, c: number, swaps: { n: number }): number {
  const [lo, mid] = order2(d, a, b, swaps)
  const [mid2] = order2(d, mid, c, swaps)
  return order2(d, lo, mid2, swaps)[1]
}

function reverseRange(d: GoSortable, a: number, b: number): void {
  for (let i = a, j = b - 1; i < j; i++, j--) d.swap(i, j)
}

function partialInsertionSort(d: GoSortable, a: number, b: number): boolean {
  let i = a + 1
  for (let step = 0; step < MAX_STEPS; step++) {
    while (i < b && !d.less(i, i - 1)) i++
    if (i === b) return true
    if (b - a < SHORTEST_SHIFTING) return false
    d.swap(i, i - 1)
    if (i - a >= 2) {
      for (let j = i - 1; j >= 1; j--) {
        if (!d.less(j, j - 1)) break
        d.swap(j, j - 1)
      }
    }
    if (b - i >= 2) {
      for (let j = i + 1; j < b; j++) {
        if (!d.less(j, j - 1)) break
        d.swap(j, j - 1)
      }
    }
  }
  return false
}

function partition(d: GoSortable, a: number, b: number, pivot: number): [number, boolean] {
  d.swap(a, pivot)
  let i = a + 1
  let j = b - 1
  while (i <= j && d.less(i, a)) i++
  while (i <= j && !d.less(j, a)) j--
  if (i > j) {
    d.swap(j, a)
    return [j, true]
  }
  d.swap(i, j)
  i++
  j--
  for (;;) {
    while (i <= j && d.less(i, a)) i++
    while (i <= j && !d.less(j, a)) j--
    if (i > j) break
    d.swap(i, j)
    i++
    j--
  }
  d.swap(j, a)
  return [j, false]
}

function partitionEqual(d: GoSortable, a: number, b: number, pivot: number): number {
  d.swap(a, pivot)
  let i = a + 1
  let j = b - 1
  for (;;) {
    while (i <= j && !d.less(a, i)) i++
    while (i <= j && d.less(a, j)) j--
    if (i > j) break
    d.swap(i, j)
    i++
    j--
  }
  return i
}

function pdqsort(d: GoSortable, a: number, b: number, limit: number): void {
  let wasBalanced = true
  let wasPartitioned = true
  for (;;) {
    const length = b - a
    if (length <= MAX_INSERTION) return insertionSort(d, a, b)
    if (limit === 0) return heapSort(d, a, b)
    if (!wasBalanced) {
      breakPatterns(d, a, b)
      limit--
    }
    let [pivot, hint] = choosePivot(d, a, b)
    if (hint === 'decreasing') {
      reverseRange(d, a, b)
      pivot = b - 1 - (pivot - a)
      hint = 'increasing'
    }
    if (wasBalanced && wasPartitioned && hint === 'increasing' && partialInsertionSort(d, a, b))
      return
    if (a > 0 && !d.less(a - 1, pivot)) {
      a = partitionEqual(d, a, b, pivot)
      continue
    }
    const [mid, already] = partition(d, a, b, pivot)
    wasPartitioned = already
    const left = mid - a
    const right = b - mid
    const threshold = Math.floor(length / 8)
    if (left < right) {
      wasBalanced = left >= threshold
      pdqsort(d, a, mid, limit)
      a = mid + 1
    } else {
      wasBalanced = right >= threshold
      pdqsort(d, mid + 1, b, limit)
      b = mid
    }
  }
}

/** `sort.Sort(data)`. */
export function goSort(d: GoSortable): void {
  if (d.len <= 1) return
  pdqsort(d, 0, d.len, bitLen(d.len))
}

/** `sort.Sort` over an array with a Less function: a sorted copy. */
export function goSorted<T>(items: readonly T[], less: (a: T, b: T) => boolean): T[] {
  const out = [...items]
  goSort({
    len: out.length,
    less: (i, j) => less(out[i], out[j]),
    swap: (i, j) => {
      const t = out[i]
      out[i] = out[j]
      out[j] = t
    },
  })
  return out
}

/**
 * resource.Quantity.String(): the canonical form the API server stores and kubectl prints
 * (`1024Mi` → `1Gi`, `0.5` → `500m`, `1000m` → `1`). Binary-suffixed inputs stay binary when the
 * value is a whole number of bytes; everything else uses the decimal suffixes in steps of 10^3.
 */
const BINARY: [string, number][] = [
  ['Ki', 10],
  ['Mi', 20],
  ['Gi', 30],
  ['Ti', 40],
  ['Pi', 50],
  ['Ei', 60],
]
const DECIMAL: [string, number][] = [
  ['n', -9],
  ['u', -6],
  ['m', -3],
  ['', 0],
  ['k', 3],
  ['M', 6],
  ['G', 9],
  ['T', 12],
  ['P', 15],
  ['E', 18],
]

const RE = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/

/** Canonical text of a quantity; unparsable input is returned unchanged. */
export function canonicalQuantity(input: unknown): string {
  if (typeof input === 'number') return canonicalQuantity(String(input))
  if (typeof input !== 'string') return '0'
  const m = RE.exec(input.trim())
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return input
  const sign = m[1] === '-' ? -1n : 1n
  const intPart = m[2] || '0'
  const frac = m[3] ?? ''
  const suffix = m[4] ?? ''
  // value = digits * 10^exp10 * 2^exp2, kept exact with bigint
  let digits = BigInt(intPart + frac) * sign
  let exp10 = -frac.length
  let exp2 = 0
  const bin = BINARY.find(([s]) => s === suffix)
  if (bin) exp2 = bin[1]
  else if (/^[eE]/.test(suffix)) exp10 += Number(suffix.slice(1))
  else exp10 += DECIMAL.find(([s]) => s === suffix)![1]
  if (digits === 0n) return '0'
  if (bin) {
    // whole bytes? then print with the largest binary suffix that divides it
    let v = digits * 2n ** BigInt(exp2)
    if (exp10 >= 0) v *= 10n ** BigInt(exp10)
    else {
      const d = 10n ** BigInt(-exp10)
      if (v % d === 0n) v /= d
      else v = -1n
    }
    if (v !== -1n) {
      let i = -1
      while (i + 1 < BINARY.length && v % 1024n === 0n && v !== 0n) {
        v /= 1024n
        i++
      }
      return `${v}${i >= 0 ? BINARY[i][0] : ''}`
    }
    digits = digits * 2n ** BigInt(exp2)
  }
  while (digits % 10n === 0n) {
    digits /= 10n
    exp10++
  }
  // pick the largest multiple-of-3 exponent not above exp10 (at least n)
  let e = Math.floor(exp10 / 3) * 3
  if (e < -9) {
    // Go rounds up to nano precision
    const scale = 10n ** BigInt(-9 - exp10)
    digits = (digits + scale - 1n) / scale
    e = -9
    exp10 = -9
  }
  if (e > 18) e = 18
  const mant = digits * 10n ** BigInt(exp10 - e)
  return `${mant}${DECIMAL.find(([, x]) => x === e)![0]}`
}

/** A quantity as exact thousandths of its unit, and whether it was written with a binary suffix. */
export interface ParsedQuantity {
  milli: bigint
  binary: boolean
}

export function parseQuantity(input: unknown): ParsedQuantity {
  const text = canonicalQuantity(input ?? '0')
  const m = RE.exec(text)
  if (!m) return { milli: 0n, binary: false }
  const sign = m[1] === '-' ? -1n : 1n
  const frac = m[3] ?? ''
  const suffix = m[4] ?? ''
  let v = BigInt((m[2] || '0') + frac) * sign * 1000n
  const bin = BINARY.find(([s]) => s === suffix)
  if (bin) v *= 2n ** BigInt(bin[1])
  let exp = -frac.length
  if (!bin) exp += DECIMAL.find(([s]) => s === suffix)?.[1] ?? 0
  v = exp >= 0 ? v * 10n ** BigInt(exp) : v / 10n ** BigInt(-exp)
  return { milli: v, binary: Boolean(bin) }
}

/** Quantity.String() of a sum kept in `parsed` form (the format of the first addend wins). */
export function formatQuantity(q: ParsedQuantity): string {
  if (q.milli === 0n) return '0'
  if (q.binary && q.milli % 1000n === 0n) {
    const bytes = q.milli / 1000n
    return bytes % 1024n === 0n ? canonicalQuantity(`${bytes / 1024n}Ki`) : String(bytes)
  }
  return canonicalQuantity(`${q.milli}m`)
}

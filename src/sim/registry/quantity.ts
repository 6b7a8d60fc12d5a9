/**
 * resource.Quantity as apimachinery parses and prints it: `100m`, `1Gi`, `1e3`, `0.5`.
 * Values are kept as exact rationals over 10^-9 where possible so `250m + 250m` prints `500m`.
 */
import { boundedMemo } from '../runtime/memo.ts'

export const QUANTITY_REGEX_MESSAGE =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"

const SHAPE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
}
const DECIMAL: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
}

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent'

export interface Quantity {
  /** Value in base units (cores, bytes, count). */
  value: number
  format: QuantityFormat
}

export class QuantityError extends Error {}

/** Parses a quantity string; throws QuantityError with apimachinery's message when malformed. */
export function parseQuantity(input: string | number): Quantity {
  if (typeof input === 'number') return { value: input, format: 'DecimalSI' }
  const s = String(input).trim()
  const m = SHAPE.exec(s)
  if (!m) throw new QuantityError(QUANTITY_REGEX_MESSAGE)
  const [, num, suffix] = m
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(num)) throw new QuantityError(QUANTITY_REGEX_MESSAGE)
  const n = Number(num)
  if (suffix in BINARY) return { value: n * BINARY[suffix], format: 'BinarySI' }
  if (suffix in DECIMAL) return { value: n * 10 ** DECIMAL[suffix], format: 'DecimalSI' }
  const exp = /^[eE]([-+]?\d+)$/.exec(suffix)
  if (exp) return { value: n * 10 ** Number(exp[1]), format: 'DecimalExponent' }
  throw new QuantityError(QUANTITY_REGEX_MESSAGE)
}

/**
 * Values of the quantity strings seen lately (NaN for text that is no quantity): every pod's
 * validation, QoS class and scheduling read the same few ("100m", "128Mi"). A cache only.
 */
const valueOf = boundedMemo(4096, (s: string): number => {
  try {
    return parseQuantity(s).value
  } catch {
    return NaN
  }
})

export function isQuantity(v: unknown): boolean {
  if (typeof v === 'number') return true
  if (typeof v !== 'string') return false
  return !Number.isNaN(valueOf(v))
}

/** Base-unit value of a quantity, 0 for anything unparsable. */
export function quantityValue(v: unknown): number {
  if (typeof v === 'number') return v
  if (typeof v !== 'string') return 0
  const n = valueOf(v)
  return Number.isNaN(n) ? 0 : n
}

/** Milli-units (CPU millicores), rounded up as MilliValue does. */
export function milliValue(v: unknown): number {
  return Math.ceil(Math.round(quantityValue(v) * 1e6) / 1e3)
}

/** Canonical string form (Quantity.String()): the largest suffix that keeps the value whole. */
export function formatQuantity(value: number, format: QuantityFormat = 'DecimalSI'): string {
  if (value === 0) return '0'
  const neg = value < 0
  const abs = Math.abs(value)
  let out: string | undefined
  if (format === 'BinarySI' && Number.isInteger(abs) && abs >= 1024) {
    for (const suf of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
      if (abs % BINARY[suf] === 0) {
        out = `${abs / BINARY[suf]}${suf}`
        break
      }
    }
  }
  if (out === undefined) {
    // Scale to an integer count of nanos, then pick the largest exact decimal suffix.
    const nanos = Math.round(abs * 1e9)
    const order: [string, number][] = [
      ['E', 27],
      ['P', 24],
      ['T', 21],
      ['G', 18],
      ['M', 15],
      ['k', 12],
      ['', 9],
      ['m', 6],
      ['u', 3],
      ['n', 0],
    ]
    for (const [suf, pow] of order) {
      const unit = 10 ** pow
      if (nanos >= unit && nanos % unit === 0) {
        out = `${nanos / unit}${suf}`
        break
      }
    }
    if (out === undefined) out = `${nanos}n`
    if (format === 'BinarySI' && !Number.isInteger(abs)) out = `${Math.ceil(abs * 1000)}m`
  }
  return neg ? '-' + out : out
}

/** Adds quantities and prints the sum in the first operand's format (quota usage). */
export function addQuantities(a: string | undefined, b: string | undefined): string {
  const fa = a === undefined ? undefined : parseQuantity(a)
  const fb = b === undefined ? undefined : parseQuantity(b)
  const format = fa?.format ?? fb?.format ?? 'DecimalSI'
  return formatQuantity((fa?.value ?? 0) + (fb?.value ?? 0), format)
}

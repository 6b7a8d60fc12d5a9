import type { WellKnown } from './schema.ts'
import { ProtobufError, readFields, WIRE_BYTES, WIRE_VARINT, type WireField } from './wire.ts'

const utf8 = new TextDecoder('utf-8')

/** The earliest and latest instants encoding/json can write for a time.Time. */
const MIN_SECONDS = -62135596800
const MAX_SECONDS = 253402300799

// From the Quantity parser of apimachinery, whose message the API server answers with.
const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/

/** Fields of a well-known message by number; anything else in it is refused. */
function fieldsOf(
  bytes: Uint8Array,
  where: string,
  known: Record<number, number>,
): Map<number, WireField> {
  const out = new Map<number, WireField>()
  for (const f of readFields(bytes, where)) {
    if (!(f.number in known)) throw new ProtobufError(`${where} has no field number ${f.number}`)
    if (f.wireType !== known[f.number])
      throw new ProtobufError(`${where} field ${f.number}: wire type ${f.wireType}`)
    out.set(f.number, f)
  }
  return out
}

function int(f: WireField | undefined, bits: 32 | 64): number {
  return f ? Number(BigInt.asIntN(bits, f.varint)) : 0
}

function text(f: WireField | undefined): string {
  return f ? utf8.decode(f.bytes) : ''
}

function rawJson(bytes: Uint8Array, where: string): unknown {
  if (!bytes.length) return null
  try {
    return JSON.parse(utf8.decode(bytes))
  } catch {
    throw new ProtobufError(`${where}: raw content is not JSON`)
  }
}

function timestamp(bytes: Uint8Array, where: string, micro: boolean): string | null {
  // Empty is the zero time, written as null; seconds=0 sent explicitly is 1970.
  if (!bytes.length) return null
  const f = fieldsOf(bytes, where, { 1: WIRE_VARINT, 2: WIRE_VARINT })
  const seconds = int(f.get(1), 64)
  const nanos = int(f.get(2), 32)
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS)
    throw new ProtobufError(`${where}: Time.MarshalJSON: year outside of range [0,9999]`)
  const base = new Date(seconds * 1000).toISOString().slice(0, 19)
  // metav1.Time keeps whole seconds only; MicroTime truncates to microseconds.
  if (!micro) return `${base}Z`
  const micros = Math.trunc(Math.max(0, Math.min(nanos, 999_999_999)) / 1000)
  return `${base}.${String(micros).padStart(6, '0')}Z`
}

/** time.Duration.String(), as metav1.Duration marshals to JSON. */
export function goDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s'
  const neg = nanos < 0n
  let u = neg ? -nanos : nanos
  let out: string
  if (u < 1_000_000_000n) {
    const [unit, scale] =
      u < 1000n ? ['ns', 1n] : u < 1_000_000n ? ['µs', 1000n] : ['ms', 1_000_000n]
    out = fraction(u, scale) + unit
  } else {
    const h = u / 3_600_000_000_000n
    u -= h * 3_600_000_000_000n
    const m = u / 60_000_000_000n
    u -= m * 60_000_000_000n
    out = `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${fraction(u, 1_000_000_000n)}s`
  }
  return neg ? `-${out}` : out
}

function fraction(v: bigint, scale: bigint): string {
  const whole = v / scale
  const rest = v % scale
  if (!rest) return String(whole)
  const digits = String(scale).length - 1
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`
}

/** A well-known apimachinery type as encoding/json writes it. */
export function decodeWellKnown(name: WellKnown, bytes: Uint8Array, where: string): unknown {
  switch (name) {
    case 'Time':
      return timestamp(bytes, `${where} (Time)`, false)
    case 'MicroTime':
      return timestamp(bytes, `${where} (MicroTime)`, true)
    case 'Duration': {
      const f = fieldsOf(bytes, `${where} (Duration)`, { 1: WIRE_VARINT })
      return goDuration(BigInt.asIntN(64, f.get(1)?.varint ?? 0n))
    }
    case 'FieldsV1':
    case 'RawExtension': {
      const f = fieldsOf(bytes, `${where} (${name})`, { 1: WIRE_BYTES })
      return rawJson(f.get(1)?.bytes ?? new Uint8Array(0), `${where} (${name})`)
    }
    case 'IntOrString': {
      const f = fieldsOf(bytes, `${where} (IntOrString)`, {
        1: WIRE_VARINT,
        2: WIRE_VARINT,
        3: WIRE_BYTES,
      })
      return int(f.get(1), 64) === 1 ? text(f.get(3)) : int(f.get(2), 32)
    }
    case 'Quantity': {
      const f = fieldsOf(bytes, `${where} (Quantity)`, { 1: WIRE_BYTES })
      const q = text(f.get(1))
      if (!q) return '0'
      if (!QUANTITY.test(q))
        throw new ProtobufError(
          `${where}: quantities must match the regular expression '${QUANTITY.source}'`,
        )
      return q
    }
    case 'StringList': {
      const items: string[] = []
      for (const f of readFields(bytes, `${where} (ExtraValue)`)) {
        if (f.number !== 1 || f.wireType !== WIRE_BYTES)
          throw new ProtobufError(`${where} (ExtraValue) has no field number ${f.number}`)
        items.push(utf8.decode(f.bytes))
      }
      return items
    }
  }
}

/** What encoding/json writes for the zero value of a well-known type. */
export function zeroWellKnown(name: WellKnown): unknown {
  switch (name) {
    case 'Duration':
      return '0s'
    case 'IntOrString':
      return 0
    case 'Quantity':
      return '0'
    default:
      return null
  }
}

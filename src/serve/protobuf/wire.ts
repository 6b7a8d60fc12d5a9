/** A body that cannot be decoded: answered as 400 Bad Request. */
export class ProtobufError extends Error {}

export const WIRE_VARINT = 0
export const WIRE_FIXED64 = 1
export const WIRE_BYTES = 2
export const WIRE_FIXED32 = 5

export interface WireField {
  number: number
  wireType: number
  /** Varints as 64-bit unsigned; fixed32/fixed64 as their raw bytes. */
  varint: bigint
  bytes: Uint8Array
}

/** A read position in one message's bytes. */
interface Cursor {
  buf: Uint8Array
  pos: number
  where: string
}

function readVarint(c: Cursor): bigint {
  // Most varints (keys, lengths, small numbers) fit in 49 bits: plain arithmetic is far faster.
  const { buf } = c
  let small = 0
  for (let i = 0, p = c.pos; i < 7 && p < buf.length; i++, p++) {
    small += (buf[p] & 0x7f) * 2 ** (7 * i)
    if (buf[p] < 0x80) {
      c.pos = p + 1
      return BigInt(small)
    }
  }
  let result = 0n
  for (let i = 0; i < 10; i++) {
    if (c.pos >= buf.length) throw new ProtobufError(`${c.where}: unexpected end of data`)
    const b = buf[c.pos++]
    result |= BigInt(b & 0x7f) << BigInt(7 * i)
    if (b < 0x80) {
      if (i === 9 && b > 1) break
      return BigInt.asUintN(64, result)
    }
  }
  throw new ProtobufError(`${c.where}: varint overflows 64 bits`)
}

function take(c: Cursor, n: number): Uint8Array {
  if (n > c.buf.length - c.pos) throw new ProtobufError(`${c.where}: unexpected end of data`)
  const out = c.buf.subarray(c.pos, c.pos + n)
  c.pos += n
  return out
}

/**
 * Reads one message's fields off the wire, in order. Every length is checked against what is
 * left, so truncated or hostile input ends in a ProtobufError, never a read past the end.
 */
export function readFields(buf: Uint8Array, where: string): WireField[] {
  const fields: WireField[] = []
  const c: Cursor = { buf, pos: 0, where }
  while (c.pos < buf.length) {
    const key = readVarint(c)
    const number = Number(key >> 3n)
    const wireType = Number(key & 7n)
    if (number < 1 || number > 0x1fffffff)
      throw new ProtobufError(`${where}: invalid field number ${number}`)
    const field: WireField = { number, wireType, varint: 0n, bytes: EMPTY }
    if (wireType === WIRE_VARINT) field.varint = readVarint(c)
    else if (wireType === WIRE_FIXED64) field.bytes = take(c, 8)
    else if (wireType === WIRE_FIXED32) field.bytes = take(c, 4)
    else if (wireType === WIRE_BYTES) {
      const len = readVarint(c)
      if (len > BigInt(buf.length - c.pos))
        throw new ProtobufError(`${where}: unexpected end of data`)
      field.bytes = take(c, Number(len))
    } else
      throw new ProtobufError(`${where}: field ${number} has unsupported wire type ${wireType}`)
    fields.push(field)
  }
  return fields
}

/** Packed repeated varints: the payload of one length-delimited field. */
export function readPackedVarints(buf: Uint8Array, where: string): bigint[] {
  const out: bigint[] = []
  let pos = 0
  while (pos < buf.length) {
    let result = 0n
    let done = false
    for (let i = 0; i < 10 && pos < buf.length; i++) {
      const b = buf[pos++]
      result |= BigInt(b & 0x7f) << BigInt(7 * i)
      if (b < 0x80) {
        done = true
        break
      }
    }
    if (!done) throw new ProtobufError(`${where}: truncated packed varint`)
    out.push(BigInt.asUintN(64, result))
  }
  return out
}

const EMPTY = new Uint8Array(0)

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

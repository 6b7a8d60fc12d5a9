import { concatBytes, WIRE_BYTES, WIRE_VARINT } from './wire.ts'

/**
 * Writing protobuf messages, the other half of ./wire.ts: a message is built as a list of encoded
 * fields, and a nested message is written whole before its length prefix, as proto3 lays it out.
 * Proto3 leaves out scalars at their zero value; callers pass `undefined` or skip them likewise.
 */
export class MessageWriter {
  private parts: Uint8Array[] = []

  /** A string field (proto3: the empty string is not written). */
  string(field: number, value: string | undefined): this {
    if (value) this.bytes(field, utf8.encode(value))
    return this
  }

  strings(field: number, values: readonly string[] | undefined): this {
    for (const v of values ?? []) this.bytes(field, utf8.encode(v))
    return this
  }

  /** A bool field (proto3: false is not written). */
  bool(field: number, value: boolean | undefined): this {
    if (value) this.parts.push(concatBytes([key(field, WIRE_VARINT), Uint8Array.of(1)]))
    return this
  }

  /** A nested message; an empty one is still written, as Go writes a set message field. */
  message(field: number, value: MessageWriter | undefined): this {
    if (value) this.bytes(field, value.finish())
    return this
  }

  messages(field: number, values: readonly MessageWriter[]): this {
    for (const v of values) this.message(field, v)
    return this
  }

  finish(): Uint8Array {
    return concatBytes(this.parts.length ? this.parts : [new Uint8Array(0)])
  }

  private bytes(field: number, data: Uint8Array): void {
    this.parts.push(key(field, WIRE_BYTES), varint(data.length), data)
  }
}

const utf8 = new TextEncoder()

function key(field: number, wireType: number): Uint8Array {
  return varint(field * 8 + wireType)
}

/** Unsigned varint of a non-negative safe integer (field keys, lengths). */
export function varint(n: number): Uint8Array {
  const out: number[] = []
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80)
    n = Math.floor(n / 0x80)
  }
  out.push(n)
  return Uint8Array.from(out)
}

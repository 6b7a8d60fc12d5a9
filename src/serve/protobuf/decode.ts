import {
  messageSpec,
  protoName,
  type FieldSpec,
  type FieldType,
  type MessageSpec,
} from './schema.ts'
import { decodeWellKnown, zeroWellKnown } from './wellKnown.ts'
import {
  concatBytes,
  ProtobufError,
  readFields,
  readPackedVarints,
  WIRE_BYTES,
  WIRE_FIXED32,
  WIRE_FIXED64,
  WIRE_VARINT,
  type WireField,
} from './wire.ts'

type Json = unknown
type JsonObject = Record<string, Json>

/** Nesting deeper than any Kubernetes object needs is refused rather than recursed into. */
const MAX_DEPTH = 64

const utf8 = new TextDecoder('utf-8')

/**
 * A message as the JSON the API server would hold after decoding it into its Go struct:
 * fields in struct order, zero values dropped where the JSON tag says omitempty (kept when the
 * Go field is a pointer and was sent), structs always written, inlined structs flattened.
 */
export function decodeMessage(spec: MessageSpec, buf: Uint8Array, depth = 0): JsonObject {
  const owner = protoName(spec.name)
  if (depth > MAX_DEPTH) throw new ProtobufError(`${owner}: nested too deeply`)
  const seen = new Map<number, WireField[]>()
  for (const f of readFields(buf, owner)) {
    if (!spec.byNumber.has(f.number))
      throw new ProtobufError(`${owner} has no field number ${f.number} in Kubernetes v1.32`)
    const list = seen.get(f.number)
    if (list) list.push(f)
    else seen.set(f.number, [f])
  }
  const out: JsonObject = {}
  for (const field of spec.fields) {
    const wire = seen.get(field.number)
    if (!wire) {
      // What the Go zero value of an unsent field writes.
      if (field.inline) Object.assign(out, decodeMessage(subSpec(field, owner), EMPTY, depth + 1))
      else if (field.repeated || field.map || field.pointer) {
        // A nil slice, map or pointer is written as null when the tag has no omitempty.
        if (field.keepZero) out[field.json] = null
      } else if (field.keepZero || isStruct(field.type))
        out[field.json] = zeroValue(field.type, depth)
      continue
    }
    const where = `${owner} field ${field.number} (${field.json})`
    if (field.inline) {
      const parts = wire.map((w) => expectBytes(w, where))
      Object.assign(out, decodeMessage(subSpec(field, where), concatBytes(parts), depth + 1))
      continue
    }
    if (field.repeated || field.map) {
      out[field.json] = field.map
        ? decodeMap(field, wire, where, depth)
        : decodeRepeated(field, wire, where, depth)
      continue
    }
    const value =
      field.type.kind === 'scalar'
        ? decodeScalar(field.type.scalar, wire[wire.length - 1], where)
        : decodeEmbedded(
            field.type,
            concatBytes(wire.map((w) => expectBytes(w, where))),
            where,
            depth,
          )
    if (field.pointer || field.keepZero || isStruct(field.type) || !isZero(value))
      out[field.json] = value
  }
  return out
}

const EMPTY = new Uint8Array(0)

function subSpec(field: FieldSpec, where: string): MessageSpec {
  if (field.type.kind !== 'message') throw new ProtobufError(`${where}: not a message`)
  const spec = messageSpec(field.type.name)
  // A table naming a message it does not define is our bug, not the client's.
  if (!spec) throw new Error(`protobuf schema: ${field.type.name} is not in the tables`)
  return spec
}

/** Go structs are never omitted by encoding/json; everything else with omitempty is. */
function isStruct(type: FieldType): boolean {
  return type.kind === 'message' || (type.kind === 'wellKnown' && type.name !== 'StringList')
}

function isZero(v: Json): boolean {
  return v === '' || v === 0 || v === false || v === null
}

function expectBytes(w: WireField, where: string): Uint8Array {
  if (w.wireType !== WIRE_BYTES)
    throw new ProtobufError(`${where}: wire type ${w.wireType}, expected length-delimited`)
  return w.bytes
}

function decodeEmbedded(type: FieldType, bytes: Uint8Array, where: string, depth: number): Json {
  if (type.kind === 'wellKnown') return decodeWellKnown(type.name, bytes, where)
  if (type.kind !== 'message') throw new ProtobufError(`${where}: not a message`)
  const spec = messageSpec(type.name)
  if (!spec) throw new Error(`protobuf schema: ${type.name} is not in the tables`)
  return decodeMessage(spec, bytes, depth + 1)
}

function decodeScalar(scalar: string, w: WireField, where: string): Json {
  const expected =
    scalar === 'double' ? WIRE_FIXED64 : scalar === 'float' ? WIRE_FIXED32 : WIRE_VARINT
  if (scalar === 'string' || scalar === 'bytes') {
    const bytes = expectBytes(w, where)
    return scalar === 'string' ? utf8.decode(bytes) : toBase64(bytes)
  }
  if (w.wireType !== expected)
    throw new ProtobufError(`${where}: wire type ${w.wireType}, expected ${expected}`)
  return varintValue(scalar, w.varint, w.bytes)
}

function varintValue(scalar: string, v: bigint, bytes: Uint8Array): Json {
  switch (scalar) {
    case 'bool':
      return v !== 0n
    case 'int32':
      return Number(BigInt.asIntN(32, v))
    case 'uint32':
      return Number(BigInt.asUintN(32, v))
    case 'int64':
      return Number(BigInt.asIntN(64, v))
    case 'uint64':
      return Number(v)
    case 'double':
      return new DataView(bytes.buffer, bytes.byteOffset, 8).getFloat64(0, true)
    default:
      return new DataView(bytes.buffer, bytes.byteOffset, 4).getFloat32(0, true)
  }
}

function decodeRepeated(field: FieldSpec, wire: WireField[], where: string, depth: number): Json[] {
  const { type } = field
  if (type.kind !== 'scalar')
    return wire.map((w) => decodeEmbedded(type, expectBytes(w, where), where, depth))
  const out: Json[] = []
  for (const w of wire) {
    const numeric = type.scalar !== 'string' && type.scalar !== 'bytes'
    if (numeric && w.wireType === WIRE_BYTES && type.scalar !== 'double' && type.scalar !== 'float')
      for (const v of readPackedVarints(w.bytes, where))
        out.push(varintValue(type.scalar, v, EMPTY))
    else out.push(decodeScalar(type.scalar, w, where))
  }
  return out
}

function decodeMap(
  field: FieldSpec,
  wire: WireField[],
  where: string,
  depth: number,
): Record<string, Json> {
  const out: Record<string, Json> = Object.create(null)
  for (const w of wire) {
    let key = ''
    let value: Json = undefined
    for (const e of readFields(expectBytes(w, where), `${where} map entry`)) {
      if (e.number === 1) key = utf8.decode(expectBytes(e, `${where} map key`))
      else if (e.number === 2)
        value =
          field.type.kind === 'scalar'
            ? decodeScalar(field.type.scalar, e, `${where} map value`)
            : decodeEmbedded(field.type, expectBytes(e, where), `${where} map value`, depth)
      else throw new ProtobufError(`${where} map entry has no field number ${e.number}`)
    }
    out[key] = value === undefined ? zeroValue(field.type, depth) : value
  }
  // JSON.parse gives ordinary objects; so does this, keys in Go's sorted map order.
  return Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((k) => [k, out[k]]),
  )
}

/** What encoding/json writes for a Go zero value of this type. */
function zeroValue(type: FieldType, depth: number): Json {
  if (type.kind === 'wellKnown') return zeroWellKnown(type.name)
  if (type.kind === 'message') {
    const spec = messageSpec(type.name)
    if (!spec) throw new Error(`protobuf schema: ${type.name} is not in the tables`)
    return decodeMessage(spec, EMPTY, depth + 1)
  }
  switch (type.scalar) {
    case 'string':
    case 'bytes':
      return type.scalar === 'string' ? '' : null
    case 'bool':
      return false
    default:
      return 0
  }
}

export function toBase64(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

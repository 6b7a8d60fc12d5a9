/**
 * Cross-check of the schema tables against the real kubectl 1.32 binary, which embeds the gzipped
 * FileDescriptorProtos of the generated.proto files it was built from: every message in our tables
 * has exactly the fields, numbers, cardinalities and types the binary's descriptors have.
 */
import { readFileSync } from 'node:fs'
import { constants, gunzipSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { findKubectl } from '../../kubectl/oracleKubectl.ts'
import { allMessageNames, messageSpec, protoName, type FieldSpec } from './schema.ts'
import { readFields, type WireField } from './wire.ts'

const real = findKubectl()
if (!real) console.warn('SKIPPED: the protobuf table cross-check needs kubectl v1.32 on PATH')

interface DescField {
  name: string
  number: number
  repeated: boolean
  type: number
  typeName: string
}

const text = (f: WireField | undefined): string => (f ? new TextDecoder().decode(f.bytes) : '')
const num = (f: WireField | undefined): number => (f ? Number(f.varint) : 0)
const fieldsBy = (bytes: Uint8Array): Map<number, WireField[]> => {
  const m = new Map<number, WireField[]>()
  for (const f of readFields(bytes, 'descriptor')) m.set(f.number, [...(m.get(f.number) ?? []), f])
  return m
}

/** proto full name → fields, for every message (and map entry) in the embedded descriptors. */
function embeddedMessages(binary: string): Map<string, DescField[]> {
  const bin = readFileSync(binary)
  const gzip = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00])
  const out = new Map<string, DescField[]>()
  const addMessage = (prefix: string, bytes: Uint8Array): void => {
    const m = fieldsBy(bytes)
    const name = `${prefix}.${text(m.get(1)?.[0])}`
    out.set(
      name,
      (m.get(2) ?? []).map((f) => {
        const d = fieldsBy(f.bytes)
        return {
          name: text(d.get(1)?.[0]),
          number: num(d.get(3)?.[0]),
          repeated: num(d.get(4)?.[0]) === 3,
          type: num(d.get(5)?.[0]),
          typeName: text(d.get(6)?.[0]),
        }
      }),
    )
    for (const nested of m.get(3) ?? []) addMessage(name, nested.bytes)
  }
  for (let i = bin.indexOf(gzip); i >= 0; i = bin.indexOf(gzip, i + 1)) {
    let file: Buffer
    try {
      file = gunzipSync(bin.subarray(i, i + 500_000), { finishFlush: constants.Z_SYNC_FLUSH })
    } catch {
      continue
    }
    // Other gzipped data in the binary is skipped by its first field: a file name under k8s.io/.
    if (
      file[0] !== 0x0a ||
      !text(readFields(file.subarray(0, 2 + file[1]), 'name')[0]).startsWith('k8s.io/')
    )
      continue
    // gunzip runs on into a gzip member that follows; a second file name starts another file.
    let pkg = ''
    let names = 0
    for (const f of readFields(file, 'file')) {
      if (f.number === 1 && ++names > 1) break
      if (f.number === 2) pkg = text(f)
      if (f.number === 4) addMessage(pkg, f.bytes)
    }
  }
  return out
}

// google/protobuf/descriptor.proto FieldDescriptorProto.Type
const SCALAR_TYPES: Record<string, number> = {
  double: 1,
  float: 2,
  int64: 3,
  uint64: 4,
  int32: 5,
  bool: 8,
  string: 9,
  bytes: 12,
  uint32: 13,
}
const WELL_KNOWN: Record<string, string> = {
  Time: '.k8s.io.apimachinery.pkg.apis.meta.v1.Time',
  MicroTime: '.k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime',
  Duration: '.k8s.io.apimachinery.pkg.apis.meta.v1.Duration',
  FieldsV1: '.k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1',
  IntOrString: '.k8s.io.apimachinery.pkg.util.intstr.IntOrString',
  Quantity: '.k8s.io.apimachinery.pkg.api.resource.Quantity',
  RawExtension: '.k8s.io.apimachinery.pkg.runtime.RawExtension',
}

/** What the descriptor should say for one of our fields: type, and for maps the value type. */
function expected(f: FieldSpec, owner: string): { type: number; typeName: string } {
  const t = f.type
  if (t.kind === 'scalar') return { type: SCALAR_TYPES[t.scalar], typeName: '' }
  if (t.kind === 'wellKnown')
    return {
      type: 11,
      typeName:
        t.name === 'StringList'
          ? `.${protoName(owner).replace(/\.[^.]+$/, '')}.ExtraValue`
          : WELL_KNOWN[t.name],
    }
  return { type: 11, typeName: `.${protoName(t.name)}` }
}

describe.skipIf(!real)('protobuf tables against the descriptors in kubectl 1.32', () => {
  test('every message has the binary’s fields, numbers, cardinalities and types', () => {
    const embedded = embeddedMessages(real!)
    expect(embedded.size).toBeGreaterThan(500)
    const problems: string[] = []
    for (const name of allMessageNames()) {
      const full = protoName(name)
      const desc = embedded.get(full)
      if (!desc) {
        problems.push(`${full}: not in the binary`)
        continue
      }
      const ours = messageSpec(name)!.fields
      if (ours.length !== desc.length)
        problems.push(`${full}: ${ours.length} fields, the binary has ${desc.length}`)
      for (const f of ours) {
        const d = desc.find((x) => x.number === f.number)
        if (!d) {
          problems.push(`${full}.${f.json}: no field ${f.number} in the binary`)
          continue
        }
        const want = expected(f, name)
        if (f.map) {
          // A map is a repeated nested XxxEntry message whose field 2 is the value.
          const entry = embedded.get(d.typeName.slice(1))
          const value = entry?.find((x) => x.number === 2)
          if (!d.repeated || !value || value.type !== want.type || value.typeName !== want.typeName)
            problems.push(`${full}.${f.json}: map value differs`)
        } else if (
          d.repeated !== f.repeated ||
          d.type !== want.type ||
          d.typeName !== want.typeName
        )
          problems.push(
            `${full}.${f.json}=${f.number}: binary has ${d.name} type ${d.type} ${d.typeName}${d.repeated ? ' repeated' : ''}`,
          )
      }
    }
    expect(problems).toEqual([])
  })
})

import { decodeMessage } from './decode.ts'
import { messageForKind } from './schema.ts'
import { ProtobufError, readFields, WIRE_BYTES } from './wire.ts'

export { ProtobufError } from './wire.ts'

/** A body whose kind is not in the tables: answered as 415, as for any format we cannot read. */
export class UnsupportedKindError extends Error {}

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf'

/** Every protobuf body starts with these four bytes: `k8s` and a NUL. */
const MAGIC = [0x6b, 0x38, 0x73, 0x00]

const utf8 = new TextDecoder('utf-8')

function stringFields(
  bytes: Uint8Array,
  where: string,
  names: Record<number, string>,
): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {}
  for (const f of readFields(bytes, where)) {
    const name = names[f.number]
    if (!name) throw new ProtobufError(`${where} has no field number ${f.number}`)
    if (f.wireType !== WIRE_BYTES)
      throw new ProtobufError(`${where} field ${f.number}: wire type ${f.wireType}`)
    out[name] = f.bytes
  }
  return out
}

/**
 * A `application/vnd.kubernetes.protobuf` body as the JSON object it stands for: the magic
 * bytes, then a runtime.Unknown whose typeMeta names the kind and whose raw is the object.
 */
export function decodeProtobufObject(body: Uint8Array): Record<string, unknown> {
  if (body.length < 4 || MAGIC.some((b, i) => body[i] !== b))
    throw new ProtobufError('the body does not start with the Kubernetes protobuf prefix "k8s\\0"')
  const where = 'k8s.io.apimachinery.pkg.runtime.Unknown'
  const unknown = stringFields(body.subarray(4), where, {
    1: 'typeMeta',
    2: 'raw',
    3: 'contentEncoding',
    4: 'contentType',
  })
  const typeMeta = stringFields(
    unknown.typeMeta ?? new Uint8Array(0),
    'k8s.io.apimachinery.pkg.runtime.TypeMeta',
    { 1: 'apiVersion', 2: 'kind' },
  )
  const apiVersion = utf8.decode(typeMeta.apiVersion ?? new Uint8Array(0))
  const kind = utf8.decode(typeMeta.kind ?? new Uint8Array(0))
  const encoding = utf8.decode(unknown.contentEncoding ?? new Uint8Array(0))
  const contentType = utf8.decode(unknown.contentType ?? new Uint8Array(0))
  if (encoding)
    throw new UnsupportedKindError(`content encoding "${encoding}" inside the body is not served`)
  if (contentType && contentType !== PROTOBUF_MEDIA_TYPE)
    throw new UnsupportedKindError(`content type "${contentType}" inside the body is not served`)
  if (!kind || !apiVersion)
    throw new ProtobufError('the protobuf body does not name its apiVersion and kind')
  const spec = messageForKind(apiVersion, kind)
  if (!spec)
    throw new UnsupportedKindError(
      `kubeplay serve does not decode protobuf for ${kind} in ${apiVersion}`,
    )
  const object = decodeMessage(spec, unknown.raw ?? new Uint8Array(0))
  return { kind, apiVersion, ...object }
}

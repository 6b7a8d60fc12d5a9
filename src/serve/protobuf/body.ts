import { badRequest, StatusError } from '../../sim/api/errors.ts'
import {
  decodeProtobufObject,
  PROTOBUF_MEDIA_TYPE,
  ProtobufError,
  UnsupportedKindError,
} from './envelope.ts'

const ACCEPTED =
  'accepted media types include: application/json, application/vnd.kubernetes.protobuf'

function unsupported(message: string): StatusError {
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'UnsupportedMediaType',
    code: 415,
  })
}

/**
 * A request body as the JSON text the handlers read. Protobuf bodies (what kubectl's typed
 * clients send) are decoded into the JSON the same object would have been sent as; CBOR is not
 * read (kubectl 1.32 sends it only behind the off-by-default ClientsAllowCBOR gate).
 */
export function bodyAsJson(contentType: string | undefined, body: Uint8Array): string {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase()
  if (!body.length || type !== PROTOBUF_MEDIA_TYPE) {
    if (body.length && type === 'application/cbor')
      throw unsupported(`the body of the request was in an unknown format - ${ACCEPTED}`)
    return new TextDecoder('utf-8').decode(body)
  }
  try {
    return JSON.stringify(decodeProtobufObject(body))
  } catch (e) {
    if (e instanceof ProtobufError)
      throw badRequest(`unable to decode the protobuf body: ${e.message}`)
    if (e instanceof UnsupportedKindError) throw unsupported(`${e.message} - ${ACCEPTED}`)
    throw e
  }
}

/**
 * Answers are always JSON. A client that lists media types, none of them JSON (say protobuf
 * alone), is refused as the API server refuses types it cannot produce, instead of being sent
 * JSON it did not ask for.
 */
export function checkAcceptsJson(accept: string | undefined): void {
  if (!accept?.trim()) return
  const types = accept.split(',').map((t) => t.split(';')[0].trim().toLowerCase())
  if (types.some((t) => t === 'application/json' || t === 'application/*' || t === '*/*')) return
  throw new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'only the following media types are accepted: application/json',
    reason: 'NotAcceptable',
    code: 406,
  })
}

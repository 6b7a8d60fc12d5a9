import type { KObject, StatusCause } from '../api/types.ts'
import { badRequest, fieldErr } from '../api/errors.ts'
import { registerStrategy } from '../apiserver/strategy.ts'

const KEY = /^[-._a-zA-Z0-9]+$/
const KEY_MSG =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
const MAX_SIZE = 1024 * 1024
const IMMUTABLE = 'field is immutable when `immutable` is set'

function keyErrors(path: string, key: string): StatusCause[] {
  const errs: StatusCause[] = []
  if (key.length > 253)
    errs.push(fieldErr.invalid(`${path}[${key}]`, key, 'must be no more than 253 characters'))
  if (!KEY.test(key)) errs.push(fieldErr.invalid(`${path}[${key}]`, key, KEY_MSG))
  else if (key === '.' || key === '..')
    errs.push(fieldErr.invalid(`${path}[${key}]`, key, `must not be '${key}'`))
  else if (key.startsWith('..'))
    errs.push(fieldErr.invalid(`${path}[${key}]`, key, "must not start with '..'"))
  return errs
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? {}) === JSON.stringify(b ?? {})
}

function immutableErrors(obj: KObject, old: KObject, fields: string[]): StatusCause[] {
  if (old.immutable !== true) return []
  const errs: StatusCause[] = []
  if (obj.immutable !== true) errs.push(fieldErr.forbidden('immutable', IMMUTABLE))
  for (const f of fields) if (!same(obj[f], old[f])) errs.push(fieldErr.forbidden(f, IMMUTABLE))
  return errs
}

function validateConfigMap(obj: KObject): StatusCause[] {
  const errs: StatusCause[] = []
  let size = 0
  for (const [k, v] of Object.entries<string>(obj.data ?? {})) {
    errs.push(...keyErrors('data', k))
    if (obj.binaryData && k in obj.binaryData)
      errs.push(fieldErr.invalid(`data[${k}]`, k, 'duplicate of key present in binaryData'))
    size += k.length + String(v).length
  }
  for (const [k, v] of Object.entries<string>(obj.binaryData ?? {})) {
    errs.push(...keyErrors('binaryData', k))
    size += k.length + atobLength(v)
  }
  if (size > MAX_SIZE)
    errs.push({
      reason: 'FieldValueTooLong',
      field: '[]',
      message: `Too long: must have at most ${MAX_SIZE} bytes`,
    })
  return errs
}

function atobLength(b64: string): number {
  const s = String(b64).replace(/=+$/, '')
  return Math.floor((s.length * 3) / 4)
}

/** Base64 decoding as Go's encoding/json does for []byte, with its error text. */
export function decodeBase64(kind: string, value: unknown): string {
  const s = String(value)
  const bad = /[^A-Za-z0-9+/=]/.exec(s)
  const pad = s.indexOf('=')
  const invalidAt =
    bad?.index ??
    (s.length % 4 !== 0
      ? s.length - (s.length % 4)
      : pad >= 0 && /[^=]/.test(s.slice(pad))
        ? pad
        : -1)
  if (invalidAt >= 0) {
    throw badRequest(
      `${kind} in version "v1" cannot be handled as a ${kind}: illegal base64 data at input byte ${invalidAt}`,
    )
  }
  return s
}

export function encodeBase64(text: string): string {
  const bytes = new TextEncoder().encode(text)
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin)
}

const SECRET_TYPES: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
}

function validateSecret(obj: KObject): StatusCause[] {
  const errs: StatusCause[] = []
  let size = 0
  for (const [k, v] of Object.entries<string>(obj.data ?? {})) {
    errs.push(...keyErrors('data', k))
    size += atobLength(v)
  }
  if (size > MAX_SIZE)
    errs.push({
      reason: 'FieldValueTooLong',
      field: 'data',
      message: `Too long: must have at most ${MAX_SIZE} bytes`,
    })
  const type: string = obj.type
  const data = obj.data ?? {}
  for (const key of SECRET_TYPES[type] ?? [])
    if (!(key in data)) errs.push(fieldErr.required(`data[${key}]`))
  if (type === 'kubernetes.io/basic-auth' && !('username' in data) && !('password' in data)) {
    errs.push(fieldErr.required('data[username]'), fieldErr.required('data[password]'))
  }
  if (
    type === 'kubernetes.io/service-account-token' &&
    !obj.metadata.annotations?.['kubernetes.io/service-account.name']
  )
    errs.push(fieldErr.required('metadata.annotations[kubernetes.io/service-account.name]'))
  return errs
}

registerStrategy('configmaps', {
  validate: validateConfigMap,
  validateUpdate(obj, old) {
    return [...validateConfigMap(obj), ...immutableErrors(obj, old, ['data', 'binaryData'])]
  },
})

registerStrategy('secrets', {
  defaults(obj) {
    // stringData is write-only: merged into data (base64) and never stored.
    for (const v of Object.values(obj.data ?? {})) decodeBase64('Secret', v)
    if (obj.stringData && typeof obj.stringData === 'object') {
      const data = { ...(obj.data ?? {}) }
      for (const [k, v] of Object.entries(obj.stringData)) data[k] = encodeBase64(String(v))
      obj.data = data
    }
    delete obj.stringData
    obj.type ||= 'Opaque'
  },
  validate: validateSecret,
  validateUpdate(obj, old) {
    const errs = validateSecret(obj)
    if (obj.type !== old.type) errs.push(fieldErr.invalid('type', obj.type, 'field is immutable'))
    return [...errs, ...immutableErrors(obj, old, ['data'])]
  },
})

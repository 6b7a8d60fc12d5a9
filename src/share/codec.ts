import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate'
import { CURRENT_VERSION, type SharePayload } from './payload.ts'
import { migrate } from './migrations.ts'
import { forbiddenKey, validatePayload } from './validate.ts'

/** Links above this many characters are refused: the app offers a file export instead. */
export const MAX_LINK_CHARS = 1_500_000
/** A payload may not inflate beyond this (decompression bombs). */
export const MAX_JSON_BYTES = 8 * 1024 * 1024

export type DecodeResult = { ok: true; payload: SharePayload } | { ok: false; error: string }

const PREFIX = 's='

function toBase64Url(bytes: Uint8Array): string {
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
    const out = new Uint8Array(bin.length)
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
    return out
  } catch {
    return null
  }
}

/** `s=<version>.<base64url(deflate(JSON))>`, for the URL fragment (never sent to any server). */
export function encodePayload(payload: SharePayload): string {
  const json = JSON.stringify({ ...payload, v: CURRENT_VERSION })
  return `${PREFIX}${CURRENT_VERSION}.${toBase64Url(deflateSync(strToU8(json), { level: 9 }))}`
}

/** Inflates with a hard output cap, so a hostile link cannot exhaust memory. */
function inflateCapped(data: Uint8Array): Uint8Array | null {
  const chunks: Uint8Array[] = []
  let total = 0
  let tooBig = false
  const inflater = new Inflate((chunk) => {
    total += chunk.length
    if (total > MAX_JSON_BYTES) {
      tooBig = true
      throw new Error('too big')
    }
    chunks.push(chunk)
  })
  try {
    for (let i = 0; i < data.length && !tooBig; i += 16_384)
      inflater.push(data.subarray(i, i + 16_384), i + 16_384 >= data.length)
  } catch {
    return null
  }
  if (tooBig) return null
  const out = new Uint8Array(total)
  let o = 0
  for (const c of chunks) {
    out.set(c, o)
    o += c.length
  }
  return out
}

/**
 * Decodes a link fragment (with or without `#`). Every failure is a plain message; nothing in the
 * payload is executed, and keys that could pollute prototypes are refused.
 */
export function decodePayload(fragment: string): DecodeResult {
  const text = fragment.replace(/^#/, '')
  if (text.length > MAX_LINK_CHARS)
    return {
      ok: false,
      error: `the link is too long (${text.length} characters; the limit is ${MAX_LINK_CHARS})`,
    }
  if (!text.startsWith(PREFIX)) return { ok: false, error: 'this is not a Kubeplay link' }
  const body = text.slice(PREFIX.length)
  const dot = body.indexOf('.')
  const version = Number(body.slice(0, dot))
  if (dot < 1 || !Number.isInteger(version) || version < 1)
    return { ok: false, error: 'the link has no valid format version' }
  if (version > CURRENT_VERSION)
    return {
      ok: false,
      error: `the link was made by a newer Kubeplay (format ${version}); reload to update`,
    }
  const bytes = fromBase64Url(body.slice(dot + 1))
  if (!bytes) return { ok: false, error: 'the link is damaged (it is not valid base64url)' }
  const raw = inflateCapped(bytes)
  if (!raw) return { ok: false, error: 'the link is damaged or expands beyond the size limit' }
  let json: unknown
  try {
    json = JSON.parse(strFromU8(raw))
  } catch {
    return { ok: false, error: 'the link is damaged (its content is not valid JSON)' }
  }
  return payloadFromJson(version, json)
}

/**
 * A parsed payload of a given format version, from a link or an exported file: refused when it
 * holds prototype keys (before anything reads it), upgraded to the current format, then validated.
 */
export function payloadFromJson(version: number, json: unknown): DecodeResult {
  const bad = forbiddenKey(json)
  if (bad) return { ok: false, error: `the link's content is not valid: ${bad}` }
  const migrated = migrate(version, json)
  if (!migrated.ok) return migrated
  const problem = validatePayload(migrated.value)
  if (problem) return { ok: false, error: `the link's content is not valid: ${problem}` }
  return { ok: true, payload: migrated.value as SharePayload }
}

// pod-template-hash (controller.ComputeHash). Upstream hashes Go's struct dump of the template,
// which cannot be reproduced outside Go; a canonical JSON of the same template keeps the hash's
// shape (FNV-1a 32 + SafeEncodeString) and its stability across identical templates.
import { SAFE_ALPHANUMS } from '../../runtime/rng.ts'

export const HASH_LABEL = 'pod-template-hash'

const FNV_OFFSET = 0x811c9dc5
const FNV_PRIME = 0x01000193

function fnvStep(h: number, byte: number): number {
  return Math.imul(h ^ byte, FNV_PRIME) >>> 0
}

/** JSON with object keys sorted at every level. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v))
    return `[${v.map((x) => canonicalJson(x === undefined ? null : x)).join(',')}]`
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>
    const parts = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    return `{${parts.join(',')}}`
  }
  return JSON.stringify(v ?? null)
}

/** rand.SafeEncodeString: every character mapped into the 27-letter alphabet by its code. */
export function safeEncodeString(s: string): string {
  let out = ''
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHANUMS[s.charCodeAt(i) % SAFE_ALPHANUMS.length]
  return out
}

/** FNV-1a 32 over the template, then the collision count as 8 little-endian bytes when set. */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = FNV_OFFSET
  for (const byte of new TextEncoder().encode(canonicalJson(template))) h = fnvStep(h, byte)
  if (collisionCount !== undefined && collisionCount !== null) {
    const c = collisionCount >>> 0
    for (let i = 0; i < 8; i++) h = fnvStep(h, i < 4 ? (c >>> (8 * i)) & 0xff : 0)
  }
  return safeEncodeString(String(h))
}

function withoutHash(template: any): string {
  const labels = { ...(template?.metadata?.labels ?? {}) }
  delete labels[HASH_LABEL]
  const t = { ...(template ?? {}), metadata: { ...(template?.metadata ?? {}), labels } }
  return canonicalJson(t)
}

/** EqualIgnoreHash: templates equal once the pod-template-hash label is dropped from both. */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  return withoutHash(a) === withoutHash(b)
}

/** Messages a host page may send to an embedded Kubeplay; anything else is ignored. */
export type EmbedCommand = { type: 'kubeplay:run'; line: string } | { type: 'kubeplay:reset' }

const MAX_LINE = 10_000

/** Checks a postMessage payload's shape exactly: extra fields or wrong types mean "not for us". */
export function parseEmbedCommand(data: unknown): EmbedCommand | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null
  const keys = Object.keys(data)
  const d = data as Record<string, unknown>
  if (d.type === 'kubeplay:reset' && keys.length === 1) return { type: 'kubeplay:reset' }
  if (
    d.type === 'kubeplay:run' &&
    keys.length === 2 &&
    typeof d.line === 'string' &&
    d.line.length <= MAX_LINE
  )
    return { type: 'kubeplay:run', line: d.line }
  return null
}

/** `https://host[:port]` exactly, as `event.origin` reports it; anything else is not an origin. */
export function isOrigin(text: string): boolean {
  if (!/^https?:\/\/[^/?#\s]+$/.test(text)) return false
  try {
    return new URL(text).origin === text
  } catch {
    return false
  }
}

/**
 * Who the embed talks to.
 * - `allowed`: the only origin whose messages are obeyed (`?origin=`); null means whichever page
 *   embeds us (the message must still come from our parent window).
 * - `parent`: where unsolicited messages (ready, output) go; null means nowhere until known.
 * - `refused`: a reason the embed obeys nobody (a malformed `origin=`).
 */
export interface EmbedPolicy {
  allowed: string | null
  parent: string | null
  refused?: string
}

/**
 * The parent's origin from what the browser tells a framed page: `location.ancestorOrigins`
 * (Chromium, Safari) first, else the referrer (the page that loaded the frame). Never `*`.
 */
export function parentOrigin(
  ancestorOrigins: ArrayLike<string> | undefined,
  referrer: string,
): string | null {
  const first = ancestorOrigins?.length ? ancestorOrigins[0] : undefined
  if (first && isOrigin(first)) return first
  if (!referrer) return null
  try {
    const origin = new URL(referrer).origin
    return isOrigin(origin) ? origin : null
  } catch {
    return null
  }
}

export function embedPolicy(
  search: string,
  ancestorOrigins: ArrayLike<string> | undefined,
  referrer: string,
): EmbedPolicy {
  const parent = parentOrigin(ancestorOrigins, referrer)
  const wanted = new URLSearchParams(search).get('origin')
  if (wanted === null) return { allowed: null, parent }
  if (!isOrigin(wanted))
    return { allowed: null, parent: null, refused: `origin=${wanted} is not an origin` }
  // A host that is not the one named gets nothing, not even "ready".
  if (parent !== null && parent !== wanted)
    return { allowed: wanted, parent: null, refused: `the page embedding this is not ${wanted}` }
  return { allowed: wanted, parent: wanted }
}

/** Whether a message from `origin` (sent by our parent window) may drive the embed. */
export function obeys(policy: EmbedPolicy, origin: string): boolean {
  if (policy.refused) return false
  // An opaque origin ("null") cannot be answered by name, so it cannot be served safely.
  if (!isOrigin(origin)) return false
  return policy.allowed === null || policy.allowed === origin
}

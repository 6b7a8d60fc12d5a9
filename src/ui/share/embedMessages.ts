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

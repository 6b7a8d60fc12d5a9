/**
 * js-yaml keeps an alias as a second reference to its anchor's value, so a "billion laughs"
 * document loads at once and only explodes when something walks it (JSON.stringify, validation,
 * the API server). kubectl's decoder (go-yaml) refuses such documents while decoding: it counts
 * the nodes it decodes and how many of them it reached through an alias, and fails once aliases
 * do most of the work. The same accounting here, over the loaded value, stops before the blow-up.
 */
const RATIO_RANGE_LOW = 400_000
const RATIO_RANGE_HIGH = 4_000_000

/** go-yaml's allowedAliasRatio: 99% for small documents, down to 10% for huge ones. */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= RATIO_RANGE_LOW) return 0.99
  if (decodeCount >= RATIO_RANGE_HIGH) return 0.1
  return 0.99 - (0.89 * (decodeCount - RATIO_RANGE_LOW)) / (RATIO_RANGE_HIGH - RATIO_RANGE_LOW)
}

export const EXCESSIVE_ALIASING = 'yaml: document contains excessive aliasing'

/** True when decoding `doc` as go-yaml would expand its aliases too far. */
export function excessiveAliasing(doc: unknown): boolean {
  const seen = new Set<object>()
  let decodeCount = 0
  let aliasCount = 0
  const walk = (v: unknown, viaAlias: boolean): boolean => {
    decodeCount++
    if (viaAlias) aliasCount++
    if (
      aliasCount > 100 &&
      decodeCount > 1000 &&
      aliasCount / decodeCount > allowedAliasRatio(decodeCount)
    )
      return true
    if (v === null || typeof v !== 'object') return false
    // The first time a collection is met is its anchor; every later meeting is an alias to it.
    const alias = viaAlias || seen.has(v)
    seen.add(v)
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (walk(child, alias)) return true
    return false
  }
  return walk(doc, false)
}

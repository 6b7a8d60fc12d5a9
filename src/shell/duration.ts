/** `sleep`/`timeout`/`watch` durations: a number with an optional s, m, h or d suffix, in ms. */
export function parseDuration(s: string): number | undefined {
  const m = /^(\d+\.?\d*|\.\d+)([smhd]?)$/.exec(s)
  if (!m) return undefined
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]] ?? 1000
  return Math.round(Number(m[1]) * unit)
}

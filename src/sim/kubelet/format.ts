/** Go's time.Duration.String() for whole milliseconds: `10s`, `1m20s`, `5m0s`, `1.5s`. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s'
  const totalSec = ms / 1000
  if (totalSec < 60) return `${trim(totalSec)}s`
  const h = Math.floor(totalSec / 3600)
  const m = Math.floor((totalSec % 3600) / 60)
  const s = totalSec - h * 3600 - m * 60
  return `${h ? `${h}h` : ''}${m}m${trim(s)}s`
}

function trim(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(9)))
}

/** A pull duration as the Pulled event prints it (nanosecond digits from the engine's generator). */
export function pullDuration(ms: number, nanos: number): string {
  const total = ms * 1_000_000 + (nanos % 1_000_000)
  // Go picks the unit by size: 4.3s, 900.938103ms, 938.103µs.
  const [unit, scale] =
    total >= 1e9 ? ['s', 1e9] : total >= 1e6 ? ['ms', 1e6] : total >= 1e3 ? ['µs', 1e3] : ['ns', 1]
  if (scale === 1) return `${total}ns`
  const whole = Math.floor(total / scale)
  const frac = String(total % scale).padStart(String(scale).length - 1, '0')
  return `${whole}.${frac}`.replace(/0+$/, '').replace(/\.$/, '') + unit
}

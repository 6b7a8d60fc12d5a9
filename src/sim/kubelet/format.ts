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
  const whole = Math.floor(ms / 1000)
  const frac = String((ms % 1000) * 1_000_000 + (nanos % 1_000_000)).padStart(9, '0')
  return `${whole}.${frac}`.replace(/0+$/, '').replace(/\.$/, '') + 's'
}

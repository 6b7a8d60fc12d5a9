// Normalising a recommendation (horizontal.go): the 5-minute downscale stabilisation and the
// 2x/4-pod scale-up limit without `behavior`, stabilisation windows and rate policies with it.

/** --horizontal-pod-autoscaler-downscale-stabilization */
export const DOWNSCALE_STABILIZATION_MS = 5 * 60_000

export interface Recommendation {
  replicas: number
  at: number
}

export interface ScaleEvent {
  change: number
  at: number
  outdated: boolean
}

/** Per-HPA memory the controller keeps between syncs. */
export interface HpaMemory {
  recommendations: Recommendation[]
  scaleUps: ScaleEvent[]
  scaleDowns: ScaleEvent[]
}

export interface Limited {
  replicas: number
  condition: string
  message: string
}

export const STABILIZED_DOWN = {
  reason: 'ScaleDownStabilized',
  message:
    'recent recommendations were higher than current one, applying the highest recent recommendation',
}
const STABILIZED_UP = {
  reason: 'ScaleUpStabilized',
  message:
    'recent recommendations were lower than current one, applying the lowest recent recommendation',
}
const WITHIN: [string, string] = [
  'DesiredWithinRange',
  'the desired count is within the acceptable range',
]
const TOO_FEW: [string, string] = [
  'TooFewReplicas',
  'the desired replica count is less than the minimum replica count',
]
const TOO_MANY: [string, string] = [
  'TooManyReplicas',
  'the desired replica count is more than the maximum replica count',
]
const UP_LIMIT: [string, string] = [
  'ScaleUpLimit',
  'the desired replica count is increasing faster than the maximum scale rate',
]
const DOWN_LIMIT: [string, string] = [
  'ScaleDownLimit',
  'the desired replica count is decreasing faster than the maximum scale rate',
]

const limited = (replicas: number, [condition, message]: [string, string]): Limited => ({
  replicas,
  condition,
  message,
})

/** stabilizeRecommendation: the highest recommendation of the last five minutes. */
export function stabilize(mem: HpaMemory, desired: number, now: number): number {
  let max = desired
  let oldIndex = -1
  const cutoff = now - DOWNSCALE_STABILIZATION_MS
  mem.recommendations.forEach((r, i) => {
    if (r.at < cutoff) oldIndex = i
    else if (r.replicas > max) max = r.replicas
  })
  const rec = { replicas: desired, at: now }
  if (oldIndex >= 0) mem.recommendations[oldIndex] = rec
  else mem.recommendations.push(rec)
  return max
}

/** convertDesiredReplicasWithRules: min/max and the scale-up limit max(2x, 4). */
export function limitWithRules(
  current: number,
  desired: number,
  min: number,
  max: number,
): Limited {
  const upLimit = Math.max(2 * current, 4)
  const [maxAllowed, reason] = max > upLimit ? [upLimit, UP_LIMIT] : [max, TOO_MANY]
  if (desired < min) return limited(min, TOO_FEW)
  if (desired > maxAllowed) return limited(maxAllowed, reason)
  return limited(desired, WITHIN)
}

/** stabilizeRecommendationWithBehaviors */
export function stabilizeWithBehavior(
  mem: HpaMemory,
  behavior: any,
  current: number,
  desired: number,
  now: number,
): { replicas: number; reason: string; message: string } {
  const upCutoff = now - (behavior.scaleUp?.stabilizationWindowSeconds ?? 0) * 1000
  const downWindow = behavior.scaleDown?.stabilizationWindowSeconds
  const downCutoff = now - (downWindow ?? DOWNSCALE_STABILIZATION_MS / 1000) * 1000
  let up = desired
  let down = desired
  let oldIndex = -1
  mem.recommendations.forEach((r, i) => {
    if (r.at > upCutoff) up = Math.min(r.replicas, up)
    if (r.at > downCutoff) down = Math.max(r.replicas, down)
    if (r.at < upCutoff && r.at < downCutoff) oldIndex = i
  })
  let replicas = current
  if (replicas < up) replicas = up
  if (replicas > down) replicas = down
  const rec = { replicas: desired, at: now }
  if (oldIndex >= 0) mem.recommendations[oldIndex] = rec
  else mem.recommendations.push(rec)
  const why = desired >= current ? STABILIZED_UP : STABILIZED_DOWN
  return { replicas, ...why }
}

function changeInPeriod(periodSeconds: number, events: ScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds * 1000
  return events.reduce((n, e) => (e.at > cutoff ? n + e.change : n), 0)
}

function policyLimit(
  rules: any,
  current: number,
  mem: HpaMemory,
  now: number,
  up: boolean,
): number {
  const select = rules?.selectPolicy ?? 'Max'
  if (select === 'Disabled') return current
  // Scaling up, Max picks the largest proposal; scaling down, Max picks the smallest floor.
  const pickLargest = up === (select !== 'Min')
  let result = pickLargest ? -Infinity : Infinity
  for (const p of rules?.policies ?? []) {
    const start =
      current -
      changeInPeriod(p.periodSeconds, mem.scaleUps, now) +
      changeInPeriod(p.periodSeconds, mem.scaleDowns, now)
    let proposed: number
    if (p.type === 'Pods') proposed = up ? start + p.value : start - p.value
    else
      proposed = up
        ? Math.ceil(start * (1 + p.value / 100))
        : Math.trunc(start * (1 - p.value / 100))
    result = pickLargest ? Math.max(result, proposed) : Math.min(result, proposed)
  }
  return result
}

/** convertDesiredReplicasWithBehaviorRate */
export function limitWithBehavior(
  mem: HpaMemory,
  behavior: any,
  current: number,
  desired: number,
  min: number,
  max: number,
  now: number,
): Limited {
  if (desired > current) {
    const upLimit = Math.max(policyLimit(behavior.scaleUp, current, mem, now, true), current)
    const [maxAllowed, reason] = max > upLimit ? [upLimit, UP_LIMIT] : [max, TOO_MANY]
    if (desired > maxAllowed) return limited(maxAllowed, reason)
  } else if (desired < current) {
    const downLimit = Math.min(policyLimit(behavior.scaleDown, current, mem, now, false), current)
    const [minAllowed, reason] = min < downLimit ? [downLimit, DOWN_LIMIT] : [min, TOO_FEW]
    if (desired < minAllowed) return limited(minAllowed, reason)
  }
  return limited(desired, WITHIN)
}

function longestPeriod(rules: any): number {
  return (rules?.policies ?? []).reduce((m: number, p: any) => Math.max(m, p.periodSeconds ?? 0), 0)
}

/** storeScaleEvent: remember scale changes for the rate policies (only with `behavior`). */
export function recordScaleEvent(
  mem: HpaMemory,
  behavior: any,
  prev: number,
  next: number,
  now: number,
): void {
  if (!behavior || prev === next) return
  const up = next > prev
  const events = up ? mem.scaleUps : mem.scaleDowns
  const cutoff = now - longestPeriod(up ? behavior.scaleUp : behavior.scaleDown) * 1000
  for (const e of events) if (e.at < cutoff) e.outdated = true
  const rec = { change: Math.abs(next - prev), at: now, outdated: false }
  const i = events.findIndex((e) => e.outdated)
  if (i >= 0) events[i] = rec
  else events.push(rec)
}

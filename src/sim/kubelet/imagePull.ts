import type { ContainerRt } from './types.ts'
import type { PodSync } from './podSync.ts'
import { normaliseRef, resolveImage } from '../images/catalogue.ts'
import { inBackoffSinceUpdate, nextBackoff } from './backoff.ts'
import { pullDuration } from './format.ts'

/** PLEG relists every second: a failed pull shows as ErrImagePull until then. */
const PLEG_MS = 1_000
/** How often an image that may never be pulled is looked for again. */
const NEVER_PULL_RETRY_MS = 10_000

/** EnsureImageExists: the pull policy, the pull back-off and the Pulling event. */
export function pullImage(s: PodSync, c: ContainerRt): void {
  const spec = s.specOf(c)
  const image: string = spec.image ?? ''
  const ref = normaliseRef(image)
  const policy = spec.imagePullPolicy ?? 'IfNotPresent'
  const present = s.k.hasImage(s.rt.node, ref)
  if (policy === 'Never' || (policy === 'IfNotPresent' && present)) {
    if (!present) {
      const msg = `Container image "${image}" is not present with pull policy of Never`
      s.event('Warning', 'ErrImageNeverPull', msg, c)
      s.event('Warning', 'Failed', 'Error: ErrImageNeverPull', c)
      c.waiting = { reason: 'ErrImageNeverPull', message: msg }
      c.notBefore = s.now + NEVER_PULL_RETRY_MS
      return
    }
    s.event('Normal', 'Pulled', `Container image "${image}" already present on machine`, c)
    c.stage = 'start'
    return
  }
  if (inBackoffSinceUpdate(c.pullBackoff, s.now)) {
    const msg = `Back-off pulling image "${image}"`
    if (c.waiting?.reason !== 'ImagePullBackOff') {
      s.event('Normal', 'BackOff', msg, c)
      s.event('Warning', 'Failed', 'Error: ImagePullBackOff', c)
    }
    c.waiting = { reason: 'ImagePullBackOff', message: msg }
    c.notBefore = c.pullBackoff!.lastUpdate + c.pullBackoff!.delay
    return
  }
  s.event('Normal', 'Pulling', `Pulling image "${image}"`, c)
  const res = resolveImage(image)
  // A missing image fails at the manifest lookup, long before a download would finish.
  const ms = res.ok ? pullMs(s, res.image.size) : Math.round(s.ctx.profile.imagePullMs * 0.4)
  c.stage = 'pulling'
  c.pullDoneAt = s.now + ms
  c.notBefore = c.pullDoneAt
}

/** The outcome of a pull that was started earlier. */
export function pullDone(s: PodSync, c: ContainerRt): void {
  const image: string = s.specOf(c).image ?? ''
  const res = resolveImage(image)
  c.stage = 'pull'
  if (!res.ok) {
    s.event('Warning', 'Failed', `Failed to pull image "${image}": ${res.message}`, c)
    s.event('Warning', 'Failed', 'Error: ErrImagePull', c)
    c.waiting = { reason: 'ErrImagePull', message: res.message }
    c.pullBackoff = nextBackoff(c.pullBackoff, s.now, s.now)
    c.notBefore = s.now + PLEG_MS
    return
  }
  const ms = pullMs(s, res.image.size)
  const d = pullDuration(ms, s.ctx.rng.int(1_000_000))
  s.event(
    'Normal',
    'Pulled',
    `Successfully pulled image "${image}" in ${d} (${d} including waiting). Image size: ${res.image.size} bytes.`,
    c,
  )
  s.k.addImage(s.rt.node, res.image.ref)
  c.pullBackoff = undefined
  c.stage = 'start'
}

function pullMs(s: PodSync, size: number): number {
  const base = s.ctx.profile.imagePullMs
  return Math.round(base * Math.min(4, Math.max(0.3, size / 50e6)))
}

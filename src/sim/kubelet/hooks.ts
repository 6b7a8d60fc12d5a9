import type { ContainerRt, Instance } from './types.ts'
import type { PodSync } from './podSync.ts'
import { goQuote } from '../api/goQuote.ts'
import { runToEnd } from './exec.ts'
import { podListener, resolvePort } from './probes.ts'

type Spec = Record<string, any>

/** What running a lifecycle handler (postStart or preStop) came to. */
export interface HookResult {
  /** How long the handler ran, in simulated ms (Infinity: it has not ended within the cap). */
  ms: number
  /** The handler runner's message when it failed (pkg/kubelet/lifecycle/handlers.go). */
  failure?: string
}

function podName(s: PodSync): string {
  const m = s.pod.metadata
  return `${m.name}_${m.namespace}(${m.uid})`
}

/**
 * Runs a handler the way the kubelet's handlerRunner does, collapsed into one step: its effects
 * on the container happen now and its duration is measured in simulated time, so the caller can
 * hold the container (postStart) or the stop signal (preStop) for that long.
 */
export function runHook(s: PodSync, c: ContainerRt, handler: Spec, capMs: number): HookResult {
  if (handler.exec) return execHook(s, c, handler.exec.command ?? [], capMs)
  if (handler.httpGet) return httpHook(s, c, handler.httpGet)
  if (handler.sleep) return { ms: Math.min(Number(handler.sleep.seconds ?? 0) * 1000, capMs) }
  return { ms: 0 }
}

function execHook(s: PodSync, c: ContainerRt, command: string[], capMs: number): HookResult {
  const r = runToEnd(s.k, s.pod, c.name, command, s.now, capMs)
  const described = `Exec lifecycle hook ([${command.join(' ')}]) for Container "${c.name}" in Pod "${podName(s)}" failed - error: `
  // RunInContainer hands back stdout, then stderr.
  const message = goQuote(r.stdout + r.stderr)
  if (r.error !== undefined) {
    const why = r.error.replace(/^error executing command in container: /, '')
    return {
      ms: r.ms,
      failure: `${described}rpc error: code = Unknown desc = ${why}, message: ${message}`,
    }
  }
  if (r.code === undefined) return { ms: Infinity }
  if (r.code === 0) return { ms: r.ms }
  return {
    ms: r.ms,
    failure: `${described}command '${command.join(' ')}' exited with ${r.code}: ${r.stderr}, message: ${message}`,
  }
}

/** runHTTPHandler: only a failed connection fails the hook; the status code is not looked at. */
function httpHook(s: PodSync, c: ContainerRt, get: Spec): HookResult {
  const port = resolvePort(s.specOf(c), get.port)
  const ip = s.rt.ip ?? s.rt.hostIP
  const host = get.host || ip
  const path = get.path || '/'
  const listener = host === ip ? podListener(s, port) : undefined
  const url = `${(get.scheme ?? 'HTTP').toLowerCase()}://${host}:${port}${path.startsWith('/') ? '' : '/'}${path}`
  const failure = (why: string): HookResult => ({
    ms: 0,
    failure: `HTTP lifecycle hook (${get.path ?? ''}) for Container "${c.name}" in Pod "${podName(s)}" failed - error: Get "${url}": ${why}`,
  })
  if (!listener) return failure(`dial tcp ${host}:${port}: connect: connection refused`)
  if (!listener.handler) return failure('EOF')
  const headers: Record<string, string> = { 'User-Agent': 'kube-lifecycle/1.32', Accept: '*/*' }
  for (const h of get.httpHeaders ?? []) headers[h.name] = h.value
  listener.handler(
    { method: 'GET', path, host: `${host}:${port}`, headers, body: '', remoteAddr: s.rt.hostIP },
    s.now,
  )
  return { ms: 0 }
}

/** A postStart handler that has not ended within this long is taken to run for ever. */
const POST_START_CAP_MS = 3_600_000
/** Stands for "never" in saved state, where JSON cannot hold Infinity. */
export const NEVER = Number.MAX_SAFE_INTEGER
/** The kubelet's minimum shutdown window after a preStop handler (minimumGracePeriodInSeconds). */
const MIN_GRACE_S = 2

/**
 * startContainer's step 4: the kubelet runs postStart right after StartContainer and waits for it
 * before it reports the container or starts the next one.
 */
export function beginPostStart(s: PodSync, c: ContainerRt, inst: Instance): boolean {
  const handler = s.specOf(c).lifecycle?.postStart
  if (!handler) return false
  const r = runHook(s, c, handler, POST_START_CAP_MS)
  const from = inst.startedAt ?? s.now
  inst.hookUntil = r.ms === Infinity ? NEVER : from + r.ms
  if (r.failure) inst.hookFailure = r.failure
  return true
}

/**
 * Whether the container is still inside its postStart handler. When a failed handler ends, the
 * kubelet records FailedPostStartHook, kills the container (running its preStop) and reports
 * PostStartHookError until the next start.
 */
export function inPostStart(s: PodSync, c: ContainerRt, inst: Instance): boolean {
  if (inst.hookUntil === undefined) return false
  if (inst.hookUntil > s.now) {
    if (inst.hookUntil < NEVER) s.at(inst.hookUntil)
    return true
  }
  if (!inst.hookFailure) {
    inst.hookUntil = undefined
    c.waiting = undefined
    return false
  }
  if (inst.killAt === undefined && inst.termAt === undefined) {
    s.event('Warning', 'FailedPostStartHook', 'PostStartHook failed', c)
    s.event('Normal', 'Killing', 'FailedPostStartHook', c)
    c.waiting = { reason: 'PostStartHookError', message: inst.hookFailure }
    s.stopInstance(c, inst, false)
  }
  return true
}

/**
 * killContainer's executePreStopHook: the handler runs for up to the grace period, which then
 * shrinks by the whole seconds it took (to no less than 2 s) before the stop signal is sent.
 * Returns the time the signal is due, or undefined when there is no handler to wait for.
 */
export function runPreStop(
  s: PodSync,
  c: ContainerRt,
  inst: Instance,
  graceMs: number,
): number | undefined {
  const handler = s.specOf(c).lifecycle?.preStop
  if (!handler || graceMs <= 0 || inst.preStopRan) return undefined
  inst.preStopRan = true
  const r = runHook(s, c, handler, graceMs)
  if (r.failure) s.event('Warning', 'FailedPreStopHook', 'PreStopHook failed', c)
  const spent = Math.min(r.ms, graceMs)
  const graceS = Math.floor(graceMs / 1000) - Math.floor(spent / 1000)
  inst.termAt = s.now + spent
  inst.killAt = inst.termAt + Math.max(graceS, MIN_GRACE_S) * 1000
  return inst.termAt
}

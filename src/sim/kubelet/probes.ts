import type { ContainerRt, Instance, ProbeState } from './types.ts'
import type { PodSync } from './podSync.ts'
import type { HttpHandler } from '../images/types.ts'
import { isSidecar } from './sidecars.ts'

type Spec = Record<string, any>
type Kind = 'startup' | 'liveness' | 'readiness'

const LABEL: Record<Kind, string> = {
  startup: 'Startup',
  liveness: 'Liveness',
  readiness: 'Readiness',
}

/** A pod's network namespace: what any of its containers listens on. */
export function podListener(s: PodSync, port: number): { handler?: HttpHandler } | undefined {
  for (const c of s.rt.containers) {
    const inst = c.current
    if (!inst || inst.finishedAt !== undefined || !inst.proc) continue
    const proc = s.k.process(s.pod, s.rt, inst)
    if (proc?.listeners.has(port)) return { handler: proc.listeners.get(port) }
  }
  return undefined
}

/** A probe's or handler's port: a number, or the name of one of the container's ports. */
export function resolvePort(container: Spec, port: number | string): number {
  if (typeof port === 'number') return port
  const named = (container.ports ?? []).find((p: Spec) => p.name === port)
  return named ? named.containerPort : Number(port)
}

/** One probe, as pkg/kubelet/prober words its results. */
function probeOnce(s: PodSync, container: Spec, probe: Spec): { ok: boolean; message: string } {
  const ip = s.rt.ip ?? s.rt.hostIP
  if (probe.httpGet) {
    const port = resolvePort(container, probe.httpGet.port)
    const host = probe.httpGet.host || ip
    const path = probe.httpGet.path || '/'
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase()
    const url = `${scheme}://${host}:${port}${path}`
    const l =
      host === ip || host === 'localhost' || host === '127.0.0.1' ? podListener(s, port) : undefined
    if (!l)
      return {
        ok: false,
        message: `Get "${url}": dial tcp ${host}:${port}: connect: connection refused`,
      }
    if (!l.handler) return { ok: false, message: `Get "${url}": EOF` }
    const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.32', Accept: '*/*' }
    for (const h of probe.httpGet.httpHeaders ?? []) headers[h.name] = h.value
    const gw = s.node.podCIDR.split('/')[0].replace(/\.\d+$/, '.1')
    const res = l.handler(
      { method: 'GET', path, host: `${host}:${port}`, headers, body: '', remoteAddr: gw },
      s.now,
    )
    if (res.status >= 200 && res.status < 400) return { ok: true, message: '' }
    return { ok: false, message: `HTTP probe failed with statuscode: ${res.status}` }
  }
  if (probe.tcpSocket) {
    const port = resolvePort(container, probe.tcpSocket.port)
    const host = probe.tcpSocket.host || ip
    if (podListener(s, port)) return { ok: true, message: '' }
    return { ok: false, message: `dial tcp ${host}:${port}: connect: connection refused` }
  }
  if (probe.grpc) {
    const port = probe.grpc.port
    if (podListener(s, port)) return { ok: true, message: '' }
    return {
      ok: false,
      message: `timeout: failed to connect service "${ip}:${port}" within ${probe.timeoutSeconds ?? 1}s`,
    }
  }
  if (probe.exec) {
    const r = s.k.execSync(s.pod, s.rt, container.name, probe.exec.command ?? [])
    return { ok: r.code === 0, message: r.output.replace(/\n$/, '') }
  }
  return { ok: true, message: '' }
}

function state(c: ContainerRt, kind: Kind, inst: Instance, probe: Spec): ProbeState {
  let st = c.probes[kind]
  if (!st) {
    st = { next: inst.startedAt ?? 0, successes: 0, failures: 0 }
    c.probes[kind] = st
  }
  // Ticks before initialDelaySeconds are skipped, as the prober worker does.
  const delay = (probe.initialDelaySeconds ?? 0) * 1000
  const period = (probe.periodSeconds ?? 10) * 1000
  while (st.next - (inst.startedAt ?? 0) < delay) st.next += period
  return st
}

/** Runs the probes that are due and reacts: restart on liveness/startup failure, readiness. */
export function runProbes(s: PodSync, c: ContainerRt, inst: Instance): void {
  const spec = s.specOf(c)
  if (c.init && !isSidecar(s, c)) {
    c.ready = false
    return
  }
  const kinds: Kind[] = c.started ? ['liveness', 'readiness'] : ['startup']
  for (const kind of kinds) {
    const probe: Spec | undefined = spec[`${kind}Probe`]
    if (!probe) continue
    const st = state(c, kind, inst, probe)
    const period = (probe.periodSeconds ?? 10) * 1000
    while (st.next <= s.now && inst.finishedAt === undefined && inst.killAt === undefined) {
      const r = probeOnce(s, spec, probe)
      st.next += period
      if (r.ok) {
        st.failures = 0
        st.successes++
        if (st.successes >= (probe.successThreshold ?? 1)) st.ok = true
        if (kind === 'startup' && st.ok) {
          c.started = true
          runProbes(s, c, inst)
          return
        }
        continue
      }
      st.successes = 0
      st.failures++
      s.event('Warning', 'Unhealthy', `${LABEL[kind]} probe failed: ${r.message}`, c)
      if (st.failures < (probe.failureThreshold ?? 3)) continue
      st.ok = false
      if (kind !== 'readiness') {
        const message = isSidecar(s, c)
          ? `Init container ${c.name} failed ${kind} probe`
          : `Container ${c.name} failed ${kind} probe, will be restarted`
        s.event('Normal', 'Killing', message, c)
        s.stopInstance(c, inst, true)
        break
      }
    }
    if (inst.finishedAt === undefined && inst.killAt === undefined) s.at(st.next)
  }
  const readiness: Spec | undefined = spec.readinessProbe
  c.ready =
    c.started &&
    inst.finishedAt === undefined &&
    (readiness ? c.probes.readiness?.ok === true : true)
}

/**
 * Local listeners that running `kubectl port-forward` and `kubectl proxy` processes open on the
 * control-plane shell's loopback. `curl localhost:PORT` in that shell asks `localHttp` first.
 * Entries live exactly as long as the kubectl process that registered them.
 */
import type { Sim } from '../sim/sim.ts'
import type { KObject } from '../sim/api/types.ts'
import type { HttpRequest, HttpResponse } from '../sim/network/http.ts'
import type { ContainerRuntime } from '../sim/kubelet/runtimeApi.ts'
import { apiHttp } from './apiHttp.ts'

export type Listener = (
  { kind: 'port-forward'; namespace: string; pod: string; podPort: number } | { kind: 'proxy' }
) & {
  /** Requests handled so far (port-forward prints `Handling connection for N` for each). */
  connections: number
}

const KEY = 'kubectl.listeners'

function table(sim: Sim): Map<number, Listener> {
  let t = sim.services.get(KEY) as Map<number, Listener> | undefined
  if (!t) {
    t = new Map()
    sim.services.set(KEY, t)
  }
  return t
}

/** Claims a local port; false when something already listens there. */
export function listen(sim: Sim, port: number, l: Listener): boolean {
  const t = table(sim)
  if (t.has(port)) return false
  t.set(port, l)
  return true
}

export function unlisten(sim: Sim, port: number): void {
  table(sim).delete(port)
}

export function listeners(sim: Sim): ReadonlyMap<number, Listener> {
  return table(sim)
}

/**
 * An HTTP request to 127.0.0.1:`port` on the control-plane node: undefined when nothing
 * listens (connection refused).
 */
export function localHttp(sim: Sim, port: number, req: HttpRequest): HttpResponse | undefined {
  const l = table(sim).get(port)
  if (!l) return undefined
  l.connections++
  if (l.kind === 'proxy') return apiHttp(sim, req)
  const pod: KObject | undefined = sim.api.tryGet('pods', l.namespace, l.pod)
  const rt = sim.services.get('runtime') as ContainerRuntime | undefined
  if (!pod || !rt) return { status: 502, headers: {}, body: '' }
  return rt.http(pod, l.podPort, { ...req, remoteAddr: '127.0.0.1' })
}

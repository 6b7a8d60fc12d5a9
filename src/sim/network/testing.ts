// Test helpers for network, endpoint and volume tests: pods run through the real scheduler-free
// path (bound to a node, started by that node's kubelet), and an optional echo runtime that
// records what the applications receive.
import type { KObject } from '../api/types.ts'
import type { ContainerRuntime } from '../kubelet/runtimeApi.ts'
import type { HttpRequest, HttpResponse } from './http.ts'
import type { Sim } from '../sim.ts'

export const WEB_IMAGE = 'leigg/hellok8s:v3_hostname'

export interface TestPod {
  name: string
  namespace?: string
  labels?: Record<string, string>
  node?: string
  /** Defaults to hellok8s v3_hostname, which answers on :3000 with its hostname. */
  image?: string
  command?: string[]
  ports?: { name?: string; containerPort: number }[]
  /** `never`: a readiness probe that always fails; a number: seconds before it first passes. */
  readiness?: 'never' | number
  hostname?: string
  subdomain?: string
  volumes?: Record<string, unknown>[]
}

function isRunning(pod: KObject | undefined): boolean {
  return pod?.status?.phase === 'Running' && Boolean(pod.status.podIP)
}

export function isReady(pod: KObject | undefined): boolean {
  return (pod?.status?.conditions ?? []).some(
    (c: Record<string, string>) => c.type === 'Ready' && c.status === 'True',
  )
}

/** Creates a pod on a node and advances time until its kubelet reports it Running (and Ready). */
export function startPod(sim: Sim, p: TestPod): KObject {
  const namespace = p.namespace ?? 'default'
  const container: Record<string, unknown> = { name: 'app', image: p.image ?? WEB_IMAGE }
  if (p.command) container.command = p.command
  if (p.ports) container.ports = p.ports
  if (p.readiness === 'never')
    container.readinessProbe = { tcpSocket: { port: 9999 }, periodSeconds: 1 }
  else if (typeof p.readiness === 'number')
    container.readinessProbe = {
      tcpSocket: { port: 3000 },
      initialDelaySeconds: p.readiness,
      periodSeconds: 1,
    }
  const spec: Record<string, unknown> = { nodeName: p.node ?? 'worker-1', containers: [container] }
  if (p.hostname) spec.hostname = p.hostname
  if (p.subdomain) spec.subdomain = p.subdomain
  if (p.volumes) spec.volumes = p.volumes
  sim.api.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: p.name, namespace, labels: p.labels },
    spec,
  })
  const get = (): KObject | undefined => sim.api.tryGet('pods', namespace, p.name)
  const wantReady = p.readiness === undefined
  const ok = sim.advanceUntil(() => isRunning(get()) && (!wantReady || isReady(get())), 120_000)
  if (!ok)
    throw new Error(`pod ${namespace}/${p.name} did not start: ${JSON.stringify(get()?.status)}`)
  return get()!
}

/** A client pod (busybox sleeping) to send requests from. */
export function clientPod(
  sim: Sim,
  name = 'curl',
  namespace = 'default',
  node = 'worker-1',
): KObject {
  return startPod(sim, { name, namespace, node, image: 'busybox:1.36', command: ['sleep', '3600'] })
}

/** A runtime whose every pod answers HTTP on its declared container ports, recording requests. */
export function echoRuntime(): ContainerRuntime & { requests: HttpRequest[] } {
  const requests: HttpRequest[] = []
  const listening = (pod: KObject, port: number): boolean =>
    (pod.spec?.containers ?? []).some((c: Record<string, any>) =>
      (c.ports ?? []).some((p: Record<string, any>) => p.containerPort === port),
    )
  return {
    requests,
    http(pod: KObject, port: number, req: HttpRequest): HttpResponse | undefined {
      if (!listening(pod, port)) return undefined
      requests.push(req)
      return { status: 200, headers: {}, body: `From host: ${pod.metadata.name}\n` }
    },
    listening,
    logs: () => [],
    exec: () => {
      throw new Error('exec is not part of the echo runtime')
    },
    prompt: () => '/ # ',
    usage: () => [],
  }
}

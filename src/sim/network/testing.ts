// Test-only helpers for network and endpoint tests: they stand in for the scheduler, kubelet and
// container runtime, writing pod status through the API as the kubelet would.
import type { KObject } from '../api/types.ts'
import type { ContainerRuntime } from '../kubelet/runtimeApi.ts'
import type { HttpRequest, HttpResponse } from './http.ts'
import type { Sim } from '../sim.ts'

export interface TestPod {
  name: string
  namespace?: string
  labels?: Record<string, string>
  node?: string
  ip: string
  ready?: boolean
  ports?: { name?: string; containerPort: number; hostPort?: number }[]
  hostname?: string
  subdomain?: string
}

function ensureServiceAccount(sim: Sim, namespace: string): void {
  if (sim.api.tryGet('serviceaccounts', namespace, 'default')) return
  sim.api.create(
    'serviceaccounts',
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } },
    { internal: true },
  )
}

/** Creates a pod bound to a node and marks it Running (and Ready unless told otherwise) with an IP. */
export function runningPod(sim: Sim, p: TestPod): KObject {
  const namespace = p.namespace ?? 'default'
  ensureServiceAccount(sim, namespace)
  const spec: Record<string, unknown> = {
    nodeName: p.node ?? 'worker-1',
    containers: [
      { name: 'app', image: 'registry.k8s.io/e2e-test-images/agnhost:2.53', ports: p.ports },
    ],
  }
  if (p.hostname) spec.hostname = p.hostname
  if (p.subdomain) spec.subdomain = p.subdomain
  if (!p.ports) delete (spec.containers as Record<string, unknown>[])[0].ports
  sim.api.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: p.name, namespace, labels: p.labels },
    spec,
  })
  setPodStatus(sim, namespace, p.name, { ip: p.ip, ready: p.ready ?? true })
  sim.settle()
  return sim.api.get('pods', namespace, p.name)
}

export function setPodStatus(
  sim: Sim,
  namespace: string,
  name: string,
  s: { ip: string; ready: boolean },
): void {
  const pod = sim.api.get('pods', namespace, name)
  const now = sim.api.now()
  const ready = s.ready ? 'True' : 'False'
  sim.api.updateStatus('pods', {
    ...pod,
    status: {
      phase: 'Running',
      conditions: [
        { type: 'Initialized', status: 'True', lastTransitionTime: now },
        { type: 'Ready', status: ready, lastTransitionTime: now },
        { type: 'ContainersReady', status: ready, lastTransitionTime: now },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
      ],
      podIP: s.ip,
      podIPs: [{ ip: s.ip }],
      startTime: now,
    },
  })
  sim.settle()
}

/** A runtime whose every pod runs an echo server on its declared container ports. */
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
      throw new Error('exec is not part of the test runtime')
    },
    prompt: () => '/ # ',
    usage: () => [],
  }
}

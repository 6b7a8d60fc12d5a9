import type { KObject } from '../api/types.ts'
import type { Sim } from '../sim.ts'

/** A minimal user pod as `kubectl run` would send it, with optional spec overrides. */
export function podManifest(
  name: string,
  spec: Record<string, unknown> = {},
  meta: Record<string, unknown> = {},
): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ...meta },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec },
  }
}

export function withRequests(cpu: string, memory?: string): Record<string, unknown> {
  const requests: Record<string, string> = { cpu }
  if (memory) requests.memory = memory
  return { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests } }] }
}

export function createPod(sim: Sim, manifest: KObject): KObject {
  sim.api.create('pods', manifest)
  sim.settle()
  return sim.api.get('pods', manifest.metadata.namespace ?? 'default', manifest.metadata.name!)
}

/** Events about one object, oldest first. */
export function eventsFor(sim: Sim, name: string, namespace = 'default'): KObject[] {
  return sim.api.list('events', { namespace }).items.filter((e) => e.involvedObject?.name === name)
}

export function scheduledCondition(pod: KObject): Record<string, unknown> | undefined {
  return (pod.status?.conditions ?? []).find((c: { type: string }) => c.type === 'PodScheduled')
}

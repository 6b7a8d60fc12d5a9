import type { KObject } from '../api/types.ts'
import type { Sim } from '../sim.ts'
import type { ContainerRuntime } from './runtimeApi.ts'

/** A Pod manifest with one container, as a test writes it. */
export function podManifest(
  name: string,
  container: Record<string, unknown>,
  spec: Record<string, unknown> = {},
): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: name, ...container }], ...spec },
  }
}

export function getPod(sim: Sim, name: string, ns = 'default'): KObject {
  return sim.api.get('pods', ns, name)
}

/** `Type Reason Message` lines of a pod's events, oldest first. */
export function podEvents(sim: Sim, name: string, ns = 'default'): string[] {
  return sim.api
    .list('events', { namespace: ns })
    .items.filter((e) => e.involvedObject?.name === name && e.involvedObject?.kind === 'Pod')
    .sort((a, b) =>
      a.firstTimestamp < b.firstTimestamp ? -1 : a.firstTimestamp > b.firstTimestamp ? 1 : 0,
    )
    .map((e) => `${e.type} ${e.reason} ${e.message}`)
}

export function runtimeOf(sim: Sim): ContainerRuntime {
  return sim.services.get('runtime') as ContainerRuntime
}

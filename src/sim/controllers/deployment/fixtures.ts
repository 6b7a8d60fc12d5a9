// Test-only helpers shared by the Deployment tests.
import type { Sim } from '../../sim.ts'
import type { KObject } from '../../api/types.ts'
import { StatusError } from '../../api/errors.ts'

export const NS = 'default'

export function deployment(
  name: string,
  replicas: number,
  image = 'nginx:1.25',
  spec: any = {},
): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'nginx', image }] },
      },
      ...spec,
    },
  }
}

export function get(sim: Sim, name: string): KObject {
  return sim.api.get('deployments.apps', NS, name)
}

export function setImage(sim: Sim, name: string, image: string): void {
  const d = structuredClone(get(sim, name))
  d.spec.template.spec.containers[0].image = image
  sim.api.update('deployments.apps', d)
}

export function replicaSets(sim: Sim, app: string): KObject[] {
  return sim.api
    .list('replicasets.apps', { namespace: NS, labelSelector: `app=${app}` })
    .items.sort(
      (a, b) =>
        Number(a.metadata.annotations!['deployment.kubernetes.io/revision']) -
        Number(b.metadata.annotations!['deployment.kubernetes.io/revision']),
    )
}

export function pods(sim: Sim, app: string): KObject[] {
  return sim.api.list('pods', { namespace: NS, labelSelector: `app=${app}` }).items
}

export function condition(d: KObject, type: string): any {
  return d.status.conditions.find((c: any) => c.type === type)
}

export function statusError(f: () => unknown): StatusError {
  try {
    f()
  } catch (e) {
    if (e instanceof StatusError) return e
    throw e
  }
  throw new Error('expected a StatusError')
}

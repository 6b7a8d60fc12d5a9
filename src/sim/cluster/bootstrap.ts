import type { Sim } from '../sim.ts'

/** Creates the objects a fresh cluster has before the user types anything. */
export function bootstrapCluster(sim: Sim): void {
  const api = sim.api
  for (const name of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
    api.create(
      'namespaces',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
      { internal: true },
    )
  }
}

import type { Sim } from '../sim.ts'
import type { ContainerRuntime } from '../kubelet/runtimeApi.ts'
import { SimNetwork } from './clusterNetwork.ts'
import { configureNetwork, DEFAULT_NETWORK } from './ipam.ts'
import { KubeProxy } from './kubeProxy.ts'

/**
 * Wires the cluster network into a Sim: the Service address plan for the API server's allocators,
 * kube-proxy (a controller, so its state is snapshotted) and the `network` service.
 */
export function installNetwork(sim: Sim): SimNetwork {
  configureNetwork(sim.api, { ...DEFAULT_NETWORK, serviceCIDR: sim.cluster.serviceCIDR })
  const proxy = new KubeProxy()
  sim.manager.add(proxy.controller())
  const runtime = (): ContainerRuntime | undefined =>
    sim.services.get('runtime') as ContainerRuntime | undefined
  const network = new SimNetwork(
    {
      api: sim.api,
      cluster: sim.cluster,
      rng: sim.rng,
      clock: sim.clock,
      proxy,
      listening: (pod, port) => runtime()?.listening(pod, port) ?? false,
    },
    runtime,
  )
  sim.services.set('network', network)
  return network
}

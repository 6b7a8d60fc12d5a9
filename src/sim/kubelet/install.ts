import type { Sim } from '../sim.ts'
import '../images/index.ts'
import './shellBridge.ts'
import { Kubelet } from './kubelet.ts'
import { SimRuntime } from './runtime.ts'

/** Adds the kubelets (one controller for every node) and registers the `runtime` service. */
export function installKubelet(sim: Sim): Kubelet {
  const kubelet = new Kubelet({
    api: sim.api,
    clock: sim.clock,
    cluster: sim.cluster,
    services: sim.services,
  })
  sim.manager.add(kubelet)
  sim.services.set('runtime', new SimRuntime(kubelet))
  return kubelet
}

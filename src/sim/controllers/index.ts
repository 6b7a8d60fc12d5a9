import type { Sim } from '../sim.ts'
import { installKubelet } from '../kubelet/install.ts'
import { resourceQuotaController } from './resourceQuotaController.ts'
import { namespaceController } from './namespaceController.ts'
import { eventTtlController } from './eventTtlController.ts'
import { endpointsController } from './endpointsController.ts'
import { endpointSliceController } from './endpointSliceController.ts'
import { endpointSliceMirroringController } from './endpointSliceMirroring.ts'
import { installNetwork } from '../network/install.ts'
import { ServiceLoadBalancerController } from './serviceLoadBalancer.ts'
import { PersistentVolumeController } from './persistentVolumeController.ts'
import { jobController } from './jobController.ts'
import { ttlAfterFinishedController } from './ttlAfterFinishedController.ts'
import { cronJobController } from './cronJobController.ts'
import { daemonSetController } from './daemonSetController.ts'
import { statefulSetController } from './statefulSetController.ts'
import { deploymentController } from './deployment/controller.ts'
import { replicaSetController } from './replicaSetController.ts'
import { replicationController } from './replicationController.ts'
import { garbageCollector } from './garbageCollector.ts'
import { hpaController } from './hpaController.ts'
import { disruptionController } from './disruptionController.ts'
import { Scheduler } from '../scheduler/scheduler.ts'
import { LeaseController } from './leaseController.ts'
import { nodeLifecycleController } from './nodeLifecycleController.ts'
import { serviceAccountController } from './serviceAccountController.ts'
import { RootCaPublisher } from './rootCaPublisher.ts'
import { setRequestUser } from '../registry/requestUser.ts'

/** Every controller of the simulated control plane, in the order they are started. */
export function installControllers(sim: Sim): void {
  // Not a controller: who the API server takes users' requests to come from (CSR requestors).
  setRequestUser(sim.api, sim.cluster)
  sim.manager.add(namespaceController())
  sim.manager.add(eventTtlController())
  sim.manager.add(endpointsController(sim.api))
  sim.manager.add(endpointSliceController(sim.api))
  sim.manager.add(endpointSliceMirroringController())
  sim.manager.add(new ServiceLoadBalancerController(sim.cluster))
  sim.manager.add(new PersistentVolumeController(sim.api))
  sim.manager.add(jobController())
  sim.manager.add(ttlAfterFinishedController())
  sim.manager.add(cronJobController())
  sim.manager.add(daemonSetController(sim.api))
  sim.manager.add(statefulSetController())
  sim.manager.add(deploymentController(sim.api))
  sim.manager.add(replicaSetController(sim.api))
  sim.manager.add(replicationController(sim.api))
  sim.manager.add(garbageCollector(sim.api))
  sim.manager.add(hpaController())
  sim.manager.add(disruptionController(sim.api))
  sim.manager.add(serviceAccountController())
  sim.manager.add(new RootCaPublisher())
  sim.manager.add(new LeaseController())
  sim.manager.add(nodeLifecycleController())
  sim.manager.add(new Scheduler())
  sim.manager.add(resourceQuotaController())
  installKubelet(sim)
  installNetwork(sim)
}

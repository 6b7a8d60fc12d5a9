import type { Sim } from '../sim.ts'
import { namespaceController } from './namespaceController.ts'

/** Every controller of the simulated control plane, in the order they are started. */
export function installControllers(sim: Sim): void {
  sim.manager.add(namespaceController())
}

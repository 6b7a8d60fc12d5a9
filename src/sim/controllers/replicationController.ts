// The ReplicationController manager: upstream runs the ReplicaSet controller over RCs, converting
// them on the way in; here the same manager runs with the RC's map selector.
import { matchesMapSelector } from '../api/selectors.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import type { Controller } from '../runtime/controller.ts'
import { replicaManager } from './replicaSetController.ts'

export function replicationController(api: ApiServer): Controller {
  return replicaManager(api, {
    name: 'replicationcontroller',
    resource: 'replicationcontrollers',
    kind: 'ReplicationController',
    component: 'replication-controller',
    selector: (rc) => (labels) => matchesMapSelector(labels, rc.spec?.selector),
  })
}

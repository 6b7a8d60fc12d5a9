import type { KObject } from '../../../sim/api/types.ts'
import { podTable, podTemplateTable } from './pods.ts'
import {
  controllerRevisionTable,
  cronJobTable,
  daemonSetTable,
  deploymentTable,
  hpaTable,
  jobTable,
  pdbTable,
  replicaSetTable,
  replicationControllerTable,
  statefulSetTable,
} from './workloads.ts'
import {
  endpointSliceTable,
  endpointsTable,
  ingressClassTable,
  ingressTable,
  networkPolicyTable,
  serviceTable,
} from './network.ts'
import {
  componentStatusTable,
  csrTable,
  eventTable,
  leaseTable,
  namespaceTable,
  nodeTable,
  persistentVolumeClaimTable,
  persistentVolumeTable,
  priorityClassTable,
  roleBindingTable,
  runtimeClassTable,
  storageClassTable,
} from './cluster.ts'
import { configMapTable, resourceQuotaTable, secretTable, serviceAccountTable } from './config.ts'
import type { KindTable } from './types.ts'

export type { ColumnDef, Cell, KindTable, RowContext } from './types.ts'

/** Server-side printers by `group/Kind` (core group is empty), as registered by AddHandlers. */
const TABLES: Record<string, KindTable> = {
  '/Pod': podTable,
  '/PodTemplate': podTemplateTable,
  '/ReplicationController': replicationControllerTable,
  '/Service': serviceTable,
  '/Endpoints': endpointsTable,
  '/Node': nodeTable,
  '/Event': eventTable,
  'events.k8s.io/Event': eventTable,
  '/Namespace': namespaceTable,
  '/Secret': secretTable,
  '/ServiceAccount': serviceAccountTable,
  '/PersistentVolume': persistentVolumeTable,
  '/PersistentVolumeClaim': persistentVolumeClaimTable,
  '/ComponentStatus': componentStatusTable,
  '/ConfigMap': configMapTable,
  '/ResourceQuota': resourceQuotaTable,
  'apps/Deployment': deploymentTable,
  'apps/ReplicaSet': replicaSetTable,
  'apps/StatefulSet': statefulSetTable,
  'apps/DaemonSet': daemonSetTable,
  'apps/ControllerRevision': controllerRevisionTable,
  'batch/Job': jobTable,
  'batch/CronJob': cronJobTable,
  'autoscaling/HorizontalPodAutoscaler': hpaTable,
  'policy/PodDisruptionBudget': pdbTable,
  'networking.k8s.io/Ingress': ingressTable,
  'networking.k8s.io/IngressClass': ingressClassTable,
  'networking.k8s.io/NetworkPolicy': networkPolicyTable,
  'discovery.k8s.io/EndpointSlice': endpointSliceTable,
  'coordination.k8s.io/Lease': leaseTable,
  'scheduling.k8s.io/PriorityClass': priorityClassTable,
  'storage.k8s.io/StorageClass': storageClassTable,
  'node.k8s.io/RuntimeClass': runtimeClassTable,
  'rbac.authorization.k8s.io/RoleBinding': roleBindingTable,
  'rbac.authorization.k8s.io/ClusterRoleBinding': roleBindingTable,
  'certificates.k8s.io/CertificateSigningRequest': csrTable,
}

/**
 * The API server's default TableConvertor for kinds without a printer (LimitRange, Role, CRDs…):
 * NAME and CREATED AT as an RFC 3339 time.
 */
export const defaultTable: KindTable = {
  columns: [{ name: 'Name' }, { name: 'Created At' }],
  row: (o: KObject) => [o.metadata.name ?? '', o.metadata.creationTimestamp ?? ''],
}

export function tableFor(group: string, kind: string): KindTable {
  return TABLES[`${group}/${kind}`] ?? defaultTable
}

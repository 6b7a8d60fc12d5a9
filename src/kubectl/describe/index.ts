/**
 * `kubectl describe` text for one object, for the command layer.
 *
 *   describeObject(obj, info, { api, now, showEvents? }): string
 *     obj: the object as read from sim.api; info: its ResourceInfo (src/sim/api/resources.ts);
 *     api: sim.api, read for related objects (events about the object, a Deployment's ReplicaSets,
 *     a ReplicaSet's pods, a Service's EndpointSlices, a Node's pods and Lease, a Namespace's quotas
 *     and limit ranges, a PVC's users, a ServiceAccount's token Secrets); now: virtual time in ms.
 *     The result ends with a newline; kubectl prints a blank line between several objects.
 *
 * Layout follows staging/src/k8s.io/kubectl/pkg/describe/describe.go (v0.32): PrefixWriter levels of
 * two spaces and Go tabwriter alignment with padding 2 (writer.ts). Kinds without a describer get
 * the generic one (generic.ts), as kubectl does.
 */
import type { KObject } from '../../sim/api/types.ts'
import type { ResourceInfo } from '../../sim/api/resources.ts'
import type { DescribeContext } from './common.ts'
import { describePod } from './pod.ts'
import {
  describeCronJob,
  describeDaemonSet,
  describeDeployment,
  describeJob,
  describePodDisruptionBudget,
  describeReplicaSet,
  describeReplicationController,
  describeStatefulSet,
} from './workloads.ts'
import {
  describeEndpointSlice,
  describeEndpoints,
  describeIngress,
  describeIngressClass,
  describeNetworkPolicy,
  describeService,
} from './network.ts'
import {
  describeLimitRange,
  describeNamespace,
  describeNode,
  describePriorityClass,
  describeResourceQuota,
} from './cluster.ts'
import { describeConfigMap, describeSecret, describeServiceAccount } from './config.ts'
import {
  describePersistentVolume,
  describePersistentVolumeClaim,
  describeStorageClass,
} from './storage.ts'
import { describeHorizontalPodAutoscaler } from './autoscaling.ts'
import { describeGeneric } from './generic.ts'
import { describeRole, describeRoleBinding } from './rbac.ts'
import { describeCertificateSigningRequest } from './certificates.ts'

export type { DescribeContext } from './common.ts'

type Describer = (obj: KObject, ctx: DescribeContext) => string

/** describerMap of describe.go, keyed by `group/Kind`. */
const DESCRIBERS: Record<string, Describer> = {
  '/Pod': describePod,
  '/ReplicationController': describeReplicationController,
  '/Secret': (o) => describeSecret(o),
  '/Service': describeService,
  '/ServiceAccount': describeServiceAccount,
  '/Node': describeNode,
  '/LimitRange': (o) => describeLimitRange(o),
  '/ResourceQuota': (o) => describeResourceQuota(o),
  '/PersistentVolume': describePersistentVolume,
  '/PersistentVolumeClaim': describePersistentVolumeClaim,
  '/Namespace': describeNamespace,
  '/Endpoints': describeEndpoints,
  '/ConfigMap': describeConfigMap,
  'discovery.k8s.io/EndpointSlice': describeEndpointSlice,
  'autoscaling/HorizontalPodAutoscaler': describeHorizontalPodAutoscaler,
  'networking.k8s.io/Ingress': describeIngress,
  'networking.k8s.io/IngressClass': describeIngressClass,
  'networking.k8s.io/NetworkPolicy': (o) => describeNetworkPolicy(o),
  'batch/Job': describeJob,
  'batch/CronJob': describeCronJob,
  'apps/StatefulSet': describeStatefulSet,
  'apps/Deployment': describeDeployment,
  'apps/DaemonSet': describeDaemonSet,
  'apps/ReplicaSet': describeReplicaSet,
  'storage.k8s.io/StorageClass': describeStorageClass,
  'policy/PodDisruptionBudget': describePodDisruptionBudget,
  'scheduling.k8s.io/PriorityClass': describePriorityClass,
  'rbac.authorization.k8s.io/Role': (o) => describeRole(o),
  'rbac.authorization.k8s.io/ClusterRole': (o) => describeRole(o),
  'rbac.authorization.k8s.io/RoleBinding': (o) => describeRoleBinding(o),
  'rbac.authorization.k8s.io/ClusterRoleBinding': (o) => describeRoleBinding(o),
  'certificates.k8s.io/CertificateSigningRequest': describeCertificateSigningRequest,
}

export function describeObject(obj: KObject, info: ResourceInfo, ctx: DescribeContext): string {
  const d = DESCRIBERS[`${info.group}/${info.kind}`] ?? describeGeneric
  return d(obj, ctx)
}

/**
 * The parts of the v1.32 OpenAPI schema that field ownership depends on: which lists are
 * associative (and their keys), which are sets, and which structs are atomic. Lists marked
 * patchStrategy=merge with a patchMergeKey count as associative, as in kube-openapi's schema
 * conversion; every other list is atomic.
 */

export type ListType =
  | { type: 'map'; keys: readonly string[]; atomicItems: boolean }
  | { type: 'set' }
  | { type: 'atomic' }

const ATOMIC: ListType = { type: 'atomic' }
const SET: ListType = { type: 'set' }

function byKeys(...keys: string[]): ListType {
  return { type: 'map', keys, atomicItems: false }
}

const NAME = byKeys('name')
const TYPE = byKeys('type')
const IP = byKeys('ip')
const CONTAINER_PORT = byKeys('containerPort', 'protocol')
const SERVICE_PORT = byKeys('port', 'protocol')
// OwnerReference and LocalObjectReference are +structType=atomic: their items are leaves.
const OWNER_REFS: ListType = { type: 'map', keys: ['uid'], atomicItems: true }
const LOCAL_REFS: ListType = { type: 'map', keys: ['name'], atomicItems: true }

const LISTS: Record<string, ListType> = {
  containers: NAME,
  initContainers: NAME,
  ephemeralContainers: NAME,
  env: NAME,
  volumes: NAME,
  resourceClaims: NAME,
  schedulingGates: NAME,
  imagePullSecrets: LOCAL_REFS,
  volumeMounts: byKeys('mountPath'),
  volumeDevices: byKeys('devicePath'),
  hostAliases: IP,
  podIPs: IP,
  hostIPs: IP,
  conditions: TYPE,
  ownerReferences: OWNER_REFS,
  topologySpreadConstraints: byKeys('topologyKey', 'whenUnsatisfiable'),
}

/** The list type of `field` in an object of `kind`, `parent` being the field holding it. */
export function listTypeOf(kind: string, parent: string, field: string): ListType {
  switch (field) {
    case 'ports':
      if (kind === 'Service' && parent === 'spec') return SERVICE_PORT
      return parent === '[]' ? CONTAINER_PORT : ATOMIC
    case 'finalizers':
      return parent === 'metadata' ? SET : ATOMIC
    case 'addresses':
      return kind === 'Node' ? TYPE : ATOMIC
    case 'secrets':
      return kind === 'ServiceAccount' ? NAME : ATOMIC
  }
  return LISTS[field] ?? ATOMIC
}

/** Struct fields whose type is +structType=atomic (LabelSelector, NodeSelector, key references). */
const ATOMIC_STRUCTS = new Set([
  'namespaceSelector',
  'labelSelector',
  'podSelector',
  'configMapKeyRef',
  'secretKeyRef',
  'fieldRef',
  'resourceFieldRef',
  'requiredDuringSchedulingIgnoredDuringExecution',
  'targetRef',
  'involvedObject',
  'claimRef',
])

export function isAtomicStruct(kind: string, field: string): boolean {
  // Service and ReplicationController selectors are plain string maps; the rest are LabelSelectors.
  if (field === 'selector') return kind !== 'Service' && kind !== 'ReplicationController'
  return ATOMIC_STRUCTS.has(field)
}

/** Values a list-map key takes when the item leaves it out (the schema's default). */
export function keyDefault(key: string): unknown {
  return key === 'protocol' ? 'TCP' : undefined
}

const POD_TEMPLATE = { metadata: { creationTimestamp: null }, spec: { containers: null } }

/**
 * What the API server's zero-valued object of a kind looks like once converted to JSON: creates
 * are compared against it, so maps already present there (non-pointer structs, fields without
 * omitempty) are not marked as added themselves, exactly as on a real cluster.
 */
const ZERO: Record<string, Record<string, unknown>> = {
  Pod: { spec: { containers: null }, status: {} },
  Deployment: { spec: { selector: null, template: POD_TEMPLATE, strategy: {} }, status: {} },
  ReplicaSet: { spec: { selector: null, template: POD_TEMPLATE }, status: { replicas: 0 } },
  StatefulSet: {
    spec: { selector: null, template: POD_TEMPLATE, updateStrategy: {} },
    status: { replicas: 0, availableReplicas: 0 },
  },
  DaemonSet: { spec: { selector: null, template: POD_TEMPLATE, updateStrategy: {} }, status: {} },
  ReplicationController: { spec: {}, status: { replicas: 0 } },
  Job: { spec: { template: POD_TEMPLATE }, status: {} },
  CronJob: {
    spec: {
      schedule: '',
      jobTemplate: { metadata: { creationTimestamp: null }, spec: { template: POD_TEMPLATE } },
    },
    status: {},
  },
  Service: { spec: {}, status: { loadBalancer: {} } },
  Namespace: { spec: {}, status: {} },
  Node: { spec: {}, status: { daemonEndpoints: { kubeletEndpoint: { Port: 0 } }, nodeInfo: {} } },
  PersistentVolumeClaim: { spec: { resources: {} }, status: {} },
  PersistentVolume: { spec: {}, status: {} },
  Ingress: { spec: {}, status: { loadBalancer: {} } },
  NetworkPolicy: { spec: { podSelector: {} } },
  HorizontalPodAutoscaler: {
    spec: { scaleTargetRef: { kind: '', name: '' }, maxReplicas: 0 },
    status: { desiredReplicas: 0, currentReplicas: 0 },
  },
  PodDisruptionBudget: {
    spec: {},
    status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
  },
  Role: { rules: null },
  ClusterRole: { rules: null },
  RoleBinding: { roleRef: { apiGroup: '', kind: '', name: '' } },
  ClusterRoleBinding: { roleRef: { apiGroup: '', kind: '', name: '' } },
}

const zeroCache = new Map<string, Record<string, unknown>>()

/** The zero object of a kind; shared, so callers must not change it. */
export function zeroObject(kind: string): Record<string, unknown> {
  let z = zeroCache.get(kind)
  if (!z) {
    z = { metadata: { creationTimestamp: null }, ...(ZERO[kind] ?? {}) }
    zeroCache.set(kind, z)
  }
  return z
}

/**
 * Discovery data of a v1.32 kubeadm cluster (what `kubectl api-resources` lists). Every resource here is
 * stored and served; `simulated` says whether some controller in the engine acts on it.
 */
export interface ResourceInfo {
  /** Unique id used across the engine: `pods`, `deployments.apps`. */
  id: string
  group: string
  /** Served versions, preferred first. */
  versions: string[]
  kind: string
  plural: string
  singular: string
  shortNames: string[]
  namespaced: boolean
  verbs: string[]
  categories: string[]
  simulated: boolean
  subresources?: string[]
}

const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']
const CREATE_ONLY = ['create']
const EXTENSIONS = ['api-extensions']

interface Row {
  plural: string
  short?: string
  gv: string
  ns: boolean
  kind: string
  verbs?: string[]
  all?: boolean
  /** Categories other than `all` (kube-apiserver puts its extension points in `api-extensions`). */
  cat?: string[]
  sim?: boolean
  sub?: string[]
  versions?: string[]
}

const ROWS: Row[] = [
  { plural: 'bindings', gv: 'v1', ns: true, kind: 'Binding', verbs: CREATE_ONLY, sim: true },
  {
    plural: 'componentstatuses',
    short: 'cs',
    gv: 'v1',
    ns: false,
    kind: 'ComponentStatus',
    verbs: ['get', 'list'],
    sim: true,
  },
  { plural: 'configmaps', short: 'cm', gv: 'v1', ns: true, kind: 'ConfigMap', sim: true },
  { plural: 'endpoints', short: 'ep', gv: 'v1', ns: true, kind: 'Endpoints', sim: true },
  { plural: 'events', short: 'ev', gv: 'v1', ns: true, kind: 'Event', sim: true },
  { plural: 'limitranges', short: 'limits', gv: 'v1', ns: true, kind: 'LimitRange', sim: true },
  {
    plural: 'namespaces',
    short: 'ns',
    gv: 'v1',
    ns: false,
    kind: 'Namespace',
    // Namespaces are deleted one by one (their contents first): no deletecollection.
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    sim: true,
    sub: ['finalize', 'status'],
  },
  {
    plural: 'nodes',
    short: 'no',
    gv: 'v1',
    ns: false,
    kind: 'Node',
    sim: true,
    sub: ['proxy', 'status'],
  },
  {
    plural: 'persistentvolumeclaims',
    short: 'pvc',
    gv: 'v1',
    ns: true,
    kind: 'PersistentVolumeClaim',
    sim: true,
    sub: ['status'],
  },
  {
    plural: 'persistentvolumes',
    short: 'pv',
    gv: 'v1',
    ns: false,
    kind: 'PersistentVolume',
    sim: true,
    sub: ['status'],
  },
  {
    plural: 'pods',
    short: 'po',
    gv: 'v1',
    ns: true,
    kind: 'Pod',
    all: true,
    sim: true,
    sub: [
      'attach',
      'binding',
      'ephemeralcontainers',
      'eviction',
      'exec',
      'log',
      'portforward',
      'proxy',
      'status',
    ],
  },
  { plural: 'podtemplates', gv: 'v1', ns: true, kind: 'PodTemplate' },
  {
    plural: 'replicationcontrollers',
    short: 'rc',
    gv: 'v1',
    ns: true,
    kind: 'ReplicationController',
    all: true,
    sim: true,
    sub: ['scale', 'status'],
  },
  {
    plural: 'resourcequotas',
    short: 'quota',
    gv: 'v1',
    ns: true,
    kind: 'ResourceQuota',
    sim: true,
    sub: ['status'],
  },
  { plural: 'secrets', gv: 'v1', ns: true, kind: 'Secret', sim: true },
  {
    plural: 'serviceaccounts',
    short: 'sa',
    gv: 'v1',
    ns: true,
    kind: 'ServiceAccount',
    sim: true,
    sub: ['token'],
  },
  {
    plural: 'services',
    short: 'svc',
    gv: 'v1',
    ns: true,
    kind: 'Service',
    all: true,
    sim: true,
    sub: ['proxy', 'status'],
  },
  {
    plural: 'mutatingwebhookconfigurations',
    gv: 'admissionregistration.k8s.io/v1',
    ns: false,
    kind: 'MutatingWebhookConfiguration',
    cat: EXTENSIONS,
  },
  {
    plural: 'validatingadmissionpolicies',
    gv: 'admissionregistration.k8s.io/v1',
    ns: false,
    kind: 'ValidatingAdmissionPolicy',
    cat: EXTENSIONS,
    sub: ['status'],
  },
  {
    plural: 'validatingadmissionpolicybindings',
    gv: 'admissionregistration.k8s.io/v1',
    ns: false,
    kind: 'ValidatingAdmissionPolicyBinding',
    cat: EXTENSIONS,
  },
  {
    plural: 'validatingwebhookconfigurations',
    gv: 'admissionregistration.k8s.io/v1',
    ns: false,
    kind: 'ValidatingWebhookConfiguration',
    cat: EXTENSIONS,
  },
  {
    plural: 'customresourcedefinitions',
    short: 'crd,crds',
    gv: 'apiextensions.k8s.io/v1',
    ns: false,
    kind: 'CustomResourceDefinition',
    cat: EXTENSIONS,
    sub: ['status'],
  },
  {
    plural: 'apiservices',
    gv: 'apiregistration.k8s.io/v1',
    ns: false,
    kind: 'APIService',
    cat: EXTENSIONS,
    sub: ['status'],
  },
  { plural: 'controllerrevisions', gv: 'apps/v1', ns: true, kind: 'ControllerRevision', sim: true },
  {
    plural: 'daemonsets',
    short: 'ds',
    gv: 'apps/v1',
    ns: true,
    kind: 'DaemonSet',
    all: true,
    sim: true,
    sub: ['status'],
  },
  {
    plural: 'deployments',
    short: 'deploy',
    gv: 'apps/v1',
    ns: true,
    kind: 'Deployment',
    all: true,
    sim: true,
    sub: ['scale', 'status'],
  },
  {
    plural: 'replicasets',
    short: 'rs',
    gv: 'apps/v1',
    ns: true,
    kind: 'ReplicaSet',
    all: true,
    sim: true,
    sub: ['scale', 'status'],
  },
  {
    plural: 'statefulsets',
    short: 'sts',
    gv: 'apps/v1',
    ns: true,
    kind: 'StatefulSet',
    all: true,
    sim: true,
    sub: ['scale', 'status'],
  },
  {
    plural: 'selfsubjectreviews',
    gv: 'authentication.k8s.io/v1',
    ns: false,
    kind: 'SelfSubjectReview',
    verbs: CREATE_ONLY,
    sim: true,
  },
  {
    plural: 'tokenreviews',
    gv: 'authentication.k8s.io/v1',
    ns: false,
    kind: 'TokenReview',
    verbs: CREATE_ONLY,
  },
  {
    plural: 'localsubjectaccessreviews',
    gv: 'authorization.k8s.io/v1',
    ns: true,
    kind: 'LocalSubjectAccessReview',
    verbs: CREATE_ONLY,
    sim: true,
  },
  {
    plural: 'selfsubjectaccessreviews',
    gv: 'authorization.k8s.io/v1',
    ns: false,
    kind: 'SelfSubjectAccessReview',
    verbs: CREATE_ONLY,
    sim: true,
  },
  {
    plural: 'selfsubjectrulesreviews',
    gv: 'authorization.k8s.io/v1',
    ns: false,
    kind: 'SelfSubjectRulesReview',
    verbs: CREATE_ONLY,
    sim: true,
  },
  {
    plural: 'subjectaccessreviews',
    gv: 'authorization.k8s.io/v1',
    ns: false,
    kind: 'SubjectAccessReview',
    verbs: CREATE_ONLY,
    sim: true,
  },
  {
    plural: 'horizontalpodautoscalers',
    short: 'hpa',
    gv: 'autoscaling/v2',
    ns: true,
    kind: 'HorizontalPodAutoscaler',
    all: true,
    sim: true,
    sub: ['status'],
    versions: ['v2', 'v1'],
  },
  {
    plural: 'cronjobs',
    short: 'cj',
    gv: 'batch/v1',
    ns: true,
    kind: 'CronJob',
    all: true,
    sim: true,
    sub: ['status'],
  },
  { plural: 'jobs', gv: 'batch/v1', ns: true, kind: 'Job', all: true, sim: true, sub: ['status'] },
  {
    plural: 'certificatesigningrequests',
    short: 'csr',
    gv: 'certificates.k8s.io/v1',
    ns: false,
    kind: 'CertificateSigningRequest',
    sub: ['approval', 'status'],
  },
  { plural: 'leases', gv: 'coordination.k8s.io/v1', ns: true, kind: 'Lease', sim: true },
  {
    plural: 'endpointslices',
    gv: 'discovery.k8s.io/v1',
    ns: true,
    kind: 'EndpointSlice',
    sim: true,
  },
  { plural: 'events', short: 'ev', gv: 'events.k8s.io/v1', ns: true, kind: 'Event', sim: true },
  {
    plural: 'flowschemas',
    gv: 'flowcontrol.apiserver.k8s.io/v1',
    ns: false,
    kind: 'FlowSchema',
    sub: ['status'],
  },
  {
    plural: 'prioritylevelconfigurations',
    gv: 'flowcontrol.apiserver.k8s.io/v1',
    ns: false,
    kind: 'PriorityLevelConfiguration',
    sub: ['status'],
  },
  {
    plural: 'ingressclasses',
    gv: 'networking.k8s.io/v1',
    ns: false,
    kind: 'IngressClass',
    sim: true,
  },
  {
    plural: 'ingresses',
    short: 'ing',
    gv: 'networking.k8s.io/v1',
    ns: true,
    kind: 'Ingress',
    sim: true,
    sub: ['status'],
  },
  {
    plural: 'networkpolicies',
    short: 'netpol',
    gv: 'networking.k8s.io/v1',
    ns: true,
    kind: 'NetworkPolicy',
  },
  { plural: 'runtimeclasses', gv: 'node.k8s.io/v1', ns: false, kind: 'RuntimeClass' },
  {
    plural: 'poddisruptionbudgets',
    short: 'pdb',
    gv: 'policy/v1',
    ns: true,
    kind: 'PodDisruptionBudget',
    sim: true,
    sub: ['status'],
  },
  {
    plural: 'clusterrolebindings',
    gv: 'rbac.authorization.k8s.io/v1',
    ns: false,
    kind: 'ClusterRoleBinding',
  },
  { plural: 'clusterroles', gv: 'rbac.authorization.k8s.io/v1', ns: false, kind: 'ClusterRole' },
  { plural: 'rolebindings', gv: 'rbac.authorization.k8s.io/v1', ns: true, kind: 'RoleBinding' },
  { plural: 'roles', gv: 'rbac.authorization.k8s.io/v1', ns: true, kind: 'Role' },
  {
    plural: 'priorityclasses',
    short: 'pc',
    gv: 'scheduling.k8s.io/v1',
    ns: false,
    kind: 'PriorityClass',
    sim: true,
  },
  { plural: 'csidrivers', gv: 'storage.k8s.io/v1', ns: false, kind: 'CSIDriver' },
  { plural: 'csinodes', gv: 'storage.k8s.io/v1', ns: false, kind: 'CSINode' },
  { plural: 'csistoragecapacities', gv: 'storage.k8s.io/v1', ns: true, kind: 'CSIStorageCapacity' },
  {
    plural: 'storageclasses',
    short: 'sc',
    gv: 'storage.k8s.io/v1',
    ns: false,
    kind: 'StorageClass',
    sim: true,
  },
  {
    plural: 'volumeattachments',
    gv: 'storage.k8s.io/v1',
    ns: false,
    kind: 'VolumeAttachment',
    sub: ['status'],
  },
]

function toInfo(r: Row): ResourceInfo {
  const [group, version] = r.gv.includes('/') ? r.gv.split('/') : ['', r.gv]
  return {
    id: group ? `${r.plural}.${group}` : r.plural,
    group,
    versions: r.versions ?? [version],
    kind: r.kind,
    plural: r.plural,
    singular: r.kind.toLowerCase(),
    shortNames: r.short ? r.short.split(',') : [],
    namespaced: r.ns,
    verbs: r.verbs ?? RW,
    categories: r.cat ?? (r.all ? ['all'] : []),
    simulated: r.sim ?? false,
    subresources: r.sub,
  }
}

export const RESOURCES: readonly ResourceInfo[] = ROWS.map(toInfo)

const byId = new Map(RESOURCES.map((r) => [r.id, r]))

export function resourceById(id: string): ResourceInfo {
  const r = byId.get(id)
  if (!r) throw new Error(`unknown resource id ${id}`)
  return r
}

export function maybeResourceById(id: string): ResourceInfo | undefined {
  return byId.get(id)
}

export function apiVersionOf(info: ResourceInfo): string {
  return info.group ? `${info.group}/${info.versions[0]}` : info.versions[0]
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/')
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) }
}

/** The resource serving `kind` in `apiVersion`, or undefined ("no matches for kind"). */
export function resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  const { group, version } = splitApiVersion(apiVersion)
  // events.k8s.io Event and core Event are the same storage; prefer the core one for kind lookups.
  return RESOURCES.find((r) => r.kind === kind && r.group === group && r.versions.includes(version))
}

/** Every resource of a kind, for kubectl's kind-based lookups (`get Deployment`). */
export function resourcesForKindName(kind: string): ResourceInfo[] {
  const k = kind.toLowerCase()
  return RESOURCES.filter((r) => r.kind.toLowerCase() === k)
}

/** Where events.k8s.io Events are stored: they share storage with core v1 Events. */
export function storageId(info: ResourceInfo): string {
  return info.id === 'events.events.k8s.io' ? 'events' : info.id
}

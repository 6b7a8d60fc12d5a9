import type { KObject } from '../api/types.ts'
import type { Sim } from '../sim.ts'
import { clusterCA } from '../controllers/rootCaPublisher.ts'
import { nodeLease } from '../controllers/leaseController.ts'
import {
  cniObjects,
  cniServiceAccounts,
  coreDns,
  kubeProxy,
  PAUSE_IMAGE,
  SYSTEM_IMAGE_SIZES,
} from './addons.ts'
import { controlPlaneImages, controlPlanePods } from './controlPlanePods.ts'
import { storageObjects } from './storageAddons.ts'
import { kubeadmConfigMaps } from './kubeadmConfig.ts'
import { apiServerEndpoint, nthAddress } from './network.ts'
import { kubeletStartEvents, nodeObject, nodeRegisteredEvents, type ImageRecord } from './nodes.ts'
import type { ClusterSpec, NodeSpec } from './spec.ts'

export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system']

/** The service accounts kube-controller-manager (--use-service-account-credentials) and kubeadm create. */
const KUBE_SYSTEM_ACCOUNTS = [
  'attachdetach-controller',
  'bootstrap-signer',
  'certificate-controller',
  'clusterrole-aggregation-controller',
  'coredns',
  'cronjob-controller',
  'daemon-set-controller',
  'deployment-controller',
  'disruption-controller',
  'endpoint-controller',
  'endpointslice-controller',
  'endpointslicemirroring-controller',
  'ephemeral-volume-controller',
  'expand-controller',
  'generic-garbage-collector',
  'horizontal-pod-autoscaler',
  'job-controller',
  'kube-proxy',
  'legacy-service-account-token-cleaner',
  'namespace-controller',
  'node-controller',
  'persistent-volume-binder',
  'pod-garbage-collector',
  'pv-protection-controller',
  'pvc-protection-controller',
  'replicaset-controller',
  'replication-controller',
  'resourcequota-controller',
  'root-ca-cert-publisher',
  'service-account-controller',
  'statefulset-controller',
  'token-cleaner',
  'ttl-after-finished-controller',
  'ttl-controller',
  'validatingadmissionpolicy-status-controller',
]

const KUBE_IMAGE_SIZES: Record<string, number> = {
  'kube-apiserver': 28671624,
  'kube-controller-manager': 26259392,
  'kube-scheduler': 20657536,
  'kube-proxy': 30907858,
}

function imageSize(name: string): number {
  if (SYSTEM_IMAGE_SIZES[name]) return SYSTEM_IMAGE_SIZES[name]
  const m = /^registry\.k8s\.io\/(kube-[a-z-]+):/.exec(name)
  // Unknown user images listed in a ClusterSpec get a typical small-image size.
  return (m && KUBE_IMAGE_SIZES[m[1]]) || 50_000_000
}

/** Every image the add-on workloads run. */
function imagesOf(objects: KObject[]): string[] {
  const out: string[] = []
  for (const o of objects) {
    const spec = o.kind === 'Pod' ? o.spec : o.spec?.template?.spec
    for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])])
      out.push(c.image)
  }
  return out
}

/**
 * What kubeadm, the add-ons and the ClusterSpec leave in a node's image store. The cluster has
 * been up a while, so add-on images are already pulled wherever their pods may run.
 */
function nodeImages(cluster: ClusterSpec, node: NodeSpec, addons: string[]): ImageRecord[] {
  const names = [PAUSE_IMAGE, ...addons]
  if (node.role === 'control-plane') names.push(...controlPlaneImages(cluster))
  names.push(...(node.images ?? []))
  return [...new Set(names)].map((name) => ({ name, sizeBytes: imageSize(name) }))
}

function priorityClasses(): KObject[] {
  const pc = (name: string, value: number, description: string): KObject => ({
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name },
    description,
    preemptionPolicy: 'PreemptLowerPriority',
    value,
  })
  return [
    pc(
      'system-cluster-critical',
      2000000000,
      'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
    ),
    pc(
      'system-node-critical',
      2000001000,
      'Used for system critical pods that must not be moved from their current node.',
    ),
  ]
}

/** The `kubernetes` Service in default, with the Endpoints and EndpointSlice the API server keeps. */
function kubernetesService(cluster: ClusterSpec): { resource: string; obj: KObject }[] {
  const ip = nthAddress(cluster.serviceCIDR, 1)
  const cp = cluster.nodes.find((n) => n.role === 'control-plane') ?? cluster.nodes[0]
  const host = cp?.ip ?? apiServerEndpoint(cluster.server).host
  const port = apiServerEndpoint(cluster.server).port
  const meta = (labels: Record<string, string>): KObject['metadata'] => ({
    labels,
    name: 'kubernetes',
    namespace: 'default',
  })
  return [
    {
      resource: 'services',
      obj: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: meta({ component: 'apiserver', provider: 'kubernetes' }),
        spec: {
          clusterIP: ip,
          clusterIPs: [ip],
          internalTrafficPolicy: 'Cluster',
          ipFamilies: ['IPv4'],
          ipFamilyPolicy: 'SingleStack',
          ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }],
          sessionAffinity: 'None',
          type: 'ClusterIP',
        },
      },
    },
    {
      resource: 'endpoints',
      obj: {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: meta({ 'endpointslice.kubernetes.io/skip-mirror': 'true' }),
        subsets: [{ addresses: [{ ip: host }], ports: [{ name: 'https', port, protocol: 'TCP' }] }],
      },
    },
    {
      resource: 'endpointslices.discovery.k8s.io',
      obj: {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: meta({ 'kubernetes.io/service-name': 'kubernetes' }),
        addressType: 'IPv4',
        endpoints: [{ addresses: [host], conditions: { ready: true } }],
        ports: [{ name: 'https', port, protocol: 'TCP' }],
      },
    },
  ]
}

function serviceAccount(ns: string, name: string): KObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } }
}

const RESOURCE_OF: Record<string, string> = {
  Deployment: 'deployments.apps',
  DaemonSet: 'daemonsets.apps',
  Service: 'services',
  ServiceAccount: 'serviceaccounts',
  ConfigMap: 'configmaps',
  Pod: 'pods',
  StorageClass: 'storageclasses.storage.k8s.io',
}

/**
 * Creates what a fresh cluster of the given shape has before the learner types anything: the
 * kubeadm objects (namespaces, nodes, control-plane mirror pods, ConfigMaps, the `kubernetes`
 * Service), the add-ons (CoreDNS, kube-proxy, the CNI, the default StorageClass) and the system
 * PriorityClasses. Controllers then fill in the rest (default ServiceAccounts, kube-root-ca.crt,
 * the add-ons' pods).
 */
export function bootstrapCluster(sim: Sim): void {
  const { api, cluster, rng, clock } = sim
  const create = (resource: string, obj: KObject): KObject =>
    api.create(resource, obj, { internal: true }).object
  const storage = storageObjects(cluster)
  for (const name of [...SYSTEM_NAMESPACES, ...storage.namespaces])
    create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
  for (const pc of priorityClasses()) create('priorityclasses.scheduling.k8s.io', pc)
  const ca = clusterCA(sim)
  const now = clock.iso()
  const addons = [
    ...coreDns(cluster),
    kubeProxy(cluster),
    ...cniObjects(cluster),
    ...storage.objects,
  ]
  const addonImages = imagesOf(addons)
  for (const spec of cluster.nodes) {
    const images = nodeImages(cluster, spec, addonImages)
    const node = create('nodes', nodeObject(spec, cluster, rng, now, images))
    create('leases.coordination.k8s.io', nodeLease(node, clock.isoMicro()))
    kubeletStartEvents(sim.recorder, node)
    nodeRegisteredEvents(sim.recorder, node)
    if (spec.role === 'control-plane')
      for (const pod of controlPlanePods(cluster, spec, node, rng, clock)) create('pods', pod)
  }
  for (const name of [...KUBE_SYSTEM_ACCOUNTS, ...cniServiceAccounts(cluster)].sort())
    create('serviceaccounts', serviceAccount('kube-system', name))
  for (const cm of kubeadmConfigMaps(cluster, ca, rng, now)) create('configmaps', cm)
  for (const { resource, obj } of kubernetesService(cluster)) create(resource, obj)
  for (const obj of addons) create(RESOURCE_OF[obj.kind], obj)
}

import type { KObject } from '../api/types.ts'
import type { Rng } from '../runtime/rng.ts'
import type { EventRecorder } from '../runtime/recorder.ts'
import { formatQuantity, quantityValue } from '../registry/quantity.ts'
import type { ClusterSpec, NodeSpec } from './spec.ts'

export const CONTAINERD_VERSION = 'containerd://1.7.24'
export const OS_IMAGE = 'Ubuntu 22.04.5 LTS'
export const KERNEL_VERSION = '5.15.0-130-generic'
export const CRI_SOCKET = 'unix:///var/run/containerd/containerd.sock'
/** Disk of every simulated node: 60 GiB-ish, as a kubeadm VM has. */
const DISK_KI = 61202244
/** kubelet's default hard eviction threshold memory.available<100Mi is held back from allocatable. */
const EVICTION_MEMORY = 100 * 1024 * 1024

type Condition = Record<string, string>

const HEALTHY: [string, string, string, string][] = [
  [
    'MemoryPressure',
    'False',
    'KubeletHasSufficientMemory',
    'kubelet has sufficient memory available',
  ],
  ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
  ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
]

/** The four conditions a healthy kubelet posts, keeping transition times that did not change. */
export function healthyConditions(prev: Condition[] | undefined, now: string): Condition[] {
  return HEALTHY.map(([type, status, reason, message]) => {
    const old = prev?.find((c) => c.type === type)
    return {
      lastHeartbeatTime: now,
      lastTransitionTime: old && old.status === status ? old.lastTransitionTime : now,
      message,
      reason,
      status,
      type,
    }
  })
}

/**
 * What the node lifecycle controller writes when the kubelet stops posting: every condition
 * becomes Unknown with reason NodeStatusUnknown; heartbeat times stay as the kubelet left them.
 */
export function unknownConditions(prev: Condition[], now: string): Condition[] {
  return HEALTHY.map(([type]) => {
    const old = prev.find((c) => c.type === type)
    if (old?.status === 'Unknown') return old
    return {
      lastHeartbeatTime: old?.lastHeartbeatTime ?? now,
      lastTransitionTime: now,
      message: 'Kubelet stopped posting node status.',
      reason: 'NodeStatusUnknown',
      status: 'Unknown',
      type,
    }
  })
}

export function isNodeReady(node: KObject): boolean {
  const c = (node.status?.conditions ?? []).find((x: Condition) => x.type === 'Ready')
  return c?.status === 'True'
}

export interface ImageRecord {
  name: string
  sizeBytes: number
}

export function imageEntry(img: ImageRecord, rng: Rng): { names: string[]; sizeBytes: number } {
  const repo = img.name.replace(/:[^/:]+$/, '')
  return { names: [`${repo}@sha256:${rng.hex(64)}`, img.name], sizeBytes: img.sizeBytes }
}

function resourceList(spec: NodeSpec, allocatable: boolean): Record<string, string> {
  const memory = quantityValue(spec.memory)
  const disk = DISK_KI * 1024
  return {
    cpu: spec.cpu,
    'ephemeral-storage': allocatable ? String(Math.floor(disk * 0.9)) : `${DISK_KI}Ki`,
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: allocatable
      ? formatQuantity(Math.max(0, memory - EVICTION_MEMORY), 'BinarySI')
      : spec.memory,
    pods: String(spec.pods ?? 110),
  }
}

export function nodeLabels(spec: NodeSpec): Record<string, string> {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': spec.name,
    'kubernetes.io/os': 'linux',
  }
  if (spec.role === 'control-plane') {
    labels['node-role.kubernetes.io/control-plane'] = ''
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = ''
  }
  return { ...labels, ...(spec.labels ?? {}) }
}

/** A Node as a freshly joined kubeadm v1.32 kubelet registers it and then reports its status. */
export function nodeObject(
  spec: NodeSpec,
  cluster: ClusterSpec,
  rng: Rng,
  now: string,
  images: ImageRecord[],
): KObject {
  const annotations: Record<string, string> = {
    'kubeadm.alpha.kubernetes.io/cri-socket': CRI_SOCKET,
    'node.alpha.kubernetes.io/ttl': '0',
    'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
  }
  const nodeSpec: Record<string, unknown> = { podCIDR: spec.podCIDR, podCIDRs: [spec.podCIDR] }
  if (spec.taints?.length) nodeSpec.taints = spec.taints.map((t) => ({ ...t }))
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { annotations, labels: nodeLabels(spec), name: spec.name },
    spec: nodeSpec,
    status: {
      addresses: [
        { address: spec.ip, type: 'InternalIP' },
        { address: spec.name, type: 'Hostname' },
      ],
      allocatable: resourceList(spec, true),
      capacity: resourceList(spec, false),
      conditions: healthyConditions(undefined, now),
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      features: { supplementalGroupsPolicy: true },
      // The kubelet reports images largest first.
      images: [...images].sort((a, b) => b.sizeBytes - a.sizeBytes).map((i) => imageEntry(i, rng)),
      nodeInfo: {
        architecture: 'amd64',
        bootID: rng.uuid(),
        containerRuntimeVersion: CONTAINERD_VERSION,
        kernelVersion: KERNEL_VERSION,
        kubeProxyVersion: cluster.version,
        kubeletVersion: cluster.version,
        machineID: rng.hex(32),
        operatingSystem: 'linux',
        osImage: OS_IMAGE,
        systemUUID: rng.uuid(),
      },
      runtimeHandlers: [
        { features: { recursiveReadOnlyMounts: true, userNamespaces: false }, name: 'runc' },
        { features: { recursiveReadOnlyMounts: true, userNamespaces: false }, name: '' },
      ],
    },
  }
}

/** The events a kubelet records about its node when it starts and registers. */
export function kubeletStartEvents(recorder: EventRecorder, node: KObject): void {
  const name = node.metadata.name!
  const source = { source: { component: 'kubelet', host: name } }
  recorder.normal(node, 'Starting', 'Starting kubelet.', source)
  for (const reason of ['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID'])
    recorder.normal(node, reason, `Node ${name} status is now: ${reason}`, source)
  recorder.normal(
    node,
    'NodeAllocatableEnforced',
    'Updated Node Allocatable limit across pods',
    source,
  )
  recorder.normal(node, 'NodeReady', `Node ${name} status is now: NodeReady`, source)
}

/** What kube-proxy and the node controller record once a new node is up. */
export function nodeRegisteredEvents(recorder: EventRecorder, node: KObject): void {
  const name = node.metadata.name!
  recorder.normal(node, 'Starting', '', { source: { component: 'kube-proxy', host: name } })
  recorder.normal(
    node,
    'RegisteredNode',
    `Node ${name} event: Registered Node ${name} in Controller`,
    {
      source: { component: 'node-controller' },
    },
  )
}

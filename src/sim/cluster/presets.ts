import { defaultCluster, KUBE_VERSION, type ClusterSpec, type NodeSpec } from './spec.ts'
import { intToIp, ipToInt } from './network.ts'

/** kubeadm default: a tainted control-plane node and two workers. */
export function kubeadmCluster(): ClusterSpec {
  return defaultCluster()
}

/** `minikube start` with the docker driver: one untainted node named minikube. */
export function minikubeCluster(): ClusterSpec {
  return {
    name: 'minikube',
    user: 'minikube',
    flavor: 'minikube',
    version: KUBE_VERSION,
    serviceCIDR: '10.96.0.0/12',
    podCIDR: '10.244.0.0/16',
    domain: 'cluster.local',
    server: 'https://192.168.49.2:8443',
    nodes: [
      {
        name: 'minikube',
        role: 'control-plane',
        ip: '192.168.49.2',
        podCIDR: '10.244.0.0/24',
        cpu: '2',
        memory: '3912612Ki',
        labels: {
          'minikube.k8s.io/commit': 'dd5d320e41b5451cdf3c01891bc4e13d189586ed-dirty',
          'minikube.k8s.io/name': 'minikube',
          'minikube.k8s.io/primary': 'true',
          'minikube.k8s.io/updated_at': '2025_01_06T09_00_00_0700',
          'minikube.k8s.io/version': 'v1.35.0',
        },
      },
    ],
    storageClass: { name: 'standard', provisioner: 'k8s.io/minikube-hostpath' },
  }
}

/**
 * The two-node kubeadm cluster of tutorial 001: k8s-master (10.0.2.2) and k8s-node1 (10.0.2.3),
 * service CIDR 20.1.0.0/16, pod CIDR 20.2.0.0/16, no StorageClass.
 */
export function tutorial001Cluster(): ClusterSpec {
  return {
    name: 'kubernetes',
    user: 'kubernetes-admin',
    flavor: 'kubeadm',
    version: KUBE_VERSION,
    serviceCIDR: '20.1.0.0/16',
    podCIDR: '20.2.0.0/16',
    domain: 'cluster.local',
    server: 'https://10.0.2.2:6443',
    nodes: [
      {
        name: 'k8s-master',
        role: 'control-plane',
        ip: '10.0.2.2',
        podCIDR: '20.2.0.0/24',
        cpu: '2',
        memory: '1863004Ki',
        taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
      },
      {
        name: 'k8s-node1',
        role: 'worker',
        ip: '10.0.2.3',
        podCIDR: '20.2.1.0/24',
        cpu: '2',
        memory: '1863004Ki',
      },
    ],
  }
}

/** A benchmark cluster: one control-plane node and `workers` workers of 8 cpu / 32 GiB each. */
export function largeCluster(workers: number): ClusterSpec {
  const base = defaultCluster()
  const nodeIp = ipToInt('172.16.0.10')
  const podBase = ipToInt('10.64.0.0')
  const node = (i: number, name: string, role: NodeSpec['role']): NodeSpec => ({
    name,
    role,
    ip: intToIp(nodeIp + i),
    podCIDR: `${intToIp(podBase + i * 256)}/24`,
    cpu: '8',
    memory: '32874468Ki',
    ...(role === 'control-plane'
      ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }
      : {}),
  })
  const nodes = [node(0, 'control-plane', 'control-plane')]
  const width = String(workers).length
  for (let i = 1; i <= workers; i++)
    nodes.push(node(i, `worker-${String(i).padStart(width, '0')}`, 'worker'))
  return {
    ...base,
    podCIDR: '10.64.0.0/10',
    server: `https://${nodes[0].ip}:6443`,
    nodes,
  }
}

export type PresetName = 'kubeadm' | 'minikube' | 'tutorial-001' | 'large'

/** Named cluster shapes; `large` takes the worker count (default 1000). */
export function presetCluster(name: PresetName, workers = 1000): ClusterSpec {
  switch (name) {
    case 'kubeadm':
      return kubeadmCluster()
    case 'minikube':
      return minikubeCluster()
    case 'tutorial-001':
      return tutorial001Cluster()
    case 'large':
      return largeCluster(workers)
  }
}

export const PRESET_NAMES: readonly PresetName[] = ['kubeadm', 'minikube', 'tutorial-001', 'large']

/** The shape of a simulated cluster: what a scenario may change. */
export interface NodeSpec {
  name: string
  role: 'control-plane' | 'worker'
  /** InternalIP of the node. */
  ip: string
  /** CIDR the node's pods get IPs from. */
  podCIDR: string
  cpu: string
  memory: string
  pods?: number
  labels?: Record<string, string>
  taints?: { key: string; value?: string; effect: string }[]
  /** Images already present on the node (no pull needed). */
  images?: string[]
}

export interface ClusterSpec {
  /** kubeconfig cluster/context name, e.g. `kubernetes` for kubeadm, `minikube`. */
  name: string
  /** kubeconfig user name, e.g. `kubernetes-admin`. */
  user: string
  flavor: 'kubeadm' | 'minikube' | 'kind'
  version: string
  serviceCIDR: string
  podCIDR: string
  /** Cluster domain for DNS. */
  domain: string
  /** API server address as printed by cluster-info and kubeconfig. */
  server: string
  nodes: NodeSpec[]
  /** A default StorageClass with a dynamic provisioner. */
  storageClass?: { name: string; provisioner: string }
  /**
   * Whether metrics-server is installed (kubectl top, HPA). A fresh kubeadm cluster has none, so
   * `kubectl top` answers `error: Metrics API not available` until a scenario turns it on.
   */
  metricsServer?: boolean
}

export const KUBE_VERSION = 'v1.32.4'

/** A fresh kubeadm v1.32 install: one tainted control-plane node and two workers. */
export function defaultCluster(): ClusterSpec {
  return {
    name: 'kubernetes',
    user: 'kubernetes-admin',
    flavor: 'kubeadm',
    version: KUBE_VERSION,
    serviceCIDR: '10.96.0.0/12',
    podCIDR: '10.244.0.0/16',
    domain: 'cluster.local',
    server: 'https://192.168.49.2:6443',
    nodes: [
      {
        name: 'control-plane',
        role: 'control-plane',
        ip: '192.168.49.2',
        podCIDR: '10.244.0.0/24',
        cpu: '2',
        memory: '4015436Ki',
        taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
      },
      {
        name: 'worker-1',
        role: 'worker',
        ip: '192.168.49.3',
        podCIDR: '10.244.1.0/24',
        cpu: '2',
        memory: '4015436Ki',
      },
      {
        name: 'worker-2',
        role: 'worker',
        ip: '192.168.49.4',
        podCIDR: '10.244.2.0/24',
        cpu: '2',
        memory: '4015436Ki',
      },
    ],
    storageClass: { name: 'standard', provisioner: 'rancher.io/local-path' },
  }
}

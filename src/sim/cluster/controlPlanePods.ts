import type { KObject } from '../api/types.ts'
import type { Rng } from '../runtime/rng.ts'
import type { VirtualClock } from '../runtime/clock.ts'
import { apiServerEndpoint } from './network.ts'
import type { ClusterSpec, NodeSpec } from './spec.ts'

export const ETCD_IMAGE = 'registry.k8s.io/etcd:3.5.16-0'

type Probe = Record<string, unknown>

function probe(
  host: string,
  path: string,
  port: number,
  scheme: 'HTTP' | 'HTTPS',
  kind: 'liveness' | 'readiness' | 'startup',
): Probe {
  const base = { httpGet: { host, path, port, scheme }, timeoutSeconds: 15 }
  if (kind === 'readiness') return { failureThreshold: 3, ...base, periodSeconds: 1 }
  return {
    failureThreshold: kind === 'liveness' ? 8 : 24,
    ...base,
    initialDelaySeconds: 10,
    periodSeconds: 10,
  }
}

function hostPath(name: string, path: string, type?: string): Record<string, unknown> {
  return { hostPath: type ? { path, type } : { path }, name }
}

const CA_VOLUMES = [
  hostPath('ca-certs', '/etc/ssl/certs', 'DirectoryOrCreate'),
  hostPath('etc-ca-certificates', '/etc/ca-certificates', 'DirectoryOrCreate'),
  hostPath('k8s-certs', '/etc/kubernetes/pki', 'DirectoryOrCreate'),
  hostPath(
    'usr-local-share-ca-certificates',
    '/usr/local/share/ca-certificates',
    'DirectoryOrCreate',
  ),
  hostPath('usr-share-ca-certificates', '/usr/share/ca-certificates', 'DirectoryOrCreate'),
]

function caMounts(): Record<string, unknown>[] {
  return CA_VOLUMES.map((v) => ({
    mountPath: (v.hostPath as { path: string }).path,
    name: v.name,
    readOnly: true,
  }))
}

interface StaticPod {
  component: string
  image: string
  command: string[]
  cpu: string
  memory?: string
  probes: Partial<Record<'livenessProbe' | 'readinessProbe' | 'startupProbe', Probe>>
  mounts: Record<string, unknown>[]
  volumes: Record<string, unknown>[]
  annotations: Record<string, string>
}

function manifests(cluster: ClusterSpec, node: NodeSpec): StaticPod[] {
  const ip = node.ip
  const { port } = apiServerEndpoint(cluster.server)
  const version = cluster.version
  return [
    {
      component: 'etcd',
      image: ETCD_IMAGE,
      command: [
        'etcd',
        `--advertise-client-urls=https://${ip}:2379`,
        '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
        '--client-cert-auth=true',
        '--data-dir=/var/lib/etcd',
        '--experimental-initial-corrupt-check=true',
        '--experimental-watch-progress-notify-interval=5s',
        `--initial-advertise-peer-urls=https://${ip}:2380`,
        `--initial-cluster=${node.name}=https://${ip}:2380`,
        '--key-file=/etc/kubernetes/pki/etcd/server.key',
        `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
        '--listen-metrics-urls=http://127.0.0.1:2381',
        `--listen-peer-urls=https://${ip}:2380`,
        `--name=${node.name}`,
        '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
        '--peer-client-cert-auth=true',
        '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
        '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
        '--snapshot-count=10000',
        '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
      ],
      cpu: '100m',
      memory: '100Mi',
      probes: {
        livenessProbe: probe('127.0.0.1', '/livez', 2381, 'HTTP', 'liveness'),
        readinessProbe: probe('127.0.0.1', '/readyz', 2381, 'HTTP', 'readiness'),
        startupProbe: probe('127.0.0.1', '/readyz', 2381, 'HTTP', 'startup'),
      },
      mounts: [
        { mountPath: '/var/lib/etcd', name: 'etcd-data' },
        { mountPath: '/etc/kubernetes/pki/etcd', name: 'etcd-certs' },
      ],
      volumes: [
        hostPath('etcd-certs', '/etc/kubernetes/pki/etcd', 'DirectoryOrCreate'),
        hostPath('etcd-data', '/var/lib/etcd', 'DirectoryOrCreate'),
      ],
      annotations: { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` },
    },
    {
      component: 'kube-apiserver',
      image: `registry.k8s.io/kube-apiserver:${version}`,
      command: [
        'kube-apiserver',
        `--advertise-address=${ip}`,
        '--allow-privileged=true',
        '--authorization-mode=Node,RBAC',
        '--client-ca-file=/etc/kubernetes/pki/ca.crt',
        '--enable-admission-plugins=NodeRestriction',
        '--enable-bootstrap-token-auth=true',
        '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
        '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
        '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
        '--etcd-servers=https://127.0.0.1:2379',
        '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt',
        '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
        '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
        '--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt',
        '--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key',
        '--requestheader-allowed-names=front-proxy-client',
        '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
        '--requestheader-extra-headers-prefix=X-Remote-Extra-',
        '--requestheader-group-headers=X-Remote-Group',
        '--requestheader-username-headers=X-Remote-User',
        `--secure-port=${port}`,
        `--service-account-issuer=https://kubernetes.default.svc.${cluster.domain}`,
        '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
        '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key',
        `--service-cluster-ip-range=${cluster.serviceCIDR}`,
        '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
        '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
      ],
      cpu: '250m',
      probes: {
        livenessProbe: probe(ip, '/livez', port, 'HTTPS', 'liveness'),
        readinessProbe: probe(ip, '/readyz', port, 'HTTPS', 'readiness'),
        startupProbe: probe(ip, '/livez', port, 'HTTPS', 'startup'),
      },
      mounts: caMounts(),
      volumes: CA_VOLUMES,
      annotations: {
        'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:${port}`,
      },
    },
    {
      component: 'kube-controller-manager',
      image: `registry.k8s.io/kube-controller-manager:${version}`,
      command: [
        'kube-controller-manager',
        '--allocate-node-cidrs=true',
        '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--bind-address=127.0.0.1',
        '--client-ca-file=/etc/kubernetes/pki/ca.crt',
        `--cluster-cidr=${cluster.podCIDR}`,
        `--cluster-name=${cluster.name}`,
        '--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt',
        '--cluster-signing-key-file=/etc/kubernetes/pki/ca.key',
        '--controllers=*,bootstrapsigner,tokencleaner',
        '--kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--leader-elect=true',
        '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
        '--root-ca-file=/etc/kubernetes/pki/ca.crt',
        '--service-account-private-key-file=/etc/kubernetes/pki/sa.key',
        `--service-cluster-ip-range=${cluster.serviceCIDR}`,
        '--use-service-account-credentials=true',
      ],
      cpu: '200m',
      probes: {
        livenessProbe: probe('127.0.0.1', '/healthz', 10257, 'HTTPS', 'liveness'),
        startupProbe: probe('127.0.0.1', '/healthz', 10257, 'HTTPS', 'startup'),
      },
      mounts: [
        ...caMounts(),
        {
          mountPath: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec',
          name: 'flexvolume-dir',
        },
        {
          mountPath: '/etc/kubernetes/controller-manager.conf',
          name: 'kubeconfig',
          readOnly: true,
        },
      ],
      volumes: [
        ...CA_VOLUMES,
        hostPath(
          'flexvolume-dir',
          '/usr/libexec/kubernetes/kubelet-plugins/volume/exec',
          'DirectoryOrCreate',
        ),
        hostPath('kubeconfig', '/etc/kubernetes/controller-manager.conf', 'FileOrCreate'),
      ],
      annotations: {},
    },
    {
      component: 'kube-scheduler',
      image: `registry.k8s.io/kube-scheduler:${version}`,
      command: [
        'kube-scheduler',
        '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf',
        '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf',
        '--bind-address=127.0.0.1',
        '--kubeconfig=/etc/kubernetes/scheduler.conf',
        '--leader-elect=true',
      ],
      cpu: '100m',
      probes: {
        livenessProbe: probe('127.0.0.1', '/livez', 10259, 'HTTPS', 'liveness'),
        readinessProbe: probe('127.0.0.1', '/readyz', 10259, 'HTTPS', 'readiness'),
        startupProbe: probe('127.0.0.1', '/livez', 10259, 'HTTPS', 'startup'),
      },
      mounts: [{ mountPath: '/etc/kubernetes/scheduler.conf', name: 'kubeconfig', readOnly: true }],
      volumes: [hostPath('kubeconfig', '/etc/kubernetes/scheduler.conf', 'FileOrCreate')],
      annotations: {},
    },
  ]
}

export function controlPlaneImages(cluster: ClusterSpec): string[] {
  return [
    ETCD_IMAGE,
    `registry.k8s.io/kube-apiserver:${cluster.version}`,
    `registry.k8s.io/kube-controller-manager:${cluster.version}`,
    `registry.k8s.io/kube-scheduler:${cluster.version}`,
  ]
}

/**
 * The mirror pods the kubelet of a control-plane node creates for kubeadm's static pod manifests
 * in /etc/kubernetes/manifests: owned by the Node, marked with the config.mirror annotation.
 */
export function controlPlanePods(
  cluster: ClusterSpec,
  node: NodeSpec,
  nodeObj: KObject,
  rng: Rng,
  clock: VirtualClock,
): KObject[] {
  return manifests(cluster, node).map((m) => {
    const hash = rng.hex(32)
    const nanos = String(rng.int(1_000_000_000)).padStart(9, '0')
    const seen = clock.iso().replace('Z', `.${nanos}Z`)
    const requests: Record<string, string> = { cpu: m.cpu }
    if (m.memory) requests.memory = m.memory
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        annotations: {
          ...m.annotations,
          'kubernetes.io/config.hash': hash,
          'kubernetes.io/config.mirror': hash,
          'kubernetes.io/config.seen': seen,
          'kubernetes.io/config.source': 'file',
        },
        labels: { component: m.component, tier: 'control-plane' },
        name: `${m.component}-${node.name}`,
        namespace: 'kube-system',
        ownerReferences: [
          {
            apiVersion: 'v1',
            controller: true,
            kind: 'Node',
            name: node.name,
            uid: nodeObj.metadata.uid!,
          },
        ],
      },
      spec: {
        containers: [
          {
            command: m.command,
            image: m.image,
            imagePullPolicy: 'IfNotPresent',
            ...m.probes,
            name: m.component,
            resources: { requests },
            volumeMounts: m.mounts,
          },
        ],
        hostNetwork: true,
        nodeName: node.name,
        priority: 2000001000,
        priorityClassName: 'system-node-critical',
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
        volumes: m.volumes,
      },
    }
  })
}

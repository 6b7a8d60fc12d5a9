import type { KObject } from '../api/types.ts'
import { nthAddress } from './network.ts'
import type { ClusterSpec } from './spec.ts'

export const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.11.3'
export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10'
const CALICO_VERSION = 'v3.29.1'
const KINDNET_IMAGE = 'docker.io/kindest/kindnetd:v20241212-9f82dd49'
export const MINIKUBE_PROVISIONER_IMAGE = 'gcr.io/k8s-minikube/storage-provisioner:v5'
export const LOCAL_PATH_IMAGE = 'docker.io/rancher/local-path-provisioner:v0.0.30'

export type Cni = 'calico' | 'kindnet' | 'none'

/**
 * The pod network add-on: kubeadm clusters here run Calico (it follows whatever pod CIDR was
 * given to kubeadm, as the tutorials' clusters do), kind runs kindnet, and single-node minikube
 * needs none.
 */
export function cniFor(cluster: ClusterSpec): Cni {
  if (cluster.flavor === 'kind') return 'kindnet'
  if (cluster.flavor === 'minikube') return 'none'
  return 'calico'
}

export function kubeProxyImage(cluster: ClusterSpec): string {
  return `registry.k8s.io/kube-proxy:${cluster.version}`
}

export const ss = (o: Record<string, unknown>): KObject => o as unknown as KObject

export function deployment(
  ns: string,
  name: string,
  labels: Record<string, string>,
  replicas: number,
  podSpec: Record<string, unknown>,
  strategy: Record<string, unknown>,
): KObject {
  return ss({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { labels, name, namespace: ns },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      strategy,
      template: { metadata: { labels }, spec: podSpec },
    },
  })
}

function daemonSet(
  ns: string,
  name: string,
  labels: Record<string, string>,
  podSpec: Record<string, unknown>,
): KObject {
  return ss({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { labels, name, namespace: ns },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: podSpec },
      updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' },
    },
  })
}

export const CONTROL_PLANE_TOLERATION = {
  effect: 'NoSchedule',
  key: 'node-role.kubernetes.io/control-plane',
}

/** kubeadm's CoreDNS Deployment and kube-dns Service (10th address of the service CIDR). */
export function coreDns(cluster: ClusterSpec): KObject[] {
  const labels = { 'k8s-app': 'kube-dns' }
  const dep = deployment(
    'kube-system',
    'coredns',
    labels,
    2,
    {
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              podAffinityTerm: {
                labelSelector: {
                  matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }],
                },
                topologyKey: 'kubernetes.io/hostname',
              },
              weight: 100,
            },
          ],
        },
      },
      containers: [
        {
          args: ['-conf', '/etc/coredns/Corefile'],
          image: COREDNS_IMAGE,
          imagePullPolicy: 'IfNotPresent',
          livenessProbe: {
            failureThreshold: 5,
            httpGet: { path: '/health', port: 8080, scheme: 'HTTP' },
            initialDelaySeconds: 60,
            periodSeconds: 10,
            successThreshold: 1,
            timeoutSeconds: 5,
          },
          name: 'coredns',
          ports: [
            { containerPort: 53, name: 'dns', protocol: 'UDP' },
            { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
            { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
          ],
          readinessProbe: {
            failureThreshold: 3,
            httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' },
            periodSeconds: 10,
            successThreshold: 1,
            timeoutSeconds: 1,
          },
          resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
            readOnlyRootFilesystem: true,
          },
          volumeMounts: [{ mountPath: '/etc/coredns', name: 'config-volume', readOnly: true }],
        },
      ],
      dnsPolicy: 'Default',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      priorityClassName: 'system-cluster-critical',
      serviceAccountName: 'coredns',
      tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, CONTROL_PLANE_TOLERATION],
      volumes: [
        {
          configMap: { items: [{ key: 'Corefile', path: 'Corefile' }], name: 'coredns' },
          name: 'config-volume',
        },
      ],
    },
    { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 }, type: 'RollingUpdate' },
  )
  const ip = nthAddress(cluster.serviceCIDR, 10)
  const svc = ss({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
      labels: {
        'k8s-app': 'kube-dns',
        'kubernetes.io/cluster-service': 'true',
        'kubernetes.io/name': 'CoreDNS',
      },
      name: 'kube-dns',
      namespace: 'kube-system',
    },
    spec: {
      clusterIP: ip,
      clusterIPs: [ip],
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
      selector: { 'k8s-app': 'kube-dns' },
      type: 'ClusterIP',
    },
  })
  return [dep, svc]
}

/** kubeadm's kube-proxy DaemonSet: one per node, tolerating every taint. */
export function kubeProxy(cluster: ClusterSpec): KObject {
  return daemonSet(
    'kube-system',
    'kube-proxy',
    { 'k8s-app': 'kube-proxy' },
    {
      containers: [
        {
          command: [
            '/usr/local/bin/kube-proxy',
            '--config=/var/lib/kube-proxy/config.conf',
            '--hostname-override=$(NODE_NAME)',
          ],
          env: [
            {
              name: 'NODE_NAME',
              valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } },
            },
          ],
          image: kubeProxyImage(cluster),
          imagePullPolicy: 'IfNotPresent',
          name: 'kube-proxy',
          securityContext: { privileged: true },
          volumeMounts: [
            { mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' },
            { mountPath: '/run/xtables.lock', name: 'xtables-lock' },
            { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
          ],
        },
      ],
      hostNetwork: true,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      priorityClassName: 'system-node-critical',
      serviceAccountName: 'kube-proxy',
      tolerations: [{ operator: 'Exists' }],
      volumes: [
        { configMap: { defaultMode: 420, name: 'kube-proxy' }, name: 'kube-proxy' },
        { hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' }, name: 'xtables-lock' },
        { hostPath: { path: '/lib/modules', type: '' }, name: 'lib-modules' },
      ],
    },
  )
}

function calico(cluster: ClusterSpec): KObject[] {
  const node = daemonSet(
    'kube-system',
    'calico-node',
    { 'k8s-app': 'calico-node' },
    {
      containers: [
        {
          env: [
            { name: 'DATASTORE_TYPE', value: 'kubernetes' },
            { name: 'WAIT_FOR_DATASTORE', value: 'true' },
            {
              name: 'NODENAME',
              valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } },
            },
            { name: 'CALICO_NETWORKING_BACKEND', value: 'bird' },
            { name: 'CLUSTER_TYPE', value: 'k8s,bgp' },
            { name: 'IP', value: 'autodetect' },
            { name: 'CALICO_IPV4POOL_IPIP', value: 'Always' },
            { name: 'CALICO_IPV4POOL_CIDR', value: cluster.podCIDR },
            { name: 'FELIX_IPV6SUPPORT', value: 'false' },
          ],
          image: `docker.io/calico/node:${CALICO_VERSION}`,
          imagePullPolicy: 'IfNotPresent',
          name: 'calico-node',
          resources: { requests: { cpu: '250m' } },
          securityContext: { privileged: true },
        },
      ],
      hostNetwork: true,
      initContainers: [
        {
          command: ['/opt/cni/bin/install'],
          image: `docker.io/calico/cni:${CALICO_VERSION}`,
          imagePullPolicy: 'IfNotPresent',
          name: 'install-cni',
          securityContext: { privileged: true },
        },
      ],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      priorityClassName: 'system-node-critical',
      serviceAccountName: 'calico-node',
      terminationGracePeriodSeconds: 0,
      tolerations: [
        { effect: 'NoSchedule', operator: 'Exists' },
        { key: 'CriticalAddonsOnly', operator: 'Exists' },
        { effect: 'NoExecute', operator: 'Exists' },
      ],
    },
  )
  const controllers = deployment(
    'kube-system',
    'calico-kube-controllers',
    { 'k8s-app': 'calico-kube-controllers' },
    1,
    {
      containers: [
        {
          env: [
            { name: 'ENABLED_CONTROLLERS', value: 'node' },
            { name: 'DATASTORE_TYPE', value: 'kubernetes' },
          ],
          image: `docker.io/calico/kube-controllers:${CALICO_VERSION}`,
          imagePullPolicy: 'IfNotPresent',
          name: 'calico-kube-controllers',
        },
      ],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      priorityClassName: 'system-cluster-critical',
      serviceAccountName: 'calico-kube-controllers',
      tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, CONTROL_PLANE_TOLERATION],
    },
    { type: 'Recreate' },
  )
  return [node, controllers]
}

function kindnet(cluster: ClusterSpec): KObject[] {
  return [
    daemonSet(
      'kube-system',
      'kindnet',
      { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' },
      {
        containers: [
          {
            env: [
              {
                name: 'HOST_IP',
                valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.hostIP' } },
              },
              { name: 'POD_SUBNET', value: cluster.podCIDR },
            ],
            image: KINDNET_IMAGE,
            imagePullPolicy: 'IfNotPresent',
            name: 'kindnet-cni',
            resources: {
              limits: { cpu: '100m', memory: '50Mi' },
              requests: { cpu: '100m', memory: '50Mi' },
            },
          },
        ],
        hostNetwork: true,
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        serviceAccountName: 'kindnet',
        tolerations: [{ operator: 'Exists' }],
      },
    ),
  ]
}

export function cniObjects(cluster: ClusterSpec): KObject[] {
  switch (cniFor(cluster)) {
    case 'calico':
      return calico(cluster)
    case 'kindnet':
      return kindnet(cluster)
    case 'none':
      return []
  }
}

export function cniServiceAccounts(cluster: ClusterSpec): string[] {
  switch (cniFor(cluster)) {
    case 'calico':
      return ['calico-kube-controllers', 'calico-node']
    case 'kindnet':
      return ['kindnet']
    case 'none':
      return []
  }
}

/** Images pre-loaded on nodes (sizes as containerd reports them). */
export const SYSTEM_IMAGE_SIZES: Record<string, number> = {
  [PAUSE_IMAGE]: 320368,
  [COREDNS_IMAGE]: 18562039,
  [KINDNET_IMAGE]: 39008320,
  [MINIKUBE_PROVISIONER_IMAGE]: 9058936,
  [LOCAL_PATH_IMAGE]: 19649078,
  [`docker.io/calico/cni:${CALICO_VERSION}`]: 97612474,
  [`docker.io/calico/node:${CALICO_VERSION}`]: 142471588,
  [`docker.io/calico/kube-controllers:${CALICO_VERSION}`]: 35602150,
  'registry.k8s.io/etcd:3.5.16-0': 57680541,
}

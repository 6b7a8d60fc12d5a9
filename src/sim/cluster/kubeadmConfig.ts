import type { KObject } from '../api/types.ts'
import type { Rng } from '../runtime/rng.ts'
import { nthAddress } from './network.ts'
import type { ClusterSpec } from './spec.ts'

function cm(ns: string, name: string, data: Record<string, string>): KObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data }
}

function clusterConfiguration(c: ClusterSpec): string {
  return `apiServer: {}
apiVersion: kubeadm.k8s.io/v1beta4
caCertificateValidityPeriod: 87600h0m0s
certificateValidityPeriod: 8760h0m0s
certificatesDir: /etc/kubernetes/pki
clusterName: ${c.name}
controllerManager: {}
dns: {}
encryptionAlgorithm: RSA-2048
etcd:
  local:
    dataDir: /var/lib/etcd
imageRepository: registry.k8s.io
kind: ClusterConfiguration
kubernetesVersion: ${c.version}
networking:
  dnsDomain: ${c.domain}
  podSubnet: ${c.podCIDR}
  serviceSubnet: ${c.serviceCIDR}
proxy: {}
scheduler: {}
`
}

function kubeletConfiguration(c: ClusterSpec): string {
  return `apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
  webhook:
    cacheAuthorizedTTL: 0s
    cacheUnauthorizedTTL: 0s
cgroupDriver: systemd
clusterDNS:
- ${nthAddress(c.serviceCIDR, 10)}
clusterDomain: ${c.domain}
containerRuntimeEndpoint: ""
cpuManagerReconcilePeriod: 0s
crashLoopBackOff: {}
evictionPressureTransitionPeriod: 0s
fileCheckFrequency: 0s
healthzBindAddress: 127.0.0.1
healthzPort: 10248
httpCheckFrequency: 0s
imageMaximumGCAge: 0s
imageMinimumGCAge: 0s
kind: KubeletConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
memorySwap: {}
nodeStatusReportFrequency: 0s
nodeStatusUpdateFrequency: 0s
rotateCertificates: true
runtimeRequestTimeout: 0s
shutdownGracePeriod: 0s
shutdownGracePeriodCriticalPods: 0s
staticPodPath: /etc/kubernetes/manifests
streamingConnectionIdleTimeout: 0s
syncFrequency: 0s
volumeStatsAggPeriod: 0s
`
}

function kubeProxyConfig(c: ClusterSpec): string {
  return `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: ${c.podCIDR}
configSyncPeriod: 0s
conntrack:
  maxPerCore: null
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ""
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
metricsBindAddress: ""
mode: ""
nftables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForVersion: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: ""`
}

function proxyKubeconfig(c: ClusterSpec): string {
  return `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: ${c.server}
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token`
}

export function corefile(c: ClusterSpec): string {
  return `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes ${c.domain} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success ${c.domain}
       disable denial ${c.domain}
    }
    loop
    reload
    loadbalance
}
`
}

function base64(s: string): string {
  return btoa(s)
}

function pick(rng: Rng, alphabet: string, n: number): string {
  let out = ''
  for (let i = 0; i < n; i++) out += alphabet[rng.int(alphabet.length)]
  return out
}

function clusterInfoKubeconfig(c: ClusterSpec, ca: string): string {
  return `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${base64(ca)}
    server: ${c.server}
  name: ""
contexts: null
current-context: ""
kind: Config
preferences: {}
users: null
`
}

/** The ConfigMaps `kubeadm init` leaves in kube-system and kube-public. */
export function kubeadmConfigMaps(c: ClusterSpec, ca: string, rng: Rng, since: string): KObject[] {
  const tokenId = pick(rng, 'abcdefghijklmnopqrstuvwxyz0123456789', 6)
  const header = base64(`{"alg":"HS256","kid":"${tokenId}"}`)
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
  const jws = `${header}..${pick(rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 43)}`
  return [
    cm('kube-system', 'kubeadm-config', { ClusterConfiguration: clusterConfiguration(c) }),
    cm('kube-system', 'kubelet-config', { kubelet: kubeletConfiguration(c) }),
    cm('kube-system', 'kube-proxy', {
      'config.conf': kubeProxyConfig(c),
      'kubeconfig.conf': proxyKubeconfig(c),
    }),
    cm('kube-system', 'coredns', { Corefile: corefile(c) }),
    cm('kube-system', 'extension-apiserver-authentication', {
      'client-ca-file': ca,
      'requestheader-allowed-names': '["front-proxy-client"]',
      'requestheader-client-ca-file': ca,
      'requestheader-extra-headers-prefix': '["X-Remote-Extra-"]',
      'requestheader-group-headers': '["X-Remote-Group"]',
      'requestheader-username-headers': '["X-Remote-User"]',
    }),
    cm('kube-system', 'kube-apiserver-legacy-service-account-token-tracking', { since }),
    cm('kube-public', 'cluster-info', {
      [`jws-kubeconfig-${tokenId}`]: jws,
      kubeconfig: clusterInfoKubeconfig(c, ca),
    }),
  ]
}

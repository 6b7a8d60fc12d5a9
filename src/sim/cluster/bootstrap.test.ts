import { describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import { presetCluster } from './presets.ts'

function names(sim: Sim, resource: string, namespace?: string): string[] {
  return sim.api
    .list(resource, namespace ? { namespace } : {})
    .items.map(
      (o) =>
        (namespace || !o.metadata.namespace ? '' : o.metadata.namespace + '/') + o.metadata.name,
    )
}

function get(sim: Sim, resource: string, ns: string | undefined, name: string): KObject {
  return sim.api.get(resource, ns, name)
}

describe('bootstrap: kubeadm', () => {
  const sim = createSim({ seed: 5 })

  it('namespaces, nodes and priority classes', () => {
    expect(names(sim, 'namespaces')).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
      'local-path-storage',
    ])
    expect(names(sim, 'nodes')).toEqual(['control-plane', 'worker-1', 'worker-2'])
    expect(names(sim, 'priorityclasses.scheduling.k8s.io')).toEqual([
      'system-cluster-critical',
      'system-node-critical',
    ])
    expect(
      get(sim, 'priorityclasses.scheduling.k8s.io', undefined, 'system-node-critical').value,
    ).toBe(2000001000)
  })

  it('node objects look like a kubeadm v1.32 kubelet registered them', () => {
    const cp = get(sim, 'nodes', undefined, 'control-plane')
    expect(cp.metadata.labels).toEqual({
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'control-plane',
      'kubernetes.io/os': 'linux',
      'node-role.kubernetes.io/control-plane': '',
      'node.kubernetes.io/exclude-from-external-load-balancers': '',
    })
    expect(cp.metadata.annotations!['kubeadm.alpha.kubernetes.io/cri-socket']).toBe(
      'unix:///var/run/containerd/containerd.sock',
    )
    expect(cp.spec).toMatchObject({
      podCIDR: '10.244.0.0/24',
      podCIDRs: ['10.244.0.0/24'],
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
    })
    expect(cp.status.capacity).toMatchObject({ cpu: '2', memory: '4015436Ki', pods: '110' })
    expect(cp.status.allocatable.memory).toBe('3913036Ki')
    expect(cp.status.addresses).toEqual([
      { address: '192.168.49.2', type: 'InternalIP' },
      { address: 'control-plane', type: 'Hostname' },
    ])
    expect(cp.status.conditions.map((c: KObject) => `${c.type}=${c.status}:${c.reason}`)).toEqual([
      'MemoryPressure=False:KubeletHasSufficientMemory',
      'DiskPressure=False:KubeletHasNoDiskPressure',
      'PIDPressure=False:KubeletHasSufficientPID',
      'Ready=True:KubeletReady',
    ])
    expect(cp.status.nodeInfo).toMatchObject({
      kubeletVersion: 'v1.32.4',
      containerRuntimeVersion: 'containerd://1.7.24',
      architecture: 'amd64',
      operatingSystem: 'linux',
    })
    expect(get(sim, 'nodes', undefined, 'worker-1').spec.taints).toBeUndefined()
    expect(names(sim, 'leases.coordination.k8s.io', 'kube-node-lease')).toEqual([
      'control-plane',
      'worker-1',
      'worker-2',
    ])
  })

  it('control-plane mirror pods with their labels, priority and Node owner', () => {
    for (const c of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
      const p = get(sim, 'pods', 'kube-system', `${c}-control-plane`)
      expect(p.metadata.labels).toEqual({ component: c, tier: 'control-plane' })
      expect(p.metadata.annotations!['kubernetes.io/config.source']).toBe('file')
      expect(p.metadata.annotations!['kubernetes.io/config.mirror']).toMatch(/^[0-9a-f]{32}$/)
      expect(p.metadata.ownerReferences![0]).toMatchObject({ kind: 'Node', name: 'control-plane' })
      expect(p.spec).toMatchObject({
        nodeName: 'control-plane',
        priority: 2000001000,
        priorityClassName: 'system-node-critical',
        hostNetwork: true,
      })
    }
  })

  it('add-ons: CoreDNS, kube-dns, kube-proxy, Calico', () => {
    const coredns = get(sim, 'deployments.apps', 'kube-system', 'coredns')
    expect(coredns.spec.replicas).toBe(2)
    expect(coredns.spec.template.spec.containers[0].image).toBe(
      'registry.k8s.io/coredns/coredns:v1.11.3',
    )
    const dns = get(sim, 'services', 'kube-system', 'kube-dns')
    expect(dns.spec.clusterIP).toBe('10.96.0.10')
    expect(dns.spec.ports.map((p: KObject) => `${p.port}/${p.protocol}`)).toEqual([
      '53/UDP',
      '53/TCP',
      '9153/TCP',
    ])
    const proxy = get(sim, 'daemonsets.apps', 'kube-system', 'kube-proxy')
    expect(proxy.spec.template.spec.containers[0].image).toBe('registry.k8s.io/kube-proxy:v1.32.4')
    expect(names(sim, 'daemonsets.apps', 'kube-system')).toEqual(['calico-node', 'kube-proxy'])
    const corePods = sim.api
      .list('pods', { namespace: 'kube-system', labelSelector: 'k8s-app=kube-dns' })
      .items.map((p) => p.spec.nodeName)
    expect(corePods).toHaveLength(2)
    expect(corePods.every(Boolean)).toBe(true)
  })

  it('the kubernetes Service with its Endpoints and EndpointSlice', () => {
    const svc = get(sim, 'services', 'default', 'kubernetes')
    expect(svc.spec.clusterIP).toBe('10.96.0.1')
    expect(svc.spec.ports).toEqual([
      { name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 },
    ])
    expect(svc.metadata.labels).toEqual({ component: 'apiserver', provider: 'kubernetes' })
    const ep = get(sim, 'endpoints', 'default', 'kubernetes')
    expect(ep.subsets[0].addresses[0].ip).toBe('192.168.49.2')
    expect(ep.subsets[0].ports[0].port).toBe(6443)
    const slice = get(sim, 'endpointslices.discovery.k8s.io', 'default', 'kubernetes')
    expect(slice.endpoints[0].addresses).toEqual(['192.168.49.2'])
  })

  it('ConfigMaps and ServiceAccounts every namespace gets, and kubeadm leaves', () => {
    for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
      expect(sim.api.tryGet('serviceaccounts', ns, 'default')).toBeDefined()
      const ca = get(sim, 'configmaps', ns, 'kube-root-ca.crt')
      expect(ca.data['ca.crt']).toMatch(
        /^-----BEGIN CERTIFICATE-----\nMIID[\s\S]+-----END CERTIFICATE-----\n$/,
      )
    }
    expect(names(sim, 'configmaps', 'kube-system')).toEqual([
      'coredns',
      'extension-apiserver-authentication',
      'kube-apiserver-legacy-service-account-token-tracking',
      'kube-proxy',
      'kube-root-ca.crt',
      'kubeadm-config',
      'kubelet-config',
    ])
    expect(names(sim, 'configmaps', 'kube-public')).toEqual(['cluster-info', 'kube-root-ca.crt'])
    expect(
      get(sim, 'configmaps', 'kube-system', 'kubeadm-config').data.ClusterConfiguration,
    ).toContain('serviceSubnet: 10.96.0.0/12')
    const sas = names(sim, 'serviceaccounts', 'kube-system')
    for (const sa of ['coredns', 'kube-proxy', 'node-controller', 'replicaset-controller'])
      expect(sas).toContain(sa)
  })

  it('the default StorageClass', () => {
    const sc = get(sim, 'storageclasses.storage.k8s.io', undefined, 'standard')
    expect(sc.metadata.annotations!['storageclass.kubernetes.io/is-default-class']).toBe('true')
    expect(sc.provisioner).toBe('rancher.io/local-path')
    expect(sc.volumeBindingMode).toBe('WaitForFirstConsumer')
  })

  it('is the same cluster, byte for byte, for the same seed', () => {
    const a = JSON.stringify(createSim({ seed: 9 }).snapshot())
    const b = JSON.stringify(createSim({ seed: 9 }).snapshot())
    expect(a).toBe(b)
  })
})

describe('bootstrap: presets', () => {
  it('minikube: one untainted node, its storage provisioner and StorageClass', () => {
    const sim = createSim({ cluster: presetCluster('minikube') })
    expect(names(sim, 'nodes')).toEqual(['minikube'])
    expect(get(sim, 'nodes', undefined, 'minikube').spec.taints).toBeUndefined()
    const sp = get(sim, 'pods', 'kube-system', 'storage-provisioner')
    expect(sp.spec.containers[0].image).toBe('gcr.io/k8s-minikube/storage-provisioner:v5')
    expect(sp.spec.nodeName).toBe('minikube')
    expect(get(sim, 'storageclasses.storage.k8s.io', undefined, 'standard').provisioner).toBe(
      'k8s.io/minikube-hostpath',
    )
    expect(names(sim, 'pods', 'kube-system')).toEqual(
      expect.arrayContaining([
        'etcd-minikube',
        'kube-apiserver-minikube',
        'kube-controller-manager-minikube',
        'kube-scheduler-minikube',
      ]),
    )
    expect(names(sim, 'daemonsets.apps', 'kube-system')).toEqual(['kube-proxy'])
    expect(get(sim, 'endpoints', 'default', 'kubernetes').subsets[0].ports[0].port).toBe(8443)
  })

  it('tutorial-001: k8s-master and k8s-node1 with the 20.x CIDRs', () => {
    const sim = createSim({ cluster: presetCluster('tutorial-001') })
    expect(names(sim, 'nodes')).toEqual(['k8s-master', 'k8s-node1'])
    expect(get(sim, 'services', 'default', 'kubernetes').spec.clusterIP).toBe('20.1.0.1')
    expect(get(sim, 'services', 'kube-system', 'kube-dns').spec.clusterIP).toBe('20.1.0.10')
    expect(get(sim, 'endpoints', 'default', 'kubernetes').subsets[0].addresses[0].ip).toBe(
      '10.0.2.2',
    )
    expect(names(sim, 'storageclasses.storage.k8s.io')).toEqual([])
    expect(get(sim, 'pods', 'kube-system', 'etcd-k8s-master').spec.nodeName).toBe('k8s-master')
  })

  it('large(n): one control plane and n workers', () => {
    const spec = presetCluster('large', 12)
    expect(spec.nodes.map((n) => n.name)).toEqual([
      'control-plane',
      ...Array.from({ length: 12 }, (_, i) => `worker-${String(i + 1).padStart(2, '0')}`),
    ])
    expect(new Set(spec.nodes.map((n) => n.podCIDR)).size).toBe(13)
  })
})

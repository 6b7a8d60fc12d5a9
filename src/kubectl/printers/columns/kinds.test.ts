/** Cells of the server-side printers for the kinds beyond pods, following printers.go v1.32. */
import { describe, expect, it } from 'vitest'
import type { KObject } from '../../../sim/api/types.ts'
import { tableFor } from './index.ts'

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0)
const ago = (s: number) => new Date(NOW - s * 1000).toISOString()
const o = (apiVersion: string, kind: string, rest: any, meta: any = {}): KObject => ({
  apiVersion,
  kind,
  metadata: { name: 'x', namespace: 'default', creationTimestamp: ago(30), ...meta },
  ...rest,
})
const cells = (group: string, kind: string, obj: KObject) =>
  tableFor(group, kind).row(obj, { now: NOW, wide: true })
const header = (group: string, kind: string) =>
  tableFor(group, kind).columns.map((c) => c.name.toUpperCase() + (c.priority ? '*' : ''))

describe('server-side table cells', () => {
  it('PersistentVolumeClaim: pending shows empty VOLUME/CAPACITY/ACCESS MODES, bound shows the PV', () => {
    expect(header('', 'PersistentVolumeClaim')).toEqual([
      'NAME',
      'STATUS',
      'VOLUME',
      'CAPACITY',
      'ACCESS MODES',
      'STORAGECLASS',
      'VOLUMEATTRIBUTESCLASS',
      'AGE',
      'VOLUMEMODE*',
    ])
    const pending = o('v1', 'PersistentVolumeClaim', {
      spec: {
        storageClassName: 'standard',
        resources: { requests: { storage: '1Gi' } },
        volumeMode: 'Filesystem',
      },
      status: { phase: 'Pending' },
    })
    expect(cells('', 'PersistentVolumeClaim', pending)).toEqual([
      'x',
      'Pending',
      '',
      '',
      '',
      'standard',
      '<unset>',
      '30s',
      'Filesystem',
    ])
    const bound = o('v1', 'PersistentVolumeClaim', {
      spec: {
        storageClassName: 'standard',
        volumeName: 'pvc-1',
        resources: { requests: { storage: '1Gi' } },
      },
      status: {
        phase: 'Bound',
        capacity: { storage: '1024Mi' },
        accessModes: ['ReadWriteOnce', 'ReadOnlyMany'],
      },
    })
    expect(cells('', 'PersistentVolumeClaim', bound)).toEqual([
      'x',
      'Bound',
      'pvc-1',
      '1Gi',
      'RWO,ROX',
      'standard',
      '<unset>',
      '30s',
      '<unset>',
    ])
  })

  it('PersistentVolume: CLAIM ns/name, REASON, Terminating', () => {
    const pv = o(
      'v1',
      'PersistentVolume',
      {
        spec: {
          capacity: { storage: '5Gi' },
          accessModes: ['ReadWriteMany'],
          persistentVolumeReclaimPolicy: 'Retain',
          claimRef: { namespace: 'default', name: 'data' },
          storageClassName: 'manual',
        },
        status: { phase: 'Bound' },
      },
      { namespace: undefined, deletionTimestamp: ago(1) },
    )
    expect(cells('', 'PersistentVolume', pv)).toEqual([
      'x',
      '5Gi',
      'RWX',
      'Retain',
      'Terminating',
      'default/data',
      'manual',
      '<unset>',
      '',
      '30s',
      '<unset>',
    ])
  })

  it('Secret TYPE/DATA, ServiceAccount SECRETS, ConfigMap DATA counts binaryData', () => {
    expect(
      cells(
        '',
        'Secret',
        o('v1', 'Secret', { type: 'kubernetes.io/tls', data: { 'tls.crt': 'a', 'tls.key': 'b' } }),
      ),
    ).toEqual(['x', 'kubernetes.io/tls', 2, '30s'])
    expect(cells('', 'ServiceAccount', o('v1', 'ServiceAccount', {}))).toEqual(['x', 0, '30s'])
    expect(
      cells('', 'ConfigMap', o('v1', 'ConfigMap', { data: { a: '1' }, binaryData: { b: 'AA==' } })),
    ).toEqual(['x', 2, '30s'])
  })

  it('ResourceQuota REQUEST and LIMIT, sorted, limits.* in LIMIT', () => {
    const q = o('v1', 'ResourceQuota', {
      status: {
        hard: { pods: '10', 'limits.memory': '2Gi', 'requests.cpu': '2', 'limits.cpu': '4' },
        used: { pods: '3', 'requests.cpu': '500m' },
      },
    })
    expect(cells('', 'ResourceQuota', q)).toEqual([
      'x',
      'pods: 3/10, requests.cpu: 500m/2',
      'limits.cpu: 0/4, limits.memory: 0/2Gi',
      '30s',
    ])
  })

  it('Ingress CLASS/HOSTS/ADDRESS/PORTS and IngressClass PARAMETERS', () => {
    const ing = o('networking.k8s.io/v1', 'Ingress', {
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['a.com'] }],
        rules: [{ host: 'a.com' }, { host: 'b.com' }, { host: 'c.com' }, { host: 'd.com' }],
      },
      status: { loadBalancer: { ingress: [{ ip: '172.18.0.2' }] } },
    })
    expect(cells('networking.k8s.io', 'Ingress', ing)).toEqual([
      'x',
      'nginx',
      'a.com,b.com,c.com + 1 more...',
      '172.18.0.2',
      '80, 443',
      '30s',
    ])
    const bare = o('networking.k8s.io/v1', 'Ingress', { spec: { rules: [{ http: {} }] } })
    expect(cells('networking.k8s.io', 'Ingress', bare)).toEqual([
      'x',
      '<none>',
      '*',
      '',
      '80',
      '30s',
    ])
    const ic = o('networking.k8s.io/v1', 'IngressClass', {
      spec: {
        controller: 'example.com/ctl',
        parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'p' },
      },
    })
    expect(cells('networking.k8s.io', 'IngressClass', ic)).toEqual([
      'x',
      'example.com/ctl',
      'IngressParameters.k8s.example.com/p',
      '30s',
    ])
  })

  it('EndpointSlice PORTS/ENDPOINTS with <unset>', () => {
    const s = o('discovery.k8s.io/v1', 'EndpointSlice', {
      addressType: 'IPv4',
      ports: [{ port: 80 }, { name: 'x' }],
      endpoints: [
        { addresses: ['10.0.0.1'] },
        { addresses: ['10.0.0.2'] },
        { addresses: ['10.0.0.3'] },
        { addresses: ['10.0.0.4'] },
      ],
    })
    expect(cells('discovery.k8s.io', 'EndpointSlice', s)).toEqual([
      'x',
      'IPv4',
      '80,x',
      '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...',
      '30s',
    ])
    expect(
      cells(
        'discovery.k8s.io',
        'EndpointSlice',
        o('discovery.k8s.io/v1', 'EndpointSlice', { addressType: 'IPv4' }),
      ),
    ).toEqual(['x', 'IPv4', '<unset>', '<unset>', '30s'])
  })

  it('Event: LAST SEEN/TYPE/REASON/OBJECT/MESSAGE and the wide columns', () => {
    expect(header('', 'Event')).toEqual([
      'LAST SEEN',
      'TYPE',
      'REASON',
      'OBJECT',
      'SUBOBJECT*',
      'SOURCE*',
      'MESSAGE',
      'FIRST SEEN*',
      'COUNT*',
      'NAME*',
    ])
    const ev = o(
      'v1',
      'Event',
      {
        involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{web}' },
        type: 'Warning',
        reason: 'BackOff',
        message: ' Back-off restarting failed container \n',
        source: { component: 'kubelet', host: 'worker-1' },
        firstTimestamp: ago(150),
        lastTimestamp: ago(10),
        count: 9,
      },
      { name: 'web-1.17a' },
    )
    expect(cells('', 'Event', ev)).toEqual([
      '10s',
      'Warning',
      'BackOff',
      'pod/web-1',
      'spec.containers{web}',
      'kubelet, worker-1',
      'Back-off restarting failed container',
      '2m30s',
      9,
      'web-1.17a',
    ])
  })

  it('PDB, Lease, PriorityClass, ControllerRevision, NetworkPolicy, Namespace', () => {
    expect(
      cells(
        'policy',
        'PodDisruptionBudget',
        o('policy/v1', 'PodDisruptionBudget', {
          spec: { maxUnavailable: '25%' },
          status: { disruptionsAllowed: 1 },
        }),
      ),
    ).toEqual(['x', 'N/A', '25%', 1, '30s'])
    expect(
      cells(
        'coordination.k8s.io',
        'Lease',
        o('coordination.k8s.io/v1', 'Lease', { spec: { holderIdentity: 'worker-1' } }),
      ),
    ).toEqual(['x', 'worker-1', '30s'])
    expect(
      cells(
        'scheduling.k8s.io',
        'PriorityClass',
        o('scheduling.k8s.io/v1', 'PriorityClass', {
          value: 2000001000,
          globalDefault: false,
          preemptionPolicy: 'PreemptLowerPriority',
        }),
      ),
    ).toEqual(['x', 2000001000, false, '30s', 'PreemptLowerPriority'])
    const cr = o(
      'apps/v1',
      'ControllerRevision',
      { revision: 2 },
      {
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'DaemonSet',
            name: 'kube-proxy',
            uid: 'u',
            controller: true,
          },
        ],
      },
    )
    expect(cells('apps', 'ControllerRevision', cr)).toEqual([
      'x',
      'daemonset.apps/kube-proxy',
      2,
      '30s',
    ])
    expect(
      cells(
        'networking.k8s.io',
        'NetworkPolicy',
        o('networking.k8s.io/v1', 'NetworkPolicy', { spec: { podSelector: {} } }),
      ),
    ).toEqual(['x', '<none>', '30s'])
    expect(
      cells('', 'Namespace', o('v1', 'Namespace', { status: { phase: 'Terminating' } })),
    ).toEqual(['x', 'Terminating', '30s'])
  })

  it('workloads: Deployment READY x/y, StatefulSet, ReplicaSet, ReplicationController, Job with parallelism', () => {
    const tpl = {
      spec: {
        containers: [
          { name: 'a', image: 'nginx' },
          { name: 'b', image: 'busybox' },
        ],
      },
    }
    expect(
      cells(
        'apps',
        'Deployment',
        o('apps/v1', 'Deployment', {
          spec: { replicas: 3, selector: { matchLabels: { app: 'x' } }, template: tpl },
          status: { readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1 },
        }),
      ),
    ).toEqual(['x', '1/3', 2, 1, '30s', 'a,b', 'nginx,busybox', 'app=x'])
    expect(
      cells(
        'apps',
        'StatefulSet',
        o('apps/v1', 'StatefulSet', {
          spec: { replicas: 3, template: tpl },
          status: { readyReplicas: 3 },
        }),
      ),
    ).toEqual(['x', '3/3', '30s', 'a,b', 'nginx,busybox'])
    expect(
      cells(
        'apps',
        'ReplicaSet',
        o('apps/v1', 'ReplicaSet', {
          spec: {
            replicas: 2,
            selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] },
            template: tpl,
          },
          status: { replicas: 2 },
        }),
      ),
    ).toEqual(['x', 2, 2, 0, '30s', 'a,b', 'nginx,busybox', 'tier in (a,b)'])
    expect(
      cells(
        '',
        'ReplicationController',
        o('v1', 'ReplicationController', {
          spec: { replicas: 1, selector: { app: 'x' }, template: tpl },
          status: { replicas: 1, readyReplicas: 1 },
        }),
      ),
    ).toEqual(['x', 1, 1, 1, '30s', 'a,b', 'nginx,busybox', 'app=x'])
    expect(
      cells(
        'batch',
        'Job',
        o('batch/v1', 'Job', {
          spec: { parallelism: 2, template: tpl },
          status: { succeeded: 1, conditions: [{ type: 'Failed', status: 'True' }] },
        }),
      )[1],
    ).toBe('Failed')
    expect(
      cells(
        'batch',
        'Job',
        o('batch/v1', 'Job', { spec: { parallelism: 2, template: tpl }, status: { succeeded: 1 } }),
      )[2],
    ).toBe('1/1 of 2')
    expect(
      cells(
        'batch',
        'Job',
        o('batch/v1', 'Job', {
          spec: { suspend: true, template: tpl },
          status: { conditions: [{ type: 'Suspended', status: 'True' }] },
        }),
      )[1],
    ).toBe('Suspended')
  })

  it('Service LoadBalancer ingress, clipped only by the server-independent 16-character rule when not wide', () => {
    const lb = o('v1', 'Service', {
      spec: {
        type: 'LoadBalancer',
        clusterIPs: ['10.96.0.5'],
        ports: [
          { port: 80, protocol: 'TCP', nodePort: 31000 },
          { port: 443, protocol: 'TCP', nodePort: 31001 },
        ],
      },
      status: { loadBalancer: { ingress: [{ hostname: 'a-very-long-name.elb.amazonaws.com' }] } },
    })
    expect(tableFor('', 'Service').row(lb, { now: NOW, wide: false })[3]).toBe('a-very-long-n...')
    expect(cells('', 'Service', lb)).toEqual([
      'x',
      'LoadBalancer',
      '10.96.0.5',
      'a-very-long-name.elb.amazonaws.com',
      '80:31000/TCP,443:31001/TCP',
      '30s',
      '<none>',
    ])
  })
})

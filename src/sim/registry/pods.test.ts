import { describe, expect, it } from 'vitest'
import { createSim } from '../sim.ts'
import type { KObject } from '../api/types.ts'

function pod(name: string, spec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], ...spec },
  }
}

describe('Pod API strategy', () => {
  it('defaults a pod like kube-apiserver v1.32', () => {
    const sim = createSim()
    const p = sim.api.create('pods', pod('p')).object
    expect(p.spec.dnsPolicy).toBe('ClusterFirst')
    expect(p.spec.restartPolicy).toBe('Always')
    expect(p.spec.enableServiceLinks).toBe(true)
    expect(p.spec.priority).toBe(0)
    expect(p.spec.preemptionPolicy).toBe('PreemptLowerPriority')
    expect(p.spec.serviceAccountName).toBe('default')
    expect(p.spec.tolerations).toEqual([
      {
        effect: 'NoExecute',
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        tolerationSeconds: 300,
      },
      {
        effect: 'NoExecute',
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        tolerationSeconds: 300,
      },
    ])
    expect(p.spec.containers[0].imagePullPolicy).toBe('IfNotPresent')
    expect(p.spec.volumes[0].name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
    expect(p.spec.containers[0].volumeMounts[0]).toEqual({
      mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
      name: p.spec.volumes[0].name,
      readOnly: true,
    })
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' })
  })

  it('refuses invalid specs with field errors', () => {
    const sim = createSim()
    expect(() =>
      sim.api.create('pods', pod('bad', { containers: [{ name: 'Web', image: 'nginx' }] })),
    ).toThrow(
      /Pod "bad" is invalid: spec.containers\[0\].name: Invalid value: "Web": a lowercase RFC 1123 label/,
    )
    expect(() => sim.api.create('pods', pod('noimg', { containers: [{ name: 'w' }] }))).toThrow(
      'Pod "noimg" is invalid: spec.containers[0].image: Required value',
    )
    expect(() =>
      sim.api.create(
        'pods',
        pod('q', {
          containers: [{ name: 'w', image: 'x', resources: { limits: { memory: '1gb' } } }],
        }),
      ),
    ).toThrow(
      `Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    )
  })

  it('allows image updates and forbids other spec changes with the real message', () => {
    const sim = createSim()
    const p = sim.api.create(
      'pods',
      pod('p', {
        containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }],
      }),
    ).object
    const img = structuredClone(p)
    img.spec.containers[0].image = 'nginx:1.28'
    expect(sim.api.update('pods', img).object.spec.containers[0].image).toBe('nginx:1.28')
    const bad = structuredClone(sim.api.get('pods', 'default', 'p'))
    bad.spec.containers[0].ports[0].containerPort = 8080
    let msg = ''
    try {
      sim.api.update('pods', bad)
    } catch (e) {
      msg = (e as Error).message
    }
    expect(msg).toContain(
      'Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n  core.PodSpec{\n',
    )
    expect(msg).toContain(
      [
        '  \t\t\tPorts: []core.ContainerPort{',
        '  \t\t\t\t{',
        '  \t\t\t\t\tName:          "",',
        '  \t\t\t\t\tHostPort:      0,',
        '- \t\t\t\t\tContainerPort: 80,',
        '+ \t\t\t\t\tContainerPort: 8080,',
        '  \t\t\t\t\tProtocol:      "TCP",',
        '  \t\t\t\t\tHostIP:        "",',
        '  \t\t\t\t},',
        '  \t\t\t},',
        '  \t\t\tEnvFrom: nil,',
      ].join('\n'),
    )
    expect(msg).toMatch(
      /\n {2}\tEphemeralContainers: nil,\n {2}\tRestartPolicy: {7}"Always",\n {2}\t\.\.\. \/\/ \d+ identical fields\n {2}}\n$/,
    )
  })

  it('computes the QoS class', () => {
    const sim = createSim()
    const g = sim.api.create(
      'pods',
      pod('g', {
        containers: [
          { name: 'w', image: 'x:1', resources: { limits: { cpu: '1', memory: '1Gi' } } },
        ],
      }),
    ).object
    expect(g.status.qosClass).toBe('Guaranteed')
    expect(g.spec.containers[0].resources.requests).toEqual({ cpu: '1', memory: '1Gi' })
    const b = sim.api.create(
      'pods',
      pod('b', {
        containers: [{ name: 'w', image: 'x:1', resources: { requests: { cpu: '100m' } } }],
      }),
    ).object
    expect(b.status.qosClass).toBe('Burstable')
  })
})

describe('admission', () => {
  it('ResourceQuota refuses pods over the count and without required limits', () => {
    const sim = createSim()
    sim.api.create('resourcequotas', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'q', namespace: 'default' },
      spec: { hard: { pods: '2' } },
    })
    sim.api.create('pods', pod('a'))
    sim.api.create('pods', pod('b'))
    expect(() => sim.api.create('pods', pod('c'))).toThrow(
      'pods "c" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2',
    )
    sim.api.create('resourcequotas', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'cpu', namespace: 'kube-public' },
      spec: { hard: { 'limits.cpu': '2', 'requests.cpu': '1' } },
    })
    expect(() =>
      sim.api.create('pods', { ...pod('x'), metadata: { name: 'x', namespace: 'kube-public' } }),
    ).toThrow(
      'pods "x" is forbidden: failed quota: cpu: must specify limits.cpu for: web; requests.cpu for: web',
    )
  })

  it('LimitRanger fills defaults and enforces max', () => {
    const sim = createSim()
    sim.api.create('limitranges', {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'lr', namespace: 'default' },
      spec: {
        limits: [
          {
            type: 'Container',
            default: { cpu: '500m' },
            defaultRequest: { cpu: '250m' },
            max: { cpu: '1' },
          },
        ],
      },
    })
    const p = sim.api.create('pods', pod('p')).object
    expect(p.spec.containers[0].resources).toEqual({
      limits: { cpu: '500m' },
      requests: { cpu: '250m' },
    })
    expect(p.metadata.annotations?.['kubernetes.io/limit-ranger']).toBe(
      'LimitRanger plugin set: cpu request for container web; cpu limit for container web',
    )
    expect(() =>
      sim.api.create(
        'pods',
        pod('big', {
          containers: [{ name: 'w', image: 'x:1', resources: { limits: { cpu: '2' } } }],
        }),
      ),
    ).toThrow('pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2')
  })
})

describe('ConfigMaps and Secrets', () => {
  it('validates keys, immutability and secret types', () => {
    const sim = createSim()
    expect(() =>
      sim.api.create('configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c' },
        data: { 'a b': 'x' },
      }),
    ).toThrow(
      `ConfigMap "c" is invalid: data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters`,
    )
    const cm = sim.api.create('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'i' },
      data: { a: '1' },
      immutable: true,
    }).object
    expect(() => sim.api.update('configmaps', { ...cm, data: { a: '2' } })).toThrow(
      'ConfigMap "i" is invalid: data: Forbidden: field is immutable when `immutable` is set',
    )
    const s = sim.api.create('secrets', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      stringData: { p: 'hi' },
    }).object
    expect(s.data).toEqual({ p: 'aGk=' })
    expect(s.type).toBe('Opaque')
    expect(s.stringData).toBeUndefined()
    expect(() =>
      sim.api.create('secrets', {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 't' },
        type: 'kubernetes.io/tls',
        data: {},
      }),
    ).toThrow(
      'Secret "t" is invalid: [data[tls.crt]: Required value, data[tls.key]: Required value]',
    )
    expect(() =>
      sim.api.create('secrets', {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'b' },
        data: { a: 'not base64!' },
      }),
    ).toThrow(
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3',
    )
  })
})

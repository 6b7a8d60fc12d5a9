import { describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import { StatusError } from '../api/errors.ts'
import { cidrContains } from '../network/ipam.ts'
import { presetCluster } from '../cluster/presets.ts'

const svc = (name: string, spec: Record<string, unknown>): KObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec,
})

function create(sim: Sim, name: string, spec: Record<string, unknown>): KObject {
  return sim.api.create('services', svc(name, spec)).object
}

function errorOf(f: () => unknown): string {
  try {
    f()
  } catch (e) {
    if (e instanceof StatusError) return e.status.message
    throw e
  }
  throw new Error('expected a StatusError')
}

describe('Service defaulting', () => {
  it('fills the v1.32 defaults and allocates a ClusterIP from the service range', () => {
    const sim = createSim({ seed: 1 })
    const s = create(sim, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] })
    expect(Object.keys(s.spec)).toEqual([
      'ports',
      'selector',
      'clusterIP',
      'clusterIPs',
      'type',
      'sessionAffinity',
      'ipFamilies',
      'ipFamilyPolicy',
      'internalTrafficPolicy',
    ])
    expect(s.spec.ports).toEqual([{ protocol: 'TCP', port: 80, targetPort: 80 }])
    expect(s.spec.type).toBe('ClusterIP')
    expect(s.spec.sessionAffinity).toBe('None')
    expect(s.spec.ipFamilies).toEqual(['IPv4'])
    expect(s.spec.ipFamilyPolicy).toBe('SingleStack')
    expect(s.spec.internalTrafficPolicy).toBe('Cluster')
    expect(cidrContains('10.96.0.0/12', s.spec.clusterIP)).toBe(true)
    expect(s.spec.clusterIPs).toEqual([s.spec.clusterIP])
    // Dynamic picks stay above the band reserved for static addresses (10.96.0.1-10.96.1.0).
    expect(s.spec.clusterIP).not.toMatch(/^10\.96\.0\./)
    expect(s.status).toEqual({ loadBalancer: {} })
  })

  it('defaults NodePort, LoadBalancer and ClientIP affinity fields', () => {
    const sim = createSim({ seed: 2 })
    const np = create(sim, 'np', {
      type: 'NodePort',
      selector: { app: 'x' },
      ports: [{ port: 3000, targetPort: 3000 }],
      sessionAffinity: 'ClientIP',
    })
    expect(np.spec.externalTrafficPolicy).toBe('Cluster')
    expect(np.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } })
    expect(np.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30086)
    expect(np.spec.ports[0].nodePort).toBeLessThanOrEqual(32767)
    const lb = create(sim, 'lb', {
      type: 'LoadBalancer',
      selector: { app: 'x' },
      ports: [{ port: 80 }],
    })
    expect(lb.spec.allocateLoadBalancerNodePorts).toBe(true)
    expect(lb.spec.ports[0].nodePort).not.toBe(np.spec.ports[0].nodePort)
  })

  it('gives headless Services clusterIPs [None] and no address', () => {
    const sim = createSim({ seed: 1 })
    const h = create(sim, 'h', { clusterIP: 'None', selector: { app: 'x' }, ports: [{ port: 80 }] })
    expect(h.spec.clusterIP).toBe('None')
    expect(h.spec.clusterIPs).toEqual(['None'])
    expect(h.spec.ipFamilyPolicy).toBe('SingleStack')
    const bare = create(sim, 'bare', { clusterIP: 'None' })
    expect(bare.spec.ipFamilyPolicy).toBe('RequireDualStack')
    expect(bare.spec.ipFamilies).toEqual(['IPv4', 'IPv6'])
  })

  it('gives ExternalName Services no address, families or traffic policy', () => {
    const sim = createSim({ seed: 1 })
    const e = create(sim, 'ext', { type: 'ExternalName', externalName: 'www.example.com' })
    expect(e.spec).toEqual({
      type: 'ExternalName',
      sessionAffinity: 'None',
      externalName: 'www.example.com',
    })
  })

  it("allocates from the cluster's own service range (tutorial 001: 20.1.0.0/16)", () => {
    const sim = createSim({ seed: 3, cluster: presetCluster('tutorial-001') })
    const s = create(sim, 'web', { selector: { app: 'web' }, ports: [{ port: 3000 }] })
    expect(cidrContains('20.1.0.0/16', s.spec.clusterIP)).toBe(true)
    expect(sim.api.get('services', 'default', 'kubernetes').spec.clusterIP).toBe('20.1.0.1')
    expect(
      errorOf(() => create(sim, 'x', { clusterIP: '10.96.0.20', ports: [{ port: 80 }] })),
    ).toContain('The range of valid IPs is 20.1.0.0/16')
  })

  it('allocates the same addresses for the same seed, different ones for another seed', () => {
    const ips = (seed: number): string[] => {
      const sim = createSim({ seed })
      return ['a', 'b', 'c'].map(
        (n) => create(sim, n, { selector: { app: n }, ports: [{ port: 80 }] }).spec.clusterIP,
      )
    }
    expect(ips(7)).toEqual(ips(7))
    expect(ips(7)).not.toEqual(ips(8))
  })
})

describe('Service validation messages', () => {
  it('requires ports', () => {
    const sim = createSim()
    expect(errorOf(() => create(sim, 'x', { selector: { app: 'x' } }))).toBe(
      'Service "x" is invalid: spec.ports: Required value',
    )
  })

  it('rejects node ports outside the range and ones already allocated', () => {
    const sim = createSim()
    expect(
      errorOf(() => create(sim, 'x', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] })),
    ).toBe(
      'Service "x" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    )
    create(sim, 'a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30000 }] })
    expect(
      errorOf(() => create(sim, 'b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30000 }] })),
    ).toBe(
      'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30000: provided port is already allocated',
    )
  })

  it('forbids nodePort on ClusterIP Services and names on multi-port Services', () => {
    const sim = createSim()
    expect(errorOf(() => create(sim, 'x', { ports: [{ port: 80, nodePort: 30001 }] }))).toBe(
      'Service "x" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is \'ClusterIP\'',
    )
    expect(errorOf(() => create(sim, 'y', { ports: [{ port: 80 }, { port: 443 }] }))).toBe(
      'Service "y" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]',
    )
  })

  it('checks type, protocol, port range and ExternalName', () => {
    const sim = createSim()
    expect(errorOf(() => create(sim, 'x', { type: 'Foo', ports: [{ port: 80 }] }))).toBe(
      'Service "x" is invalid: spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    )
    expect(errorOf(() => create(sim, 'x', { ports: [{ port: 70000, protocol: 'ICMP' }] }))).toBe(
      'Service "x" is invalid: [spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive, spec.ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP", spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive]',
    )
    expect(errorOf(() => create(sim, 'x', { type: 'ExternalName' }))).toBe(
      'Service "x" is invalid: spec.externalName: Required value',
    )
    expect(
      errorOf(() =>
        create(sim, 'x', { type: 'NodePort', clusterIP: 'None', ports: [{ port: 80 }] }),
      ),
    ).toBe(
      `Service "x" is invalid: spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services`,
    )
  })

  it('rejects requested ClusterIPs that are taken or outside the range', () => {
    const sim = createSim()
    create(sim, 'a', { clusterIP: '10.96.0.50', ports: [{ port: 80 }] })
    expect(
      errorOf(() => create(sim, 'b', { clusterIP: '10.96.0.50', ports: [{ port: 80 }] })),
    ).toBe(
      'Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.50"}: failed to allocate IP 10.96.0.50: provided IP is already allocated',
    )
    expect(errorOf(() => create(sim, 'c', { clusterIP: '10.0.0.5', ports: [{ port: 80 }] }))).toBe(
      'Service "c" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    )
  })
})

describe('Service updates', () => {
  it('keeps allocated values a client omits, and refuses a changed ClusterIP', () => {
    const sim = createSim()
    const s = create(sim, 'web', {
      type: 'NodePort',
      selector: { app: 'web' },
      ports: [{ port: 80 }],
    })
    const applied = sim.api.update('services', {
      ...svc('web', {
        type: 'NodePort',
        selector: { app: 'web', tier: 'fe' },
        ports: [{ port: 80 }],
      }),
    }).object
    expect(applied.spec.clusterIP).toBe(s.spec.clusterIP)
    expect(applied.spec.ports[0].nodePort).toBe(s.spec.ports[0].nodePort)
    const changed = {
      ...applied,
      spec: { ...applied.spec, clusterIP: '10.96.0.99', clusterIPs: ['10.96.0.99'] },
    }
    expect(errorOf(() => sim.api.update('services', changed))).toBe(
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.99"}: may not change once set',
    )
  })

  it('releases node ports when the type goes back to ClusterIP, and addresses on deletion', () => {
    const sim = createSim()
    const s = create(sim, 'web', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })
    const back = sim.api.update('services', { ...s, spec: { ...s.spec, type: 'ClusterIP' } }).object
    expect(back.spec.ports[0].nodePort).toBeUndefined()
    expect(back.spec.externalTrafficPolicy).toBeUndefined()
    create(sim, 'other', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })
    sim.api.delete('services', 'default', 'web')
    sim.settle()
    expect(
      create(sim, 'again', { clusterIP: back.spec.clusterIP, ports: [{ port: 80 }] }).spec
        .clusterIP,
    ).toBe(back.spec.clusterIP)
  })

  it('changing to ExternalName drops the ClusterIP', () => {
    const sim = createSim()
    const s = create(sim, 'web', { ports: [{ port: 80 }] })
    const ext = sim.api.update('services', {
      ...s,
      spec: { ...s.spec, type: 'ExternalName', externalName: 'db.example.com' },
    }).object
    expect(ext.spec.clusterIP).toBeUndefined()
    expect(ext.spec.ipFamilies).toBeUndefined()
    expect(ext.spec.internalTrafficPolicy).toBeUndefined()
  })
})

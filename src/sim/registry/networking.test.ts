import { describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import type { StatusError } from '../api/errors.ts'
import { networkLimitations } from './networkPolicy.ts'

function errorOf(f: () => unknown): string {
  try {
    f()
  } catch (e) {
    return (e as StatusError).status.message
  }
  throw new Error('expected an error')
}

const ingress = (sim: Sim, spec: Record<string, unknown>): KObject =>
  sim.api.create('ingresses.networking.k8s.io', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web' },
    spec,
  }).object

const netpol = (sim: Sim, spec: Record<string, unknown>): KObject =>
  sim.api.create('networkpolicies.networking.k8s.io', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'deny' },
    spec,
  }).object

describe('Ingress', () => {
  it('is stored with an empty load balancer status: no ingress controller gives it an address', () => {
    const sim = createSim()
    const ing = ingress(sim, {
      rules: [
        {
          host: 'hello.example.com',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 'web', port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    })
    sim.advance(60_000)
    expect(sim.api.get('ingresses.networking.k8s.io', 'default', 'web').status).toEqual({
      loadBalancer: {},
    })
    expect(ing.metadata.generation).toBe(1)
  })

  it('words validation errors like the API server', () => {
    const sim = createSim()
    expect(errorOf(() => ingress(sim, {}))).toBe(
      'Ingress.networking.k8s.io "web" is invalid: spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified',
    )
    expect(
      errorOf(() =>
        ingress(sim, {
          rules: [{ http: { paths: [{ path: 'x', backend: { service: { name: 'web' } } }] } }],
        }),
      ),
    ).toBe(
      'Ingress.networking.k8s.io "web" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    )
    expect(
      errorOf(() =>
        ingress(sim, {
          rules: [
            {
              http: {
                paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web' } } }],
              },
            },
          ],
        }),
      ),
    ).toBe(
      'Ingress.networking.k8s.io "web" is invalid: spec.rules[0].http.paths[0].backend.service.port: Required value: port name or number is required',
    )
  })
})

describe('NetworkPolicy', () => {
  it('is defaulted and stored, and listed as not enforced', () => {
    const sim = createSim()
    const np = netpol(sim, { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] })
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress'])
    expect(np.spec.egress[0].ports[0].protocol).toBe('TCP')
    expect(networkLimitations().some((l) => l.startsWith('NetworkPolicy objects are stored'))).toBe(
      true,
    )
  })

  it('rejects unknown policy types', () => {
    const sim = createSim()
    expect(errorOf(() => netpol(sim, { podSelector: {}, policyTypes: ['Sideways'] }))).toBe(
      'NetworkPolicy.networking.k8s.io "deny" is invalid: spec.policyTypes[0]: Unsupported value: "Sideways": supported values: "Egress", "Ingress"',
    )
  })
})

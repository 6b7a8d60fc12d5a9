import { describe, expect, test } from 'vitest'
import { createSim } from '../sim/sim.ts'
import { answerApiRequest, type ApiRequest } from './handler.ts'

const PEM = `-----BEGIN CERTIFICATE REQUEST-----
MIHYMIGAAgEAMB4xDjAMBgNVBAMMBWFsaWNlMQwwCgYDVQQKDANkZXYwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAATwpHtVGnj39PfRpVIR3ah5fXIJHWPvjG5TQq+t
9jmwEf7+KwsdN8ROiZzdXeBmGNkSKQ5wePJDc/xL/AgjH3SFoAAwCgYIKoZIzj0E
AwIDRwAwRAIgJtoAGu7SssSrY5yz1EIvpG2x2LVhd6ULRSoo2r6vIHECIBBdYWzx
/wMISaL9XqqYUzqVS/E+KD06AOR0gyA2OQyL
-----END CERTIFICATE REQUEST-----
`
const BASE = '/apis/certificates.k8s.io/v1/certificatesigningrequests'

function setup() {
  const sim = createSim({ seed: 9 })
  const call = (method: string, url: string, body?: unknown, ua = 'kubectl/v1.32.4') =>
    answerApiRequest(
      sim,
      {
        method,
        url,
        headers: { 'content-type': 'application/json', 'user-agent': ua },
        body: new TextEncoder().encode(body === undefined ? '' : JSON.stringify(body)),
      } as ApiRequest,
      { serverAddress: 'x' },
    )
  const created = call('POST', BASE, {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name: 'alice' },
    spec: {
      request: btoa(PEM),
      signerName: 'kubernetes.io/kube-apiserver-client',
      usages: ['client auth'],
      username: 'mallory',
      groups: ['system:masters'],
    },
    status: { conditions: [{ type: 'Approved', status: 'True' }] },
  })
  const csr = () => JSON.parse(call('GET', `${BASE}/alice`).body)
  const condition = (type: string, extra = {}) => ({ type, status: 'True', reason: 'R', ...extra })
  const put = (sub: string, conditions: unknown[], status = {}) =>
    call('PUT', `${BASE}/alice/${sub}`, { ...csr(), status: { ...status, conditions } })
  return { sim, call, created, csr, condition, put }
}

const message = (r: { body: string }): string => JSON.parse(r.body).message

describe('CertificateSigningRequest approval and status', () => {
  test('a new request takes the requestor from the credentials and starts with no status', () => {
    const { created } = setup()
    expect(created.status).toBe(201)
    const obj = JSON.parse(created.body)
    expect(obj.spec).toEqual({
      request: btoa(PEM),
      signerName: 'kubernetes.io/kube-apiserver-client',
      usages: ['client auth'],
      username: 'kubernetes-admin',
      groups: ['kubeadm:cluster-admins', 'system:authenticated'],
    })
    expect(obj.status).toEqual({})
  })

  test('approval appends a condition with the server filling its times', () => {
    const { put, csr, condition, sim } = setup()
    sim.advance(30_000)
    const r = put('approval', [condition('Approved', { message: 'ok' })])
    expect(r.status).toBe(200)
    const now = sim.clock.iso()
    expect(csr().status).toEqual({
      conditions: [
        {
          type: 'Approved',
          status: 'True',
          reason: 'R',
          message: 'ok',
          lastUpdateTime: now,
          lastTransitionTime: now,
        },
      ],
    })
    const entry = csr().metadata.managedFields.at(-1)
    expect(entry).toMatchObject({
      manager: 'kubectl',
      operation: 'Update',
      subresource: 'approval',
    })
  })

  test('approval refuses what kube-apiserver refuses, in its words', () => {
    const { put, condition } = setup()
    const both = put('approval', [condition('Approved'), condition('Denied')])
    expect(both.status).toBe(422)
    expect(message(both)).toBe(
      'CertificateSigningRequest.certificates.k8s.io "alice" is invalid: status.conditions[1].type: Invalid value: "Denied": Approved and Denied conditions are mutually exclusive',
    )
    expect(message(put('approval', [condition('Approved', { status: 'False' })]))).toBe(
      'CertificateSigningRequest.certificates.k8s.io "alice" is invalid: status.conditions[0].status: Unsupported value: "False": supported values: "True"',
    )
    expect(message(put('approval', [condition('Approved'), condition('Approved')]))).toBe(
      'CertificateSigningRequest.certificates.k8s.io "alice" is invalid: status.conditions[1].type: Duplicate value: "Approved"',
    )
    expect(put('approval', [condition('Approved')]).status).toBe(200)
    expect(message(put('approval', []))).toBe(
      'CertificateSigningRequest.certificates.k8s.io "alice" is invalid: status.conditions: Forbidden: updates may not remove a condition of type "Approved"',
    )
  })

  test('status cannot add or change approval conditions, nor set a certificate that is no PEM', () => {
    const { put, csr, condition } = setup()
    expect(message(put('status', [condition('Approved')]))).toBe(
      'CertificateSigningRequest.certificates.k8s.io "alice" is invalid: status.conditions: Forbidden: updates may not add a condition of type "Approved"',
    )
    expect(message(put('status', [], { certificate: btoa('hello') }))).toBe(
      'CertificateSigningRequest.certificates.k8s.io "alice" is invalid: status.certificate: Invalid value: "<certificate data>": must contain at least one CERTIFICATE PEM block',
    )
    expect(put('approval', [condition('Denied')]).status).toBe(200)
    // The stored Denied condition stands whatever /status sends in its place.
    expect(put('status', [condition('Denied', { reason: 'Changed' })]).status).toBe(200)
    expect(csr().status.conditions[0].reason).toBe('R')
  })

  test('the main resource changes only metadata; approval ignores a sent certificate', () => {
    const { call, csr, put, condition } = setup()
    const obj = csr()
    const r = call('PUT', `${BASE}/alice`, {
      ...obj,
      metadata: { ...obj.metadata, labels: { team: 'a' } },
      spec: { ...obj.spec, usages: ['server auth'] },
    })
    expect(r.status).toBe(200)
    expect(csr().metadata.labels).toEqual({ team: 'a' })
    expect(csr().spec.usages).toEqual(['client auth'])
    expect(put('approval', [condition('Approved')], { certificate: btoa('x') }).status).toBe(200)
    expect(csr().status.certificate).toBeUndefined()
  })
})

import { describe, expect, test } from 'vitest'
import { harness } from '../testHarness.ts'

const PEM = `-----BEGIN CERTIFICATE REQUEST-----
MIHYMIGAAgEAMB4xDjAMBgNVBAMMBWFsaWNlMQwwCgYDVQQKDANkZXYwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAATwpHtVGnj39PfRpVIR3ah5fXIJHWPvjG5TQq+t
9jmwEf7+KwsdN8ROiZzdXeBmGNkSKQ5wePJDc/xL/AgjH3SFoAAwCgYIKoZIzj0E
AwIDRwAwRAIgJtoAGu7SssSrY5yz1EIvpG2x2LVhd6ULRSoo2r6vIHECIBBdYWzx
/wMISaL9XqqYUzqVS/E+KD06AOR0gyA2OQyL
-----END CERTIFICATE REQUEST-----
`

function withCsrs(...names: string[]) {
  const h = harness({ start: '2026-03-01T10:00:00Z' })
  for (const name of names) {
    h.fs.write(
      `/root/${name}.yaml`,
      `apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: ${name}
spec:
  request: ${btoa(PEM)}
  signerName: kubernetes.io/kube-apiserver-client
  expirationSeconds: 86400
  usages:
  - client auth
`,
    )
    expect(h.run(`create -f ${name}.yaml`).code).toBe(0)
  }
  return h
}

// Outputs as kubectl 1.32 prints them against kube-apiserver 1.32 (see certificate.kubectl.test.ts
// in src/serve for the same session compared live).
describe('kubectl certificate', () => {
  test('approve and deny, once and again', () => {
    const h = withCsrs('alice', 'bob')
    const ok = (out: string) => ({ code: 0, out, err: '' })
    expect(h.run('certificate approve alice')).toEqual(
      ok('certificatesigningrequest.certificates.k8s.io/alice approved\n'),
    )
    // Already approved: nothing is written, the line is printed all the same.
    const rv = h.sim.api.get('certificatesigningrequests.certificates.k8s.io', undefined, 'alice')
      .metadata.resourceVersion
    expect(h.run('certificate approve alice')).toEqual(
      ok('certificatesigningrequest.certificates.k8s.io/alice approved\n'),
    )
    expect(
      h.sim.api.get('certificatesigningrequests.certificates.k8s.io', undefined, 'alice').metadata
        .resourceVersion,
    ).toBe(rv)
    expect(h.run('certificate deny alice')).toEqual({
      code: 1,
      out: '',
      err: 'error: certificate signing request "alice" is already Approved\n',
    })
    expect(h.run('certificate deny bob -o name')).toEqual(
      ok('certificatesigningrequest.certificates.k8s.io/bob\n'),
    )
    expect(h.run('get csr').out).toBe(
      'NAME    AGE   SIGNERNAME                            REQUESTOR          REQUESTEDDURATION   CONDITION\n' +
        'alice   0s    kubernetes.io/kube-apiserver-client   kubernetes-admin   24h                 Approved\n' +
        'bob     0s    kubernetes.io/kube-apiserver-client   kubernetes-admin   24h                 Denied\n',
    )
  })

  test('errors: no names, missing requests, several failures together', () => {
    const h = withCsrs('bob')
    h.run('certificate deny bob')
    expect(h.run('certificate approve')).toEqual({
      code: 1,
      out: '',
      err: 'error: one or more CSRs must be specified as <name> or -f <filename>\n',
    })
    expect(h.run('certificate approve nope1 bob nope2')).toEqual({
      code: 1,
      out: '',
      err:
        'Error from server (NotFound): certificatesigningrequests.certificates.k8s.io "nope1" not found\n' +
        'certificate signing request "bob" is already Denied\n' +
        'Error from server (NotFound): certificatesigningrequests.certificates.k8s.io "nope2" not found\n',
    })
  })

  test('describe shows the requested subject', () => {
    const h = withCsrs('alice')
    h.run('certificate approve alice')
    // Subject's lines start with a tab: an empty first cell, so they form a column block of their own.
    expect(h.run('describe csr alice').out).toBe(
      [
        'Name:                alice',
        'Labels:              <none>',
        'Annotations:         <none>',
        'CreationTimestamp:   Sun, 01 Mar 2026 10:00:00 +0000',
        'Requesting User:     kubernetes-admin',
        'Signer:              kubernetes.io/kube-apiserver-client',
        'Requested Duration:  24h',
        'Status:              Approved',
        'Subject:',
        '         Common Name:    alice',
        '         Serial Number:  ',
        '         Organization:   dev',
        'Events:  <none>',
        '',
      ].join('\n'),
    )
  })
})

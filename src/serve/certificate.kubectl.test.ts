/**
 * CertificateSigningRequests compared with the real kubectl v1.32: the same session run by the real
 * client against `kubeplay serve` and by our kubectl against a cluster of the same seed must print
 * the same (create, get, describe, certificate approve/deny and their refusals) and leave the same
 * conditions behind.
 */
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { findKubectl } from '../kubectl/oracleKubectl.ts'
import { servedTwin, type ServedTwin } from './servedTwin.ts'

const real = findKubectl()
if (!real)
  console.warn('SKIPPED: certificate approve/deny through kubeplay serve needs kubectl v1.32')

/** openssl req -new -subj "/CN=alice/O=dev" (P-256 key). */
const ALICE = `-----BEGIN CERTIFICATE REQUEST-----
MIHYMIGAAgEAMB4xDjAMBgNVBAMMBWFsaWNlMQwwCgYDVQQKDANkZXYwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAATwpHtVGnj39PfRpVIR3ah5fXIJHWPvjG5TQq+t
9jmwEf7+KwsdN8ROiZzdXeBmGNkSKQ5wePJDc/xL/AgjH3SFoAAwCgYIKoZIzj0E
AwIDRwAwRAIgJtoAGu7SssSrY5yz1EIvpG2x2LVhd6ULRSoo2r6vIHECIBBdYWzx
/wMISaL9XqqYUzqVS/E+KD06AOR0gyA2OQyL
-----END CERTIFICATE REQUEST-----
`

/** A subject with every describe field and all four kinds of subject alternative name. */
const EVE = `-----BEGIN CERTIFICATE REQUEST-----
MIIBqjCCAVACAQAwcTEMMAoGA1UEAwwDZXZlMQwwCgYDVQQKDANkZXYxDDAKBgNV
BAoMA29wczENMAsGA1UECwwEdGVhbTELMAkGA1UEBhMCREUxDzANBgNVBAcMBkJl
cmxpbjELMAkGA1UECAwCQkUxCzAJBgNVBAUTAjQyMFkwEwYHKoZIzj0CAQYIKoZI
zj0DAQcDQgAEaKol+xAziGyzeYuAqArS5RRKGC++rXGqyGkO4SHxYAz7MPaU8QTK
xehZBFzQvZEk8T9A0hJNJpes0uB+85s/jqB9MHsGCSqGSIb3DQEJDjFuMGwwagYD
VR0RBGMwYYIPZXZlLmV4YW1wbGUuY29tgg93d3cuZXhhbXBsZS5jb22HBAoAAAeH
ECABDbgAAAAAAAAAAAAAAAGBD2V2ZUBleGFtcGxlLmNvbYYUc3BpZmZlOi8vY2x1
c3Rlci9ldmUwCgYIKoZIzj0EAwIDSAAwRQIhAKuLmhpSgJ1C1Un/FHwl1G+TfBEJ
ZBG65ziM7/sEcXGcAiBbWb1rRYNyRgRVFuS4DUt/vVYz34k4tV2GRS+vEABtiw==
-----END CERTIFICATE REQUEST-----
`

function csr(name: string, pem: string, extra = ''): string {
  return `apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: ${name}
spec:
  request: ${btoa(pem)}
  signerName: kubernetes.io/kube-apiserver-client
${extra}  usages:
  - client auth
`
}

const FILES: Record<string, string> = {
  'alice.yaml': csr('alice', ALICE, '  expirationSeconds: 86400\n'),
  'bob.yaml': csr('bob', ALICE),
  'frank.yaml': csr('frank', ALICE, '  expirationSeconds: 3600\n'),
  'eve.yaml': csr('eve', EVE, '  expirationSeconds: 600\n'),
  'short.yaml': csr('short', ALICE, '  expirationSeconds: 60\n'),
  'nopem.yaml': csr('nopem', 'hello\n'),
  'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm1\n',
  'cm-ns.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm1\n  namespace: default\n',
}

/** The session both clients go through, in order; `{dir}` is where the manifests are. */
const STEPS: string[] = [
  'create -f {dir}/alice.yaml',
  'create -f {dir}/bob.yaml',
  'create -f {dir}/eve.yaml',
  'create -f {dir}/short.yaml',
  'create -f {dir}/nopem.yaml',
  'create -f {dir}/cm.yaml',
  'get csr',
  'describe csr alice',
  'describe csr eve',
  'certificate approve',
  'certificate approve alice',
  'certificate approve alice',
  'certificate approve alice --force',
  'certificate deny alice',
  'certificate deny bob -o name',
  'certificate approve bob',
  'certificate approve nope bob eve',
  'certificate deny -f {dir}/cm.yaml',
  'certificate deny -f {dir}/cm-ns.yaml',
  'certificate approve csr/eve',
  'create -f {dir}/frank.yaml',
  'certificate approve frank -o json',
  'certificate deny frank -o yaml',
  'get csr',
  'get csr -o wide',
  'describe csr alice',
  'get csr alice -o jsonpath={.status.conditions[*].type}{.status.conditions[*].reason}',
  'get csr bob -o jsonpath={.status.conditions[0].message}',
]

const dir = mkdtempSync(join(tmpdir(), 'kubeplay-csr-'))
// kubectl names its writes' field manager after its file name: the binary must be called `kubectl`.
const binary = join(dir, 'kubectl')
if (real) symlinkSync(real, binary)

describe.skipIf(!real)(
  'CertificateSigningRequests: the real kubectl over serve and ours agree',
  () => {
    let twin: ServedTwin

    beforeAll(async () => {
      twin = await servedTwin({
        seed: 6,
        start: Date.parse('2026-03-01T10:00:00Z'),
        binary,
        dir,
      })
      for (const [name, text] of Object.entries(FILES)) {
        writeFileSync(join(dir, name), text)
        twin.ours.fs.write(join(dir, name), text)
      }
    })
    afterAll(() => twin?.stop())

    test('every step prints the same and exits the same', async () => {
      for (const step of STEPS) {
        const args = step.replaceAll('{dir}', dir).split(' ')
        const theirs = await twin.kubectl(args)
        const mine = twin.ours.run(args)
        expect({ step, ...mine }).toEqual({ step, ...theirs })
        twin.sim.advance(5000)
        twin.ours.sim.advance(5000)
      }
    }, 60_000)

    test('the approval left the same status, and no certificate was issued', () => {
      const strip = (o: Record<string, any>) =>
        (o.status?.conditions ?? []).map(
          ({ lastUpdateTime: _u, ...c }: Record<string, unknown>) => c,
        )
      for (const name of ['alice', 'bob', 'eve']) {
        const theirs = twin.sim.api.get(
          'certificatesigningrequests.certificates.k8s.io',
          undefined,
          name,
        )
        const mine = twin.ours.sim.api.get(
          'certificatesigningrequests.certificates.k8s.io',
          undefined,
          name,
        )
        // lastUpdateTime is the client's wall clock in kubectl; the rest is the server's.
        expect(strip(mine)).toEqual(strip(theirs))
        expect(theirs.status?.certificate).toBeUndefined()
        expect(theirs.metadata.managedFields?.at(-1)).toMatchObject({
          manager: 'kubectl',
          operation: 'Update',
          subresource: 'approval',
        })
      }
    })
  },
)

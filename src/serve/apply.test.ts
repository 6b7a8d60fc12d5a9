/**
 * Server-side apply compared with the real kubectl v1.32: the same commands run by the real
 * client against `kubeplay serve` and by our kubectl against a cluster of the same seed must print
 * the same (conflicts with kubectl's advice, forced applies, managedFields in -o yaml).
 */
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { findKubectl } from '../kubectl/oracleKubectl.ts'
import { servedTwin, type ServedTwin } from './servedTwin.ts'

const real = findKubectl()
if (!real) console.warn('SKIPPED: server-side apply through kubeplay serve needs kubectl v1.32')

const dir = mkdtempSync(join(tmpdir(), 'kubeplay-ssa-'))
const START = Date.parse('2026-03-01T10:00:00Z')
const SEED = 5
// kubectl names itself in its user agent after its file name, which becomes the field manager of
// writes without --field-manager (scale): the binary must be called `kubectl`.
const binary = join(dir, 'kubectl')
if (real) symlinkSync(real, binary)

function manifest(replicas: number, image: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: ${image}
        ports:
        - containerPort: 80
`
}

const FILES: Record<string, string> = {
  'web.yaml': manifest(3, 'nginx:1.25'),
  'team.yaml': manifest(4, 'nginx:1.26'),
  'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n',
  'noname.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    a: b\n',
}

/** The session both clients go through, in order; `{dir}` is where the manifests are. */
const STEPS: string[] = [
  'create deployment web --image=nginx:1.25 --replicas=2',
  'apply --server-side -f {dir}/web.yaml',
  'apply --server-side --force-conflicts -f {dir}/web.yaml',
  'apply --server-side --field-manager=team -f {dir}/team.yaml',
  'apply --server-side --field-manager=team --dry-run=server --force-conflicts -f {dir}/team.yaml',
  'scale deployment web --replicas=5',
  'apply --server-side -f {dir}/web.yaml',
  'get deployment web -o yaml --show-managed-fields',
  'get deployment web -o json',
  'apply --server-side -f {dir}/cm.yaml',
  'apply --server-side -f {dir}/cm.yaml -o yaml --show-managed-fields',
  'apply --force-conflicts -f {dir}/cm.yaml',
  'apply --server-side --dry-run=client -f {dir}/cm.yaml',
  'apply --server-side -f {dir}/noname.yaml',
]

describe.skipIf(!real)('server-side apply: the real kubectl over serve and ours agree', () => {
  let twin: ServedTwin

  beforeAll(async () => {
    twin = await servedTwin({ seed: SEED, start: START, binary, dir })
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
})

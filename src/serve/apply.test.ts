/**
 * Server-side apply compared with the real kubectl v1.32: the same commands run by the real
 * client against `kubeplay serve` and by our kubectl against a cluster of the same seed must print
 * the same (conflicts with kubectl's advice, forced applies, managedFields in -o yaml).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createSim, type Sim } from '../sim/sim.ts'
import { findKubectl } from '../kubectl/oracleKubectl.ts'
import { harness, type Harness } from '../kubectl/testHarness.ts'
import { startServer } from './server.ts'
import { kubeconfigFor } from './kubeconfig.ts'

const real = findKubectl()
if (!real) console.warn('SKIPPED: server-side apply through kubeplay serve needs kubectl v1.32')

const run = promisify(execFile)
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
  let sim: Sim
  let ours: Harness
  let kubeconfig = ''
  let stop: () => Promise<void> = async () => {}
  const kubectl = async (args: string[]): Promise<{ code: number; out: string; err: string }> => {
    try {
      const r = await run(binary, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8' })
      return { code: 0, out: r.stdout, err: r.stderr }
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string }
      return { code: x.code, out: x.stdout, err: x.stderr }
    }
  }

  beforeAll(async () => {
    sim = createSim({ seed: SEED, start: START })
    ours = harness({ seed: SEED, start: START })
    // No wall-clock ticks: both clusters move only when the test moves them.
    const s = await startServer(sim, { port: 0, speed: 0 })
    stop = s.stop
    kubeconfig = join(dir, 'config')
    writeFileSync(kubeconfig, kubeconfigFor(s.url))
    for (const [name, text] of Object.entries(FILES)) {
      writeFileSync(join(dir, name), text)
      ours.fs.write(join(dir, name), text)
    }
  })
  afterAll(() => stop())

  test('every step prints the same and exits the same', async () => {
    for (const step of STEPS) {
      const args = step.replaceAll('{dir}', dir).split(' ')
      const theirs = await kubectl(args)
      const mine = ours.run(args)
      expect({ step, ...mine }).toEqual({ step, ...theirs })
      sim.advance(5000)
      ours.sim.advance(5000)
    }
  }, 60_000)
})

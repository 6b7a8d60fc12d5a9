/**
 * `kubectl cp` both ways, the real kubectl v1.32 against `kubeplay serve` and ours on a twin
 * cluster: the same output, errors and exit codes, and the same files afterwards, on the local
 * side and in the containers.
 */
import { execFile } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { findKubectl } from '../oracleKubectl.ts'
import { harness, type Harness } from '../testHarness.ts'
import { startServer } from '../../serve/server.ts'
import { kubeconfigFor } from '../../serve/kubeconfig.ts'

const KUBECTL = findKubectl()
const START = Date.UTC(2025, 0, 6, 9, 0, 0)
const FILES: Record<string, string> = {
  'example.txt': 'hello\n',
  'dd/one': '1\n',
  'dd/s/two': 'zwei ü 二\n',
  'dd/nul': 'a\0b\u00ff\n',
}

interface Outcome {
  code: number
  out: string
  err: string
}

/** The exec's container-runtime id is the one thing each cluster draws for itself. */
const sameIds = (o: Outcome): Outcome => ({
  ...o,
  err: o.err.replace(/failed to start exec "[0-9a-f]{64}"/, 'failed to start exec "<id>"'),
})

/**
 * tar's last line comes after its archive; the real kubectl exits as soon as the archive has
 * ended, so whether that line still reaches its output is a race it loses on a real cluster
 * (the line travels on a stream of its own) and may win against a local server. Ours always
 * loses it; the real output is compared without it.
 */
const withoutLateLine = (o: Outcome): Outcome => ({
  ...o,
  out: o.out.replace(
    /^(tar: .*\n)(tar: Exiting with failure status due to previous errors|tar: error exit delayed from previous errors)\n$/,
    '$1',
  ),
})

/**
 * tar's lines travel on their own stream, copied to kubectl's output by a goroutine of their own;
 * kubectl may exit, once the archive is read or has failed it, before that copy is made. So the
 * real output may lack tar lines at its end that ours (which always shows them) has, and only those.
 */
function expectSame(args: string[], mine: Outcome, real: Outcome): void {
  const split = (o: Outcome) => {
    const lines = o.out.split(/(?<=\n)/)
    return {
      tar: lines.filter((l) => l.startsWith('tar: ')),
      rest: lines.filter((l) => !l.startsWith('tar: ')),
    }
  }
  const m = split(mine)
  const r = split(real)
  expect({ args, ...mine, out: m.rest.join('') }).toEqual({ args, ...real, out: r.rest.join('') })
  expect(m.tar.slice(0, r.tar.length)).toEqual(r.tar)
}

function runReal(
  binary: string,
  args: string[],
  cwd: string,
  kubeconfig: string,
): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      binary,
      ['--kubeconfig', kubeconfig, ...args],
      { cwd, encoding: 'utf8', timeout: 20_000, env: { PATH: process.env.PATH, HOME: cwd } },
      (err, out, stderr) => {
        const code = err ? (err as { code?: number | string }).code : 0
        resolve({ code: typeof code === 'number' ? code : -1, out, err: stderr })
      },
    )
  })
}

/** Every file under `dir` on disk, path → contents. */
function diskTree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of readdirSync(join(dir, prefix)).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name
    if (statSync(join(dir, rel)).isDirectory()) Object.assign(out, diskTree(dir, rel))
    else out[rel] = readFileSync(join(dir, rel), 'utf8')
  }
  return out
}

/** Every file under /root in our kubectl's file system, but its kubeconfig. */
function memTree(h: Harness, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of h.fs.list(`/root${prefix ? `/${prefix}` : ''}`) ?? []) {
    const rel = prefix ? `${prefix}/${name}` : name
    if (rel === '.kube') continue
    if (h.fs.isDir(`/root/${rel}`)) Object.assign(out, memTree(h, rel))
    else out[rel] = h.fs.read(`/root/${rel}`) ?? ''
  }
  return out
}

const TWO_CONTAINERS = `apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  containers:
  - name: app
    image: nginx
  - name: side
    image: busybox
    command: ["sleep", "3600"]
`

function withPods(): Harness {
  const h = harness({ seed: 7, start: START })
  h.run('run bb --image=busybox -- sleep 3600')
  h.run('run web --image=nginx')
  h.run('run bare --image=registry.k8s.io/pause:3.10')
  h.run('run done --image=busybox --restart=Never -- true')
  h.run('apply -f -', { stdin: TWO_CONTAINERS })
  h.sim.advance(30_000)
  return h
}

const CASES: string[][] = [
  ['cp', 'example.txt', 'bb:.'],
  ['cp', 'bb:example.txt', 'copy.txt'],
  ['cp', 'bb:/etc/hostname', 'h.txt'],
  ['cp', 'example.txt', 'web:/tmp'],
  ['cp', 'dd', 'web:/tmp/dd'],
  ['cp', 'dd/', 'bb:/tmp/dd2/'],
  ['cp', 'web:/tmp/dd', 'back'],
  ['cp', 'bb:/tmp/dd2', 'back2/'],
  ['cp', 'web:/tmp/dd/s/two', 'back/s/two-again'],
  ['cp', 'default/web:/tmp/example.txt', 'ns.txt'],
  ['cp', 'empty', 'bb:/tmp/empty'],
  ['cp', 'bb:/tmp/empty', 'empty-back'],
  ['cp', 'dd', 'bb:.'],
  ['cp', '--no-preserve', 'example.txt', 'web:/tmp/np.txt'],
  ['cp', '-n', 'default', 'bb:example.txt', 'nsflag.txt'],
  ['cp', 'example.txt', 'web:/nonexist/dir/f'],
  ['cp', 'example.txt', 'bb:/nonexist/dir/f'],
  ['cp', 'example.txt', 'two:/tmp/'],
  ['cp', 'two:/tmp/example.txt', 'from-two.txt'],
  ['cp', 'example.txt', 'two:/tmp/side.txt', '-c', 'side'],
  ['cp', 'two:/tmp/side.txt', 'from-side.txt', '-c', 'side'],
  ['cp', 'example.txt', 'done:/tmp/x'],
  ['cp', 'done:/etc/hostname', 'x'],
  ['cp', 'web:/tmp/dd/', 'back'],
  ['cp', 'web:/tmp/dd', 'back/'],
  ['cp', 'web:/nope', 'x'],
  ['cp', 'bb:/nope', 'x'],
  ['cp', 'web:/tmp/dd/one', '.'],
  ['cp', 'bb:./example.txt', 'e2'],
  ['cp', 'bb:example.txt', 'e3', '--retries=2'],
  ['cp', 'example.txt', 'bare:/x'],
  ['cp', 'nope', 'bb:/x'],
  ['cp', 'example.txt', 'nope:/x'],
  ['cp', 'example.txt', 'bb:/x', '-c', 'nope'],
  ['cp', 'bb:a', 'bb:b'],
  ['cp', 'a', 'b'],
]

describe.skipIf(!KUBECTL)('kubectl cp: the real kubectl through serve and ours', () => {
  let served: Harness
  let ours: Harness
  let cwd = ''
  let kubeconfig = ''
  let stop: () => Promise<void> = async () => {}

  beforeAll(async () => {
    served = withPods()
    ours = withPods()
    const s = await startServer(served.sim, { port: 0, speed: 0 })
    stop = s.stop
    const home = mkdtempSync(join(tmpdir(), 'kubeplay-cp-'))
    kubeconfig = join(home, 'config')
    writeFileSync(kubeconfig, kubeconfigFor(s.url))
    cwd = join(home, 'root')
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(join(cwd, path, '..'), { recursive: true })
      writeFileSync(join(cwd, path), text)
      ours.fs.write(`/root/${path}`, text)
    }
    mkdirSync(join(cwd, 'empty'))
    ours.fs.mkdir('/root/empty')
    return () => rmSync(home, { recursive: true, force: true })
  })
  afterAll(() => stop())

  test('every case prints and exits the same, and leaves the same files', async () => {
    for (const args of CASES) {
      const real = withoutLateLine(sameIds(await runReal(KUBECTL!, args, cwd, kubeconfig)))
      const mine = sameIds(ours.run(args))
      expectSame(args, mine, real)
    }
    expect(memTree(ours)).toEqual(diskTree(cwd))
    for (const [pod, path] of [
      ['bb', '/example.txt'],
      ['web', '/tmp/example.txt'],
      ['web', '/tmp/dd/s/two'],
      ['bb', '/tmp/dd2/s/two'],
      ['bb', '/dd/one'],
      ['web', '/tmp/dd/nul'],
      ['two', '/tmp/example.txt'],
      ['web', '/tmp/np.txt'],
    ]) {
      const args = ['exec', pod, '--', 'cat', path]
      expect(ours.run(args)).toEqual(served.run(args))
      expect({ args, ...ours.run(args) }).toMatchObject({ args, code: 0 })
    }
  }, 120_000)
})

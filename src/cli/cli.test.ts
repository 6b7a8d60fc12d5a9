import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { chunks, incomplete } from './script.ts'

const bin = fileURLToPath(new URL('../../bin/kubeplay.mjs', import.meta.url))

function kubeplay(
  args: string[],
  input = '',
): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [bin, ...args], {
    input,
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { stdout: r.stdout, stderr: r.stderr, status: r.status }
}

const SCRIPT = [
  '# a lesson in one go',
  'kubectl create deployment web --image=nginx --replicas=2',
  'for i in 1 2; do',
  '  echo "round $i"',
  'done',
  'cat <<YAML > pod.yaml',
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: one',
  'spec:',
  '  containers:',
  '  - name: c',
  '    image: nginx',
  'YAML',
  '',
  'kubectl apply -f pod.yaml',
  'sleep 20',
  'kubectl get pods -o wide',
  'nosuch',
  '',
].join('\n')

// Each run starts node, compiles the sources with tsx and boots a cluster: seconds, not milliseconds.
describe('kubeplay run', { timeout: 60_000 }, () => {
  it('prints what the terminal shows, the same on every run', () => {
    const a = kubeplay(['run', '--seed', '5', '-'], SCRIPT)
    const b = kubeplay(['run', '--seed', '5', '-'], SCRIPT)
    expect(a.stdout).toBe(b.stdout)
    expect(a.stderr).toBe(b.stderr)
    expect(a.stdout).toContain(
      'deployment.apps/web created\nround 1\nround 2\npod/one created\nNAME ',
    )
    expect(a.stdout.match(/Running/g)).toHaveLength(3)
    expect(a.stderr).toBe('bash: nosuch: command not found\n')
    expect(a.status).toBe(127)
  })

  it('stops at exit with its code', () => {
    const r = kubeplay(['run', '-'], 'echo one\nexit 4\necho two\n')
    expect(r).toEqual({ stdout: 'one\n', stderr: '', status: 4 })
  })

  it('shows help and version, and rejects bad usage', () => {
    expect(kubeplay(['--version']).stdout).toMatch(
      /^kubeplay \d+\.\d+\.\d+ \(Kubernetes v1\.32\.\d+, simulated\)\n$/,
    )
    expect(kubeplay(['--help']).stdout).toMatch(/\n {2}run +run a shell script/)
    const bad = kubeplay(['run', '--cluster', 'nope', '-'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('unknown cluster "nope"')
  })
})

describe('script chunks', () => {
  it('groups multi-line constructs and drops blanks and comments', () => {
    const script = [
      'a',
      '',
      '# c',
      'if true; then',
      '  b',
      'fi',
      'cat <<X',
      'x',
      'X',
      'echo a \\',
      '  b',
      '',
    ].join('\n')
    expect([...chunks(script)]).toEqual([
      'a',
      'if true; then\n  b\nfi',
      'cat <<X\nx\nX',
      'echo a \\\n  b',
    ])
  })

  it('knows when the shell would ask for more', () => {
    expect(incomplete('for i in 1; do\n')).toBe(true)
    expect(incomplete('echo "a\n')).toBe(true)
    expect(incomplete('echo done\n')).toBe(false)
    expect(incomplete('done\n')).toBe(false)
  })
})

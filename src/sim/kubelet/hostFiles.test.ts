import { describe, expect, it } from 'vitest'
import { createSession, runLineSync } from '../../session/session.ts'
import { podEvents } from './testing.ts'

function session(files: Record<string, string>) {
  const s = createSession({ seed: 1, files })
  const run = (line: string) => runLineSync(s, line, { isTTY: false, interruptAfterMs: 2000 })
  return { sim: s.sim, run }
}

function pod(name: string, command: string, volumes: [string, string, string?][]): string {
  const mounts = volumes.map(
    ([n, , mountPath]) => `    - {name: ${n}, mountPath: ${mountPath ?? '/' + n}}`,
  )
  const vols = volumes.map(([n, hostPath]) => `  - name: ${n}\n    hostPath: ${hostPath}`)
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  nodeName: worker-1
  containers:
  - name: c
    image: busybox
    command: ["sh", "-c", ${JSON.stringify(command)}]
    volumeMounts:
${mounts.join('\n')}
  volumes:
${vols.join('\n')}
`
}

/** Each case boots a whole cluster. */
const SLOW = 30_000

describe('hostPath volumes see the node', () => {
  it(
    'a File volume mounts the node file itself (the basic-daemonset example)',
    () => {
      const manifest = pod('mid', 'cat /etc/machine-id > /var/log/machine-id.log; sleep 3600', [
        ['machine-id', '{path: /etc/machine-id, type: File}', '/etc/machine-id'],
        ['log-dir', '{path: /var/log}', '/var/log'],
      ])
      const { sim, run } = session({ 'p.yaml': manifest })
      run('kubectl apply -f p.yaml')
      sim.advance(30_000)
      expect(run('kubectl get pod mid --no-headers').stdout).toMatch(/1\/1 +Running/)
      const id = run('kubectl exec mid -- cat /etc/machine-id').stdout
      expect(id).toMatch(/^[0-9a-f]{32}\n$/)
      // The node's own directory, with what the pod wrote in it.
      expect(run('kubectl exec mid -- ls /var/log').stdout).toBe(
        'containers\nmachine-id.log\npods\n',
      )
      expect(run('kubectl exec mid -- cat /var/log/machine-id.log').stdout).toBe(id)
    },
    SLOW,
  )

  it(
    'paths that are not what the type asks for fail to mount with the kubelet words',
    () => {
      const manifest = [
        pod('nodir', 'sleep 3600', [['x', '{path: /nope, type: Directory}']]),
        pod('notfile', 'sleep 3600', [['y', '{path: /var/log, type: File}']]),
        pod('nosock', 'sleep 3600', [['z', '{path: /etc/hostname, type: Socket}']]),
      ].join('---\n')
      const { sim, run } = session({ 'p.yaml': manifest })
      run('kubectl apply -f p.yaml')
      sim.advance(20_000)
      for (const p of ['nodir', 'notfile', 'nosock'])
        expect(run(`kubectl get pod ${p} --no-headers`).stdout).toMatch(/0\/1 +ContainerCreating/)
      expect(podEvents(sim, 'nodir')).toContain(
        'Warning FailedMount MountVolume.SetUp failed for volume "x" : hostPath type check failed: /nope is not a directory',
      )
      expect(podEvents(sim, 'notfile')).toContain(
        'Warning FailedMount MountVolume.SetUp failed for volume "y" : hostPath type check failed: /var/log is not a file',
      )
      expect(podEvents(sim, 'nosock')).toContain(
        'Warning FailedMount MountVolume.SetUp failed for volume "z" : hostPath type check failed: /etc/hostname is not a socket file',
      )
    },
    SLOW,
  )

  it(
    'OrCreate types make the path, which later pods on the node then find',
    () => {
      const first = pod('maker', 'sleep 3600', [
        ['f', '{path: /data/f.txt, type: FileOrCreate}', '/f'],
        ['d', '{path: /data/dir, type: DirectoryOrCreate}', '/d'],
      ])
      const second = pod('reader', 'sleep 3600', [
        ['f', '{path: /data/f.txt, type: File}', '/f'],
        ['d', '{path: /data/dir, type: Directory}', '/d'],
      ])
      const { sim, run } = session({ 'a.yaml': first, 'b.yaml': second })
      run('kubectl apply -f a.yaml')
      sim.advance(20_000)
      // Made at mount time, before anything in the first pod wrote there.
      run('kubectl apply -f b.yaml')
      sim.advance(20_000)
      expect(run('kubectl get pod reader --no-headers').stdout).toMatch(/1\/1 +Running/)
      expect(run('kubectl exec maker -- sh -c "echo made > /f; mkdir -p /d/sub"').exitCode).toBe(0)
      expect(run('kubectl exec reader -- cat /f').stdout).toBe('made\n')
      expect(run('kubectl exec reader -- ls /d').stdout).toBe('sub\n')
    },
    SLOW,
  )
})

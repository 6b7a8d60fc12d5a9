import { describe, expect, it } from 'vitest'
import { createSession, restoreSession, runLineSync } from '../session/session.ts'
import { shareTabs, withoutHomeFiles } from './homeFiles.ts'

describe('what "include my files" leaves out', () => {
  it(
    'drops the files in /root and keeps the cluster, kubeconfig and node files',
    { timeout: 30_000 },
    () => {
      const s = createSession({ seed: 2, files: { 'web.yaml': 'kind: Pod\n', 'dir/x.txt': 'x' } })
      runLineSync(s, 'kubectl create configmap keep --from-literal=a=b')
      const snap = s.snapshot()
      const bare = restoreSession(withoutHomeFiles(snap))
      expect(bare.fs.read('/root/web.yaml')).toBeUndefined()
      expect(bare.fs.exists('/root/dir')).toBe(false)
      expect(bare.fs.read('/root/.kube/config')).toBe(s.fs.read('/root/.kube/config'))
      expect(bare.fs.read('/etc/hostname')).toBe(s.fs.read('/etc/hostname'))
      expect(runLineSync(bare, 'kubectl get cm keep -o name').stdout).toBe('configmap/keep\n')
      // The original is untouched.
      expect(restoreSession(snap).fs.read('/root/web.yaml')).toBe('kind: Pod\n')
    },
  )

  it('carries only unsaved buffers as text', () => {
    expect(
      shareTabs([
        { path: '/root/a.yaml', content: 'a', saved: 'a' },
        { path: '/root/b.yaml', content: 'b typed', saved: 'b' },
        { path: '/root/new.yaml', content: '', saved: '' },
      ]),
    ).toEqual([
      { path: '/root/a.yaml' },
      { path: '/root/b.yaml', content: 'b typed' },
      { path: '/root/new.yaml' },
    ])
  })
})

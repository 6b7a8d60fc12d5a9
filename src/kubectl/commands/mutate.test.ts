import { describe, expect, test } from 'vitest'
import { harness } from '../testHarness.ts'

const POD =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: p\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n'

describe('patch, replace, edit, diff', () => {
  test('patch: strategic, merge, json, no change, invalid', () => {
    const h = harness()
    h.run('create deployment web --image=nginx:1.27')
    expect(h.run(['patch', 'deploy', 'web', '-p', '{"spec":{"replicas":3}}']).out).toBe(
      'deployment.apps/web patched\n',
    )
    expect(h.run(['patch', 'deploy', 'web', '-p', '{"spec":{"replicas":3}}']).out).toBe(
      'deployment.apps/web patched (no change)\n',
    )
    expect(
      h.run(['patch', 'deploy', 'web', '--type=merge', '-p', 'metadata:\n  labels:\n    x: y']).out,
    ).toBe('deployment.apps/web patched\n')
    expect(
      h.run([
        'patch',
        'deploy',
        'web',
        '--type=json',
        '-p',
        '[{"op":"replace","path":"/spec/replicas","value":1}]',
      ]).out,
    ).toBe('deployment.apps/web patched\n')
    expect(h.run(['patch', 'deploy', 'web', '-p', '{"spec":{"replicas":-1}}']).err).toBe(
      'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
    )
    expect(h.run('patch deploy web').err).toBe(
      'error: must specify --patch or --patch-file containing the contents of the patch\n',
    )
    const d = h.sim.api.get('deployments.apps', 'default', 'web')
    expect(d.spec.replicas).toBe(1)
    expect(d.metadata.labels).toEqual({ app: 'web', x: 'y' })
  })

  test('replace and replace --force', () => {
    const h = harness()
    h.fs.write(
      '/root/cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n',
    )
    expect(h.run('replace -f cm.yaml').err).toBe(
      'Error from server (NotFound): error when replacing "cm.yaml": configmaps "c" not found\n',
    )
    h.run('create -f cm.yaml')
    h.fs.write(
      '/root/cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "2"\n',
    )
    expect(h.run('replace -f cm.yaml').out).toBe('configmap/c replaced\n')
    expect(h.sim.api.get('configmaps', 'default', 'c').data).toEqual({ a: '2' })
    h.fs.write('/root/p.yaml', POD)
    h.run('create -f p.yaml')
    h.sim.advance(30_000)
    const uid = h.sim.api.get('pods', 'default', 'p').metadata.uid
    expect(h.run('replace --force -f p.yaml').out).toBe('pod "p" deleted\npod/p replaced\n')
    expect(h.sim.api.get('pods', 'default', 'p').metadata.uid).not.toBe(uid)
  })

  test('edit: header, saved change, invalid change re-opened, nothing changed', () => {
    const h = harness()
    h.run('create deployment web --image=nginx:1.27')
    let first = ''
    const ok = h.run('edit deploy web', {
      edit: (path) => {
        first = h.fs.read(path)!
        h.fs.write(path, first.replace('replicas: 1', 'replicas: 2'))
      },
    })
    expect(
      first.startsWith(
        "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\napiVersion: apps/v1\nkind: Deployment\n",
      ),
    ).toBe(true)
    expect(ok).toEqual({ code: 0, out: 'deployment.apps/web edited\n', err: '' })
    expect(h.sim.api.get('deployments.apps', 'default', 'web').spec.replicas).toBe(2)
    const seen: string[] = []
    const bad = h.run('edit deploy web', {
      edit: (path) => {
        const t = h.fs.read(path)!
        seen.push(t)
        // The first save is invalid; the re-opened file is then saved unchanged.
        if (seen.length === 1) h.fs.write(path, t.replace('replicas: 2', 'replicas: -5'))
      },
    })
    expect(seen[1]).toContain(
      '#\n# deployments.apps "web" was not valid:\n# * spec.replicas: Invalid value: -5: must be greater than or equal to 0\n#\n',
    )
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(
      /^A copy of your changes has been stored to "\/tmp\/kubectl-edit-\d+\.yaml"\nerror: Edit cancelled, no valid changes were saved\.\n$/,
    )
    expect(h.run('edit deploy web', { edit: () => {} })).toEqual({
      code: 0,
      out: '',
      err: 'Edit cancelled, no changes made.\n',
    })
  })

  test('diff exits 1 with a unified diff, 0 when in sync', () => {
    const h = harness()
    h.fs.write(
      '/root/cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n',
    )
    h.run('apply -f cm.yaml')
    expect(h.run('diff -f cm.yaml')).toEqual({ code: 0, out: '', err: '' })
    h.fs.write(
      '/root/cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "2"\n',
    )
    const r = h.run('diff -f cm.yaml')
    expect(r.code).toBe(1)
    const lines = r.out.split('\n')
    expect(lines[0]).toMatch(
      /^diff -u -N \/tmp\/LIVE-\d+\/v1\.ConfigMap\.default\.c \/tmp\/MERGED-\d+\/v1\.ConfigMap\.default\.c$/,
    )
    expect(lines[1]).toMatch(
      /^--- \/tmp\/LIVE-\d+\/v1\.ConfigMap\.default\.c\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.000000000 \+0000$/,
    )
    expect(r.out).toContain('\n-  a: "1"\n+  a: "2"\n')
  })
})

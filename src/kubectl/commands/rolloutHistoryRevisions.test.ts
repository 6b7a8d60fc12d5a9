import { describe, expect, it } from 'vitest'
import { harness } from '../testHarness.ts'

const DS = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: nginx:1.26
`

describe('kubectl rollout history of a DaemonSet', () => {
  const h = harness()
  h.fs.write('/root/ds.yaml', DS)
  h.run('apply -f /root/ds.yaml')
  h.sim.advance(30_000)
  h.run('set image daemonset/agent agent=nginx:1.27')
  h.sim.advance(60_000)

  it('lists the ControllerRevisions by revision, with their change cause', () => {
    expect(h.run('rollout history daemonset/agent')).toEqual({
      code: 0,
      out: 'daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n',
      err: '',
    })
  })

  it('shows the pod template a revision recorded', () => {
    const r = h.run('rollout history daemonset/agent --revision=1')
    expect(r.out).toMatch(/^daemonset\.apps\/agent with revision #1\nPod Template:\n/)
    expect(r.out).toContain('    Image:         nginx:1.26\n')
    expect(h.run('rollout history daemonset/agent --revision=2').out).toContain('nginx:1.27')
    expect(h.run('rollout history daemonset/agent --revision=9').err).toBe(
      'error: unable to find the specified revision\n',
    )
  })

  it('has no history viewer for kinds that keep none', () => {
    h.run('create configmap c')
    expect(h.run('rollout history configmap/c').err).toBe(
      'error: no history viewer has been implemented for "ConfigMap"\n',
    )
  })
})

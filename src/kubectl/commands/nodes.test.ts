import { describe, expect, test } from 'vitest'
import { harness } from '../testHarness.ts'
import { defaultCluster } from '../../sim/cluster/spec.ts'

describe('node maintenance through kubectl', () => {
  test('cordon, uncordon and their already- forms', () => {
    const h = harness()
    expect(h.run('cordon worker-1').out).toBe('node/worker-1 cordoned\n')
    expect(h.run('cordon worker-1').out).toBe('node/worker-1 already cordoned\n')
    expect(h.sim.api.get('nodes', undefined, 'worker-1').spec.unschedulable).toBe(true)
    expect(h.run('uncordon worker-1').out).toBe('node/worker-1 uncordoned\n')
    expect(h.run('uncordon').err).toBe(
      "error: USAGE: uncordon NODE [flags]\nSee 'kubectl uncordon -h' for help and examples\n",
    )
    expect(h.run('cordon nope').err).toBe('Error from server (NotFound): nodes "nope" not found\n')
  })

  test('drain refuses DaemonSet and bare pods, then evicts with the flags', () => {
    const h = harness()
    h.run('create deployment web --image=nginx:1.27 --replicas=2')
    h.run(['run', 'solo', '--image=nginx:1.27', '--overrides', '{"spec":{"nodeName":"worker-1"}}'])
    h.run('cordon worker-2')
    h.sim.advance(60_000)
    const refused = h.run('drain worker-1')
    expect(refused.code).toBe(1)
    expect(refused.out).toBe('node/worker-1 cordoned\n')
    expect(refused.err).toMatch(
      /^error: unable to drain node "worker-1", aborting command\.\.\.\n\nThere are pending nodes to be drained:\n worker-1\n/,
    )
    expect(refused.err).toContain(
      'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/',
    )
    expect(refused.err).toContain(
      'cannot delete Pods declare no controller (use --force to override): default/solo',
    )
    const r = h.run('drain worker-1 --ignore-daemonsets --force')
    expect(r.code).toBe(0)
    expect(r.err).toMatch(
      /^Warning: deleting Pods that declare no controller: default\/solo; ignoring DaemonSet-managed Pods: /,
    )
    const lines = r.out.trimEnd().split('\n')
    expect(lines[0]).toBe('node/worker-1 already cordoned')
    expect(lines).toContain('evicting pod default/solo')
    expect(lines).toContain('pod/solo evicted')
    expect(lines.at(-1)).toBe('node/worker-1 drained')
    const left = h.sim.api.list('pods', { fieldSelector: 'spec.nodeName=worker-1' }).items
    expect(left.every((p) => p.metadata.ownerReferences?.[0]?.kind === 'DaemonSet')).toBe(true)
  })

  test('taint and untaint', () => {
    const h = harness()
    expect(h.run('taint nodes worker-2 dedicated=gpu:NoSchedule').out).toBe(
      'node/worker-2 tainted\n',
    )
    expect(h.run('taint nodes worker-2 dedicated=gpu:NoSchedule').err).toBe(
      'error: node worker-2 already has dedicated taint(s) with same effect(s) and --overwrite is false\n',
    )
    expect(h.sim.api.get('nodes', undefined, 'worker-2').spec.taints).toEqual([
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
    ])
    expect(h.run('taint nodes worker-2 dedicated:NoSchedule-').out).toBe(
      'node/worker-2 untainted\n',
    )
    expect(h.run('taint nodes worker-2 dedicated-').err).toBe(
      'error: taint "dedicated" not found\n',
    )
  })

  test('top needs metrics-server', () => {
    const h = harness()
    expect(h.run('top nodes').err).toBe('error: Metrics API not available\n')
    const m = harness({ cluster: { ...defaultCluster(), metricsServer: true } })
    m.run('run web --image=nginx:1.27')
    m.sim.advance(60_000)
    const pods = m.run('top pods')
    expect(pods.out).toMatch(/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s+\nweb\s+\d+m\s+\d+Mi\s+\n$/)
    const nodes = m.run('top node')
    expect(nodes.out.split('\n')[0]).toMatch(
      /^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)\s+$/,
    )
  })
})

import { describe, expect, it } from 'vitest'
import { createSim, Sim } from '../sim.ts'
import { defaultCluster, type ClusterSpec } from '../cluster/spec.ts'
import { schedulingDiagnosis } from './scheduler.ts'
import { createPod, eventsFor, podManifest, scheduledCondition, withRequests } from './testPods.ts'

const TAINT = '{node-role.kubernetes.io/control-plane: }'

function failedMessage(sim: Sim, name: string): string | undefined {
  const ev = eventsFor(sim, name).filter((e) => e.reason === 'FailedScheduling')
  return ev.at(-1)?.message
}

function cordon(sim: Sim, node: string, on: boolean): void {
  sim.api.patch('nodes', undefined, node, 'merge', { spec: { unschedulable: on || null } })
  sim.settle()
}

describe('scheduler: binding', () => {
  it('binds a pod, sets PodScheduled=True and records the Scheduled event', () => {
    const sim = createSim({ seed: 7 })
    const pod = createPod(sim, podManifest('web'))
    expect(['worker-1', 'worker-2']).toContain(pod.spec.nodeName)
    expect(scheduledCondition(pod)).toMatchObject({ type: 'PodScheduled', status: 'True' })
    const ev = eventsFor(sim, 'web').find((e) => e.reason === 'Scheduled')!
    expect(ev.message).toBe(`Successfully assigned default/web to ${pod.spec.nodeName}`)
    expect(ev.type).toBe('Normal')
    expect(ev.source.component).toBe('default-scheduler')
  })

  it('never places ordinary pods on the tainted control-plane node, and spreads them', () => {
    const sim = createSim({ seed: 3 })
    const counts: Record<string, number> = {}
    for (let i = 0; i < 10; i++) {
      const p = createPod(sim, podManifest(`p${i}`, withRequests('100m', '64Mi')))
      counts[p.spec.nodeName] = (counts[p.spec.nodeName] ?? 0) + 1
    }
    expect(counts['control-plane']).toBeUndefined()
    expect(Math.abs((counts['worker-1'] ?? 0) - (counts['worker-2'] ?? 0))).toBeLessThanOrEqual(2)
  })

  it('is deterministic for a seed', () => {
    const place = (seed: number): string[] => {
      const sim = createSim({ seed })
      return Array.from({ length: 8 }, (_, i) => createPod(sim, podManifest(`p${i}`)).spec.nodeName)
    }
    expect(place(11)).toEqual(place(11))
  })
})

describe('scheduler: FailedScheduling messages', () => {
  it('insufficient cpu on a 3-node kubeadm cluster, word for word', () => {
    const sim = createSim()
    const pod = createPod(sim, podManifest('big', withRequests('3')))
    const msg = `0/3 nodes are available: 1 node(s) had untolerated taint ${TAINT}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`
    expect(pod.spec.nodeName).toBeUndefined()
    expect(scheduledCondition(pod)).toMatchObject({
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
      message: msg,
    })
    const ev = eventsFor(sim, 'big').find((e) => e.reason === 'FailedScheduling')!
    expect(ev.type).toBe('Warning')
    expect(ev.message).toBe(msg)
    expect(ev.source.component).toBe('default-scheduler')
  })

  it('reports cpu and memory together for one node', () => {
    const sim = createSim()
    createPod(sim, podManifest('huge', withRequests('3', '64Gi')))
    expect(failedMessage(sim, 'huge')).toBe(
      `0/3 nodes are available: 1 node(s) had untolerated taint ${TAINT}, 2 Insufficient cpu, 2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
    )
  })

  it('nodeSelector mismatch', () => {
    const sim = createSim()
    createPod(sim, podManifest('sel', { nodeSelector: { disktype: 'ssd' } }))
    expect(failedMessage(sim, 'sel')).toBe(
      `0/3 nodes are available: 1 node(s) had untolerated taint ${TAINT}, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`,
    )
  })

  it('cordoned nodes, then uncordon schedules the pod after back-off', () => {
    const sim = createSim()
    cordon(sim, 'worker-1', true)
    cordon(sim, 'worker-2', true)
    createPod(sim, podManifest('wait'))
    expect(failedMessage(sim, 'wait')).toBe(
      `0/3 nodes are available: 1 node(s) had untolerated taint ${TAINT}, 2 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`,
    )
    cordon(sim, 'worker-2', false)
    sim.advance(2_000)
    expect(sim.api.get('pods', 'default', 'wait').spec.nodeName).toBe('worker-2')
  })

  it('taints and tolerations', () => {
    const sim = createSim()
    for (const n of ['worker-1', 'worker-2'])
      sim.api.patch('nodes', undefined, n, 'merge', {
        spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
      })
    sim.settle()
    createPod(sim, podManifest('plain'))
    expect(failedMessage(sim, 'plain')).toBe(
      `0/3 nodes are available: 1 node(s) had untolerated taint ${TAINT}, 2 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`,
    )
    const tolerant = createPod(
      sim,
      podManifest('tolerant', {
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }],
      }),
    )
    expect(['worker-1', 'worker-2']).toContain(tolerant.spec.nodeName)
  })

  it('host ports in use', () => {
    const sim = createSim()
    const hostPort = {
      containers: [
        { name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80, hostPort: 8080 }] },
      ],
    }
    createPod(sim, podManifest('a', hostPort))
    createPod(sim, podManifest('b', hostPort))
    createPod(sim, podManifest('c', hostPort))
    expect(failedMessage(sim, 'c')).toBe(
      `0/3 nodes are available: 1 node(s) had untolerated taint ${TAINT}, 2 node(s) didn't have free ports for the requested pod ports. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
    )
  })

  it('too many pods; "T" sorts before "n" as Go sort.Strings does', () => {
    const base = defaultCluster()
    const cluster: ClusterSpec = { ...base, nodes: [base.nodes[0], { ...base.nodes[1], pods: 3 }] }
    const sim = createSim({ cluster })
    for (let i = 0; i < 4; i++) createPod(sim, podManifest(`p${i}`))
    const failed = [0, 1, 2, 3].map((i) => failedMessage(sim, `p${i}`)).filter(Boolean)
    expect(failed.at(-1)).toBe(
      `0/2 nodes are available: 1 Too many pods, 1 node(s) had untolerated taint ${TAINT}. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.`,
    )
  })

  it('missing and unbound claims fail in PreFilter', () => {
    const sim = createSim()
    const vol = (claim: string): Record<string, unknown> => ({
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }],
    })
    createPod(sim, podManifest('nopvc', vol('nope')))
    expect(failedMessage(sim, 'nopvc')).toBe(
      '0/3 nodes are available: persistentvolumeclaim "nope" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    )
    sim.api.create('persistentvolumeclaims', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'manual', namespace: 'default' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: 'manual',
        resources: { requests: { storage: '1Gi' } },
      },
    })
    createPod(sim, podManifest('unbound', vol('manual')))
    expect(failedMessage(sim, 'unbound')).toBe(
      '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    )
  })

  it('no nodes at all', () => {
    const cluster: ClusterSpec = { ...defaultCluster(), nodes: [] }
    const sim = createSim({ cluster })
    createPod(sim, podManifest('alone'))
    expect(failedMessage(sim, 'alone')).toBe('no nodes available to schedule pods')
  })
})

describe('scheduler: retries and diagnosis', () => {
  it('schedules a pending pod once a deleted pod frees cpu', () => {
    const sim = createSim()
    createPod(sim, podManifest('hog1', withRequests('1500m')))
    createPod(sim, podManifest('hog2', withRequests('1500m')))
    createPod(sim, podManifest('late', withRequests('1500m')))
    expect(sim.api.get('pods', 'default', 'late').spec.nodeName).toBeUndefined()
    const freed = sim.api.get('pods', 'default', 'hog1').spec.nodeName
    sim.api.delete('pods', 'default', 'hog1', { gracePeriodSeconds: 0 })
    sim.advance(2_000)
    expect(sim.api.get('pods', 'default', 'late').spec.nodeName).toBe(freed)
  })

  it('keeps every filter verdict per node for the last failed attempt', () => {
    const sim = createSim()
    createPod(sim, podManifest('big', withRequests('3')))
    const d = schedulingDiagnosis(sim, 'default', 'big')!
    expect(d.totalNodes).toBe(3)
    expect(d.filters['control-plane'].TaintToleration).toBe(
      `node(s) had untolerated taint ${TAINT}`,
    )
    expect(d.filters['worker-1'].TaintToleration).toBe('passed')
    expect(d.filters['worker-1'].NodeResourcesFit).toBe('Insufficient cpu')
    expect(d.filters['worker-1'].NodePorts).toBe('skipped')
    expect(d.message).toMatch(/^0\/3 nodes are available/)
    expect(JSON.parse(JSON.stringify(d))).toEqual(d)
    sim.api.delete('pods', 'default', 'big')
    sim.settle()
    expect(schedulingDiagnosis(sim, 'default', 'big')).toBeUndefined()
  })

  it('keeps grids for the latest 100 failures and evaluates older ones afresh', () => {
    const sim = createSim()
    for (let i = 0; i <= 100; i++) createPod(sim, podManifest(`big-${i}`, withRequests('3')))
    expect(schedulingDiagnosis(sim, 'default', 'big-100')?.recomputed).toBeUndefined()
    const old = schedulingDiagnosis(sim, 'default', 'big-0')!
    expect(old.recomputed).toBe(true)
    expect(old.attempts).toBe(1)
    expect(old.message).toMatch(/2 Insufficient cpu\./)
    expect(old.filters['worker-2'].NodeResourcesFit).toBe('Insufficient cpu')
  })

  it('survives a snapshot: back-off state and diagnoses restore', () => {
    const sim = createSim()
    createPod(sim, podManifest('big', withRequests('3')))
    const restored = Sim.restore(sim.snapshot())
    expect(schedulingDiagnosis(restored, 'default', 'big')?.attempts).toBe(1)
    restored.advance(6 * 60_000)
    expect(schedulingDiagnosis(restored, 'default', 'big')?.attempts).toBe(2)
  })
})

import { describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import { startNode, stopNode } from './leaseController.ts'
import { createPod, eventsFor, podManifest } from '../scheduler/testPods.ts'

function node(sim: Sim, name: string): KObject {
  return sim.api.get('nodes', undefined, name)
}

function ready(sim: Sim, name: string): Record<string, string> {
  return node(sim, name).status.conditions.find((c: { type: string }) => c.type === 'Ready')
}

function taints(sim: Sim, name: string): string[] {
  return (node(sim, name).spec.taints ?? []).map((t: KObject) => `${t.key}:${t.effect}`)
}

/** A pod pinned to worker-1 with the default 300 s tolerations the API server adds. */
function podOnWorker1(sim: Sim, name: string): KObject {
  return createPod(sim, podManifest(name, { nodeName: 'worker-1' }))
}

describe('node heartbeats', () => {
  it('renews node leases every 10 s without touching the Node', () => {
    const sim = createSim()
    const before = sim.api.get('leases.coordination.k8s.io', 'kube-node-lease', 'worker-1')
    const nodeRv = node(sim, 'worker-1').metadata.resourceVersion
    sim.advance(10_000)
    const after = sim.api.get('leases.coordination.k8s.io', 'kube-node-lease', 'worker-1')
    expect(Date.parse(after.spec.renewTime) - Date.parse(before.spec.renewTime)).toBe(10_000)
    expect(after.spec).toMatchObject({ holderIdentity: 'worker-1', leaseDurationSeconds: 40 })
    expect(node(sim, 'worker-1').metadata.resourceVersion).toBe(nodeRv)
    // The conditions are re-posted every 5 minutes; their transition times stay.
    sim.advance(5 * 60_000)
    const r = ready(sim, 'worker-1')
    expect(Date.parse(r.lastHeartbeatTime) - Date.parse(r.lastTransitionTime)).toBe(300_000)
  })
})

describe('node lifecycle', () => {
  it('stop → Unknown after the 40 s grace period → unreachable taints → eviction after 300 s', () => {
    const sim = createSim()
    podOnWorker1(sim, 'victim')
    const tolerant = podManifest('stays', {
      nodeName: 'worker-1',
      tolerations: [
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      ],
    })
    createPod(sim, tolerant)
    stopNode(sim, 'worker-1')
    sim.advance(35_000)
    expect(ready(sim, 'worker-1').status).toBe('True')
    sim.advance(15_000)
    expect(ready(sim, 'worker-1')).toMatchObject({
      type: 'Ready',
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    })
    const conds = node(sim, 'worker-1').status.conditions.map((c: KObject) => c.status)
    expect(conds).toEqual(['Unknown', 'Unknown', 'Unknown', 'Unknown'])
    expect(taints(sim, 'worker-1')).toEqual([
      'node.kubernetes.io/unreachable:NoSchedule',
      'node.kubernetes.io/unreachable:NoExecute',
    ])
    const tainted = Date.parse(node(sim, 'worker-1').spec.taints[1].timeAdded)
    let marked: KObject | undefined
    sim.watch((ev) => {
      const o = ev.object
      if (ev.resource === 'pods' && o.metadata.name === 'victim' && !marked)
        if (o.metadata.deletionTimestamp) marked = o
    })
    sim.advanceTo(tainted + 299_000)
    expect(marked).toBeUndefined()
    sim.advanceTo(tainted + 300_000)
    expect(marked).toBeDefined()
    expect(
      marked!.status.conditions.find((c: KObject) => c.type === 'DisruptionTarget'),
    ).toMatchObject({
      status: 'True',
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
    })
    const ev = eventsFor(sim, 'victim').find((e) => e.reason === 'TaintManagerEviction')!
    expect(ev.message).toBe('Marking for deletion Pod default/victim')
    expect(ev.source.component).toBe('taint-eviction-controller')
    expect(sim.api.get('pods', 'default', 'stays').metadata.deletionTimestamp).toBeUndefined()
  })

  it('a stopped node gets no new pods, and start makes it Ready without taints', () => {
    const sim = createSim()
    stopNode(sim, 'worker-1')
    sim.advance(60_000)
    for (let i = 0; i < 4; i++)
      expect(createPod(sim, podManifest(`p${i}`)).spec.nodeName).toBe('worker-2')
    startNode(sim, 'worker-1')
    sim.advance(5_000)
    expect(ready(sim, 'worker-1')).toMatchObject({
      status: 'True',
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
    })
    expect(taints(sim, 'worker-1')).toEqual([])
  })

  it('cordon adds the unschedulable taint and uncordon removes it', () => {
    const sim = createSim()
    sim.api.patch('nodes', undefined, 'worker-2', 'merge', { spec: { unschedulable: true } })
    sim.settle()
    expect(taints(sim, 'worker-2')).toEqual(['node.kubernetes.io/unschedulable:NoSchedule'])
    sim.api.patch('nodes', undefined, 'worker-2', 'merge', { spec: { unschedulable: null } })
    sim.settle()
    expect(taints(sim, 'worker-2')).toEqual([])
  })
})

describe('pods of a deleted node', () => {
  it('are removed by the pod garbage collector after its 40 s quarantine', () => {
    const sim = createSim()
    podOnWorker1(sim, 'orphan')
    sim.api.delete('nodes', undefined, 'worker-1')
    sim.advance(39_000)
    expect(sim.api.tryGet('pods', 'default', 'orphan')).toBeDefined()
    sim.advance(2_000)
    expect(sim.api.tryGet('pods', 'default', 'orphan')).toBeUndefined()
  })
})

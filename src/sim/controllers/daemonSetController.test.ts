import { describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import { clone } from '../apiserver/store.ts'
import { eventsFor, podsOf, setPodPhase } from './podPhaseForTests.ts'
import { targetNode } from './daemonSetPods.ts'

function ds(name: string, tolerations?: unknown[]): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          // Left unbound, so no kubelet runs them: the test sets their status.
          schedulerName: 'kubeplay-test',
          ...(tolerations ? { tolerations } : {}),
          containers: [{ name: 'hellok8s', image: 'leigg/hellok8s:v1' }],
        },
      },
    },
  }
}

const livePods = (sim: Sim, name: string): KObject[] =>
  podsOf(sim, 'default', name).filter((p) => !p.metadata.deletionTimestamp)

const nodesOf = (sim: Sim, name: string): string[] =>
  livePods(sim, name)
    .map((p) => targetNode(p)!)
    .sort()

/** Plays the kubelet for the DaemonSet's pods: running and ready. */
function runAll(sim: Sim, name: string): void {
  for (const p of livePods(sim, name))
    if (p.status?.phase !== 'Running') setPodPhase(sim, p, 'Running')
  sim.settle()
}

function status(sim: Sim, name: string): any {
  return sim.api.get('daemonsets.apps', 'default', name).status
}

describe('daemonset strategy', () => {
  it('defaults the update strategy, history and template generation', () => {
    const sim = createSim()
    const o = sim.api.create('daemonsets.apps', ds('d')).object
    expect(o.spec.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    })
    expect(o.spec.revisionHistoryLimit).toBe(10)
    expect(o.metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' })
  })

  it('requires the selector to match and restartPolicy Always', () => {
    const sim = createSim()
    const bad = ds('bad')
    bad.spec.template.metadata.labels = { app: 'other' }
    bad.spec.template.spec.restartPolicy = 'Never'
    expect(() => sim.api.create('daemonsets.apps', bad)).toThrow(
      'DaemonSet.apps "bad" is invalid: [spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`, spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"]',
    )
  })
})

describe('daemonset controller', () => {
  it('runs one pod per worker, skipping the tainted control plane', () => {
    const sim = createSim({ seed: 31 })
    sim.api.create('daemonsets.apps', ds('hello'))
    sim.settle()
    expect(nodesOf(sim, 'hello')).toEqual(['worker-1', 'worker-2'])
    const pod = livePods(sim, 'hello')[0]
    expect(pod.metadata.generateName).toBe('hello-')
    expect(pod.metadata.labels).toMatchObject({ app: 'hello', 'pod-template-generation': '1' })
    expect(pod.metadata.labels!['controller-revision-hash']).toMatch(
      /^[bcdfghjklmnpqrstvwxz2456789]+$/,
    )
    expect(pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
      nodeSelectorTerms: [
        { matchFields: [{ key: 'metadata.name', operator: 'In', values: [targetNode(pod)] }] },
      ],
    })
    expect(pod.spec.tolerations.map((t: any) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ])
    expect(status(sim, 'hello')).toMatchObject({
      currentNumberScheduled: 2,
      desiredNumberScheduled: 2,
      numberMisscheduled: 0,
      observedGeneration: 1,
    })
    runAll(sim, 'hello')
    expect(status(sim, 'hello')).toMatchObject({
      numberReady: 2,
      numberAvailable: 2,
      updatedNumberScheduled: 2,
    })
    expect(status(sim, 'hello').numberUnavailable).toBeUndefined()
    const ev = eventsFor(sim, 'default', 'hello')
    expect(ev).toHaveLength(2)
    expect(ev[0]).toMatch(/^Normal SuccessfulCreate Created pod: hello-[a-z0-9]{5}$/)
    const cr = sim.api.list('controllerrevisions.apps', { namespace: 'default' }).items
    expect(cr.map((r) => [r.metadata.name, r.revision])).toEqual([
      [`hello-${pod.metadata.labels!['controller-revision-hash']}`, 1],
    ])
  })

  it('lands on the control plane when its taint is tolerated', () => {
    const sim = createSim({ seed: 32 })
    sim.api.create(
      'daemonsets.apps',
      ds('all', [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]),
    )
    sim.settle()
    expect(nodesOf(sim, 'all')).toEqual(['control-plane', 'worker-1', 'worker-2'])
  })

  it('follows nodes being added, labelled, tainted with NoExecute and removed', () => {
    const sim = createSim({ seed: 33 })
    const sel = ds('sel')
    sel.spec.template.spec.nodeSelector = { disk: 'ssd' }
    sim.api.create('daemonsets.apps', sel)
    sim.settle()
    expect(nodesOf(sim, 'sel')).toEqual([])
    const w1 = clone(sim.api.get('nodes', undefined, 'worker-1'))
    w1.metadata.labels = { ...w1.metadata.labels, disk: 'ssd' }
    sim.api.update('nodes', w1)
    sim.settle()
    expect(nodesOf(sim, 'sel')).toEqual(['worker-1'])
    // Cordoning keeps the daemon (it tolerates unschedulable).
    sim.api.patch('nodes', undefined, 'worker-1', 'merge', { spec: { unschedulable: true } })
    sim.settle()
    expect(nodesOf(sim, 'sel')).toEqual(['worker-1'])
    // An untolerated NoExecute taint evicts it.
    sim.api.patch('nodes', undefined, 'worker-1', 'merge', {
      spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] },
    })
    sim.settle()
    expect(nodesOf(sim, 'sel')).toEqual([])
    expect(eventsFor(sim, 'default', 'sel').at(-1)).toMatch(
      /^Normal SuccessfulDelete Deleted pod: sel-/,
    )
  })

  it('drops the daemon of a node that is removed', () => {
    const sim = createSim({ seed: 38 })
    sim.api.create('daemonsets.apps', ds('gone'))
    sim.settle()
    runAll(sim, 'gone')
    sim.api.delete('nodes', undefined, 'worker-2')
    sim.settle()
    expect(nodesOf(sim, 'gone')).toEqual(['worker-1'])
    expect(status(sim, 'gone')).toMatchObject({
      desiredNumberScheduled: 1,
      currentNumberScheduled: 1,
      numberAvailable: 1,
    })
  })

  it('replaces a failed daemon pod', () => {
    const sim = createSim({ seed: 34 })
    sim.api.create('daemonsets.apps', ds('f'))
    sim.settle()
    runAll(sim, 'f')
    const victim = livePods(sim, 'f')[0]
    setPodPhase(sim, victim, 'Failed')
    sim.advance(2000)
    expect(eventsFor(sim, 'default', 'f')).toContain(
      `Warning FailedDaemonPod Found failed daemon pod default/${victim.metadata.name} on node ${targetNode(victim)}, will try to kill it`,
    )
    const names = livePods(sim, 'f').map((p) => p.metadata.name)
    expect(names).not.toContain(victim.metadata.name)
    expect(nodesOf(sim, 'f')).toEqual(['worker-1', 'worker-2'])
  })

  it('rolls out a new template one node at a time', () => {
    const sim = createSim({ seed: 35 })
    sim.api.create('daemonsets.apps', ds('roll'))
    sim.settle()
    runAll(sim, 'roll')
    const oldHash = livePods(sim, 'roll')[0].metadata.labels!['controller-revision-hash']
    sim.api.patch('daemonsets.apps', 'default', 'roll', 'strategic', {
      spec: {
        template: { spec: { containers: [{ name: 'hellok8s', image: 'leigg/hellok8s:v2' }] } },
      },
    })
    sim.settle()
    // maxUnavailable 1: exactly one old pod is being replaced.
    const deleting = podsOf(sim, 'default', 'roll').filter((p) => p.metadata.deletionTimestamp)
    const remaining = livePods(sim, 'roll')
    expect(
      deleting.length +
        remaining.filter((p) => p.metadata.labels!['controller-revision-hash'] !== oldHash).length,
    ).toBe(1)
    for (let i = 0; i < 10; i++) runAll(sim, 'roll')
    const pods = livePods(sim, 'roll')
    expect(pods).toHaveLength(2)
    expect(pods.every((p) => p.metadata.labels!['pod-template-generation'] === '2')).toBe(true)
    expect(pods.every((p) => p.spec.containers[0].image === 'leigg/hellok8s:v2')).toBe(true)
    expect(status(sim, 'roll')).toMatchObject({
      updatedNumberScheduled: 2,
      numberAvailable: 2,
      observedGeneration: 2,
    })
    const revs = sim.api.list('controllerrevisions.apps', { namespace: 'default' }).items
    expect(revs.map((r) => r.revision).sort()).toEqual([1, 2])
    // Going back to the first template (a rollback) reuses its revision under a new number.
    sim.api.patch('daemonsets.apps', 'default', 'roll', 'strategic', {
      spec: {
        template: { spec: { containers: [{ name: 'hellok8s', image: 'leigg/hellok8s:v1' }] } },
      },
    })
    for (let i = 0; i < 10; i++) runAll(sim, 'roll')
    const after = sim.api.list('controllerrevisions.apps', { namespace: 'default' }).items
    expect(after.map((r) => [r.metadata.name, r.revision]).sort()).toEqual(
      [
        [`roll-${oldHash}`, 3],
        [revs.find((r) => r.revision === 2)!.metadata.name, 2],
      ].sort(),
    )
    expect(
      livePods(sim, 'roll').every(
        (p) => p.metadata.labels!['controller-revision-hash'] === oldHash,
      ),
    ).toBe(true)
  })

  it('surges a new pod next to each old one with maxSurge, removing the old once the new is available', () => {
    const sim = createSim({ seed: 37 })
    const surge = ds('surge')
    surge.spec.updateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    }
    sim.api.create('daemonsets.apps', surge)
    sim.settle()
    runAll(sim, 'surge')
    sim.api.patch('daemonsets.apps', 'default', 'surge', 'strategic', {
      spec: {
        template: { spec: { containers: [{ name: 'hellok8s', image: 'leigg/hellok8s:v2' }] } },
      },
    })
    sim.settle()
    // One extra pod: a node runs old and new side by side, nothing was deleted yet.
    const pods = livePods(sim, 'surge')
    expect(pods).toHaveLength(3)
    const doubled = nodesOf(sim, 'surge').filter((n, i, all) => all.indexOf(n) !== i)
    expect(doubled).toHaveLength(1)
    for (let i = 0; i < 6; i++) runAll(sim, 'surge')
    const after = livePods(sim, 'surge')
    expect(after).toHaveLength(2)
    expect(after.every((p) => p.spec.containers[0].image === 'leigg/hellok8s:v2')).toBe(true)
    expect(status(sim, 'surge')).toMatchObject({ updatedNumberScheduled: 2, numberAvailable: 2 })
  })

  it('is deterministic', () => {
    const once = (): string => {
      const sim = createSim({ seed: 36 })
      sim.api.create('daemonsets.apps', ds('d'))
      sim.advance(5000)
      runAll(sim, 'd')
      return JSON.stringify(sim.snapshot())
    }
    expect(once()).toBe(once())
  })
})

import { describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import { StatusError } from '../api/errors.ts'
import { eventsOf, settleWithPods } from './testPods.ts'
import { rankForDeletion } from './replicaPods.ts'

const NS = 'default'

function replicaSet(name: string, replicas: number, spec: any = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
      },
      ...spec,
    },
  }
}

function podsOf(sim: Sim, app: string): KObject[] {
  return sim.api.list('pods', { namespace: NS, labelSelector: `app=${app}` }).items
}

function statusError(f: () => unknown): StatusError {
  try {
    f()
  } catch (e) {
    if (e instanceof StatusError) return e
    throw e
  }
  throw new Error('expected a StatusError')
}

describe('replicaset controller', () => {
  it('creates pods named after the ReplicaSet and reports their status', () => {
    const sim = createSim({ seed: 1 })
    sim.api.create('replicasets.apps', replicaSet('front', 3))
    settleWithPods(sim)
    const pods = podsOf(sim, 'front')
    expect(pods).toHaveLength(3)
    const rs = sim.api.get('replicasets.apps', NS, 'front')
    for (const p of pods) {
      expect(p.metadata.generateName).toBe('front-')
      expect(p.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'front',
          uid: rs.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ])
    }
    expect(rs.status).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    })
    const created = pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).sort()
    expect(eventsOf(sim, 'front', 'ReplicaSet').sort()).toEqual(created)
    const ev = sim.api
      .list('events', { namespace: NS })
      .items.find((e) => e.involvedObject.name === 'front')!
    expect(ev.source).toEqual({ component: 'replicaset-controller' })
  })

  it('adopts matching orphans and releases pods whose labels change', () => {
    const sim = createSim({ seed: 2 })
    sim.api.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stray', labels: { app: 'front' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
    })
    sim.api.create('replicasets.apps', replicaSet('front', 2))
    settleWithPods(sim)
    const pods = podsOf(sim, 'front')
    expect(pods).toHaveLength(2)
    const stray = sim.api.get('pods', NS, 'stray')
    expect(stray.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: 'front' })
    sim.api.patch('pods', NS, 'stray', 'merge', { metadata: { labels: { app: 'debug' } } })
    settleWithPods(sim)
    expect(sim.api.get('pods', NS, 'stray').metadata.ownerReferences).toBeUndefined()
    expect(podsOf(sim, 'front')).toHaveLength(2)
  })

  it('deletes the cheapest pods first when scaling down', () => {
    const sim = createSim({ seed: 3 })
    // A pod that can never start (its image is missing) is adopted, and goes first.
    sim.api.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'broken', labels: { app: 'front' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:no-such-tag' }] },
    })
    sim.api.create('replicasets.apps', replicaSet('front', 4))
    const healthy = (p: KObject): boolean =>
      p.metadata.namespace === NS && p.metadata.name !== 'broken'
    settleWithPods(sim, healthy)
    expect(sim.api.get('pods', NS, 'broken').metadata.ownerReferences?.[0].name).toBe('front')
    const keep = podsOf(sim, 'front')
      .map((p) => p.metadata.name!)
      .filter((n) => n !== 'broken')
    expect(keep).toHaveLength(3)
    sim.api.patch('pods', NS, keep[0], 'merge', {
      metadata: { annotations: { 'controller.kubernetes.io/pod-deletion-cost': '-5' } },
    })
    sim.api.patch('replicasets.apps', NS, 'front', 'merge', { spec: { replicas: 2 } })
    settleWithPods(sim, healthy)
    expect(
      podsOf(sim, 'front')
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(keep.slice(1).sort())
    const deletes = eventsOf(sim, 'front', 'ReplicaSet').filter((e) =>
      e.startsWith('SuccessfulDelete'),
    )
    expect(deletes.sort()).toEqual(
      [`SuccessfulDelete: Deleted pod: ${keep[0]}`, 'SuccessfulDelete: Deleted pod: broken'].sort(),
    )
  })

  it('ranks unscheduled, pending and unready pods before running ones', () => {
    const at = (name: string, extra: any): KObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, uid: name, creationTimestamp: '2025-01-06T09:00:00Z' },
      ...extra,
    })
    const ready = {
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2025-01-06T09:00:10Z' }],
    }
    const pods = [
      at('running-ready', { spec: { nodeName: 'n1' }, status: { phase: 'Running', ...ready } }),
      at('running-unready', { spec: { nodeName: 'n1' }, status: { phase: 'Running' } }),
      at('pending', { spec: { nodeName: 'n1' }, status: { phase: 'Pending' } }),
      at('unscheduled', { spec: {}, status: { phase: 'Pending' } }),
    ]
    const order = rankForDeletion(pods, pods, Date.parse('2025-01-06T10:00:00Z')).map(
      (p) => p.metadata.name,
    )
    expect(order).toEqual(['unscheduled', 'pending', 'running-unready', 'running-ready'])
  })

  it('reports ReplicaFailure when the quota refuses pods', () => {
    const sim = createSim({ seed: 4 })
    sim.api.create('resourcequotas', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'two-pods' },
      spec: { hard: { pods: '2' } },
    })
    sim.advance(1_000)
    sim.api.create('replicasets.apps', replicaSet('front', 3))
    sim.advance(10_000)
    expect(podsOf(sim, 'front')).toHaveLength(2)
    const rs = sim.api.get('replicasets.apps', NS, 'front')
    const failure = rs.status.conditions.find((c: any) => c.type === 'ReplicaFailure')
    expect(failure).toMatchObject({ status: 'True', reason: 'FailedCreate' })
    expect(failure.message).toMatch(
      /^pods "front-[a-z0-9]{5}" is forbidden: exceeded quota: two-pods/,
    )
    const warnings = eventsOf(sim, 'front', 'ReplicaSet').filter((e) =>
      e.startsWith('FailedCreate'),
    )
    expect(warnings[0]).toMatch(
      /^FailedCreate: Error creating: pods "front-[a-z0-9]{5}" is forbidden: exceeded quota: two-pods/,
    )
  })

  it('validates the selector', () => {
    const sim = createSim()
    expect(
      statusError(() => sim.api.create('replicasets.apps', replicaSet('a', 1, { selector: {} })))
        .message,
    ).toBe(
      'ReplicaSet.apps "a" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    )
  })
})

describe('replication controller', () => {
  function rc(name: string, replicas: number): KObject {
    return {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name },
      spec: {
        replicas,
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
        },
      },
    }
  }

  it('defaults the selector and labels from the template and keeps its pods', () => {
    const sim = createSim({ seed: 5 })
    const { object } = sim.api.create('replicationcontrollers', rc('legacy', 2))
    expect(object.spec.selector).toEqual({ app: 'legacy' })
    expect(object.metadata.labels).toEqual({ app: 'legacy' })
    expect(object.status).toEqual({ replicas: 0 })
    settleWithPods(sim)
    const victim = podsOf(sim, 'legacy')[0].metadata.name!
    sim.api.delete('pods', NS, victim)
    settleWithPods(sim)
    expect(podsOf(sim, 'legacy')).toHaveLength(2)
    const ev = sim.api
      .list('events', { namespace: NS })
      .items.find((e) => e.involvedObject.name === 'legacy')!
    expect(ev.source).toEqual({ component: 'replication-controller' })
    expect(sim.api.get('replicationcontrollers', NS, 'legacy').status).toMatchObject({
      replicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    })
  })

  it('refuses a selector that does not match the template', () => {
    const sim = createSim()
    const bad = rc('legacy', 1)
    bad.spec.selector = { app: 'other' }
    expect(statusError(() => sim.api.create('replicationcontrollers', bad)).message).toBe(
      'ReplicationController "legacy" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"legacy"}: `selector` does not match template `labels`',
    )
  })
})

import { describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import { settleWithPods } from './testPods.ts'

const NS = 'default'

function deploy(sim: Sim, name: string): void {
  sim.api.create('deployments.apps', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
      },
    },
  })
  settleWithPods(sim)
}

function count(sim: Sim, app: string): { deploy: number; rs: number; pods: number } {
  const sel = { namespace: NS, labelSelector: `app=${app}` }
  return {
    deploy: sim.api.tryGet('deployments.apps', NS, app) ? 1 : 0,
    rs: sim.api.list('replicasets.apps', sel).items.length,
    pods: sim.api.list('pods', sel).items.length,
  }
}

function configMap(name: string, owners: KObject[] = [], finalizers?: string[]): KObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      finalizers,
      ownerReferences: owners.map((o) => ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        name: o.metadata.name!,
        uid: o.metadata.uid!,
        blockOwnerDeletion: true,
      })),
    },
  }
}

describe('garbage collector', () => {
  it('deletes dependents in the background', () => {
    const sim = createSim({ seed: 1 })
    deploy(sim, 'web')
    sim.api.delete('deployments.apps', NS, 'web')
    expect(count(sim, 'web').deploy).toBe(0)
    settleWithPods(sim)
    expect(count(sim, 'web')).toEqual({ deploy: 0, rs: 0, pods: 0 })
  })

  it('keeps a foreground-deleted owner until its dependents are gone', () => {
    const sim = createSim({ seed: 2 })
    deploy(sim, 'web')
    const seen: string[] = []
    const stop = sim.watch((ev) => {
      const kind = ev.object.kind
      if (ev.type === 'DELETED') seen.push(`deleted ${kind}`)
      else if (ev.object.metadata.finalizers?.includes('foregroundDeletion'))
        seen.push(`waiting ${kind}`)
    })
    sim.api.delete('deployments.apps', NS, 'web', { propagationPolicy: 'Foreground' })
    settleWithPods(sim)
    stop()
    expect(count(sim, 'web')).toEqual({ deploy: 0, rs: 0, pods: 0 })
    const order = [...new Set(seen.filter((e) => !e.endsWith('Event')))]
    expect(order).toEqual([
      'waiting Deployment',
      'waiting ReplicaSet',
      'deleted Pod',
      'deleted ReplicaSet',
      'deleted Deployment',
    ])
  })

  it('orphans dependents, removing the ownerReferences first', () => {
    const sim = createSim({ seed: 3 })
    deploy(sim, 'web')
    sim.api.delete('deployments.apps', NS, 'web', { propagationPolicy: 'Orphan' })
    settleWithPods(sim)
    expect(count(sim, 'web')).toEqual({ deploy: 0, rs: 1, pods: 2 })
    const [rs] = sim.api.list('replicasets.apps', { namespace: NS, labelSelector: 'app=web' }).items
    expect(rs.metadata.ownerReferences).toBeUndefined()
    const pods = sim.api.list('pods', { namespace: NS, labelSelector: 'app=web' }).items
    expect(pods.every((p) => p.metadata.ownerReferences?.[0].uid === rs.metadata.uid)).toBe(true)
    // A new Deployment with the same selector adopts the orphaned ReplicaSet.
    deploy(sim, 'web')
    const again = sim.api.list('replicasets.apps', {
      namespace: NS,
      labelSelector: 'app=web',
    }).items
    expect(again).toHaveLength(1)
    expect(again[0].metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'Deployment',
      name: 'web',
    })
  })

  it('waits for a blocking dependent that has its own finalizer', () => {
    const sim = createSim({ seed: 4 })
    const owner = sim.api.create('configmaps', configMap('owner')).object
    sim.api.create('configmaps', configMap('child', [owner], ['example.com/hold']))
    sim.api.delete('configmaps', NS, 'owner', { propagationPolicy: 'Foreground' })
    sim.settle()
    expect(sim.api.get('configmaps', NS, 'owner').metadata.finalizers).toEqual([
      'foregroundDeletion',
    ])
    const child = sim.api.get('configmaps', NS, 'child')
    expect(child.metadata.deletionTimestamp).toBeDefined()
    sim.api.update('configmaps', { ...child, metadata: { ...child.metadata, finalizers: [] } })
    sim.settle()
    expect(sim.api.tryGet('configmaps', NS, 'child')).toBeUndefined()
    expect(sim.api.tryGet('configmaps', NS, 'owner')).toBeUndefined()
  })

  it('drops only the departed owner when another owner remains', () => {
    const sim = createSim({ seed: 5 })
    const a = sim.api.create('configmaps', configMap('a')).object
    const b = sim.api.create('configmaps', configMap('b')).object
    sim.api.create('configmaps', configMap('shared', [a, b]))
    sim.api.delete('configmaps', NS, 'a')
    sim.settle()
    const shared = sim.api.get('configmaps', NS, 'shared')
    expect(shared.metadata.ownerReferences?.map((r) => r.name)).toEqual(['b'])
  })

  it('collects an object whose owner never existed', () => {
    const sim = createSim({ seed: 6 })
    const ghost = {
      ...configMap('ghost'),
      metadata: { name: 'ghost', uid: '00000000-0000-4000-8000-000000000000' },
    }
    sim.api.create('configmaps', configMap('dangling', [ghost]))
    sim.settle()
    expect(sim.api.tryGet('configmaps', NS, 'dangling')).toBeUndefined()
  })
})

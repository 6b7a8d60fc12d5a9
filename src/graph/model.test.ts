import { describe, expect, it } from 'vitest'
import type { KObject } from '../sim/api/types.ts'
import { buildGraph, GROUP_THRESHOLD } from './model.ts'
import { layoutGraph, type SlotMemo } from './layout.ts'

const node = (name: string): KObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, uid: 'n-' + name },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
})
const deploy: KObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'd1' },
  spec: { replicas: 2 },
  status: { readyReplicas: 1 },
}
const rs: KObject = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name: 'web-abc',
    namespace: 'default',
    uid: 'r1',
    ownerReferences: [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true },
    ],
  },
  spec: { replicas: 2 },
}
const pod = (name: string, host: string, ready: boolean): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'default',
    uid: 'p-' + name,
    labels: { app: 'web' },
    ownerReferences: [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'r1', controller: true },
    ],
  },
  spec: { nodeName: host },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    containerStatuses: [{ name: 'web', ready, state: { running: {} } }],
  },
})
const svc: KObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default', uid: 's1' },
  spec: { selector: { app: 'web' }, type: 'NodePort' },
}

describe('cluster graph', () => {
  const objects = {
    nodes: [node('worker-1'), node('worker-2')],
    'deployments.apps': [deploy],
    'replicasets.apps': [rs],
    pods: [pod('web-abc-1', 'worker-1', true), pod('web-abc-2', 'worker-2', false)],
    services: [svc],
  }

  it('links owners, selections and readiness', () => {
    const g = buildGraph(objects, 'default')
    const edge = (kind: string): string[] =>
      g.edges.filter((e) => e.kind === kind).map((e) => `${e.source} -> ${e.target}`)
    expect(edge('owns')).toEqual([
      'deployments.apps/default/web -> replicasets.apps/default/web-abc',
      'replicasets.apps/default/web-abc -> pods/default/web-abc-1',
      'replicasets.apps/default/web-abc -> pods/default/web-abc-2',
    ])
    expect(edge('selects')).toEqual(['services/default/web -> pods/default/web-abc-1'])
    expect(edge('selectsNotReady')).toEqual(['services/default/web -> pods/default/web-abc-2'])
    expect(g.nodes.find((n) => n.name === 'web-abc-1')!.label).toBe(
      'Pod web-abc-1, Running, ready, on node worker-1',
    )
  })

  it('keeps pod slots stable when others go away', () => {
    const memo: SlotMemo = new Map()
    const three = {
      ...objects,
      pods: [pod('a', 'worker-1', true), pod('b', 'worker-1', true), pod('c', 'worker-1', true)],
    }
    const before = layoutGraph(buildGraph(three, null), memo)
    const two = { ...objects, pods: [pod('a', 'worker-1', true), pod('c', 'worker-1', true)] }
    const after = layoutGraph(buildGraph(two, null), memo)
    expect(after.get('pods/default/c')).toEqual(before.get('pods/default/c'))
  })

  it('groups pods when there are many', () => {
    const many = Array.from({ length: GROUP_THRESHOLD + 1 }, (_, i) =>
      pod(`p${i}`, i % 2 ? 'worker-1' : 'worker-2', true),
    )
    const g = buildGraph({ ...objects, pods: many }, null)
    const groups = g.nodes.filter((n) => n.kind === 'podGroup')
    expect(groups.map((n) => n.count).sort()).toEqual([125, 126])
  })
})

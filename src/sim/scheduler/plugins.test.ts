import { describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../sim.ts'
import { createPod, eventsFor, podManifest, withRequests } from './testPods.ts'

const TAINT = '{node-role.kubernetes.io/control-plane: }'

function failedMessage(sim: Sim, name: string): string | undefined {
  return eventsFor(sim, name)
    .filter((e) => e.reason === 'FailedScheduling')
    .at(-1)?.message
}

const antiAffinity = (required: boolean): Record<string, unknown> => {
  const term = {
    labelSelector: { matchLabels: { app: 'solo' } },
    topologyKey: 'kubernetes.io/hostname',
  }
  return {
    affinity: {
      podAntiAffinity: required
        ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
        : {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 100, podAffinityTerm: term },
            ],
          },
    },
  }
}

describe('scheduler plugins', () => {
  it('a pod pinned to one node (as DaemonSet pods are) reports the other nodes as absent', () => {
    const sim = createSim()
    const pinned = {
      ...withRequests('3'),
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-1'] }] },
            ],
          },
        },
      },
    }
    createPod(sim, podManifest('pinned', pinned))
    expect(failedMessage(sim, 'pinned')).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    )
  })

  it('required pod anti-affinity: one per node, the third waits', () => {
    const sim = createSim()
    const nodes = [0, 1, 2].map(
      (i) =>
        createPod(sim, podManifest(`solo-${i}`, antiAffinity(true), { labels: { app: 'solo' } }))
          .spec.nodeName,
    )
    expect(new Set(nodes.slice(0, 2))).toEqual(new Set(['worker-1', 'worker-2']))
    expect(failedMessage(sim, 'solo-2')).toBe(
      `0/3 nodes are available: 1 node(s) had untolerated taint ${TAINT}, 2 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
    )
  })

  it('existing pods’ anti-affinity keeps matching pods away', () => {
    const sim = createSim()
    for (const i of [0, 1])
      createPod(sim, podManifest(`guard-${i}`, antiAffinity(true), { labels: { app: 'guard' } }))
    createPod(sim, podManifest('intruder', {}, { labels: { app: 'solo' } }))
    expect(failedMessage(sim, 'intruder')).toBe(
      `0/3 nodes are available: 1 node(s) had untolerated taint ${TAINT}, 2 node(s) didn't satisfy existing pods anti-affinity rules. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
    )
  })

  it('required pod affinity with no matching pod anywhere', () => {
    const sim = createSim()
    const affinity = {
      affinity: {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            {
              labelSelector: { matchLabels: { app: 'cache' } },
              topologyKey: 'kubernetes.io/hostname',
            },
          ],
        },
      },
    }
    createPod(sim, podManifest('follower', affinity))
    expect(failedMessage(sim, 'follower')).toBe(
      `0/3 nodes are available: 1 node(s) had untolerated taint ${TAINT}, 2 node(s) didn't match pod affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`,
    )
    const cache = createPod(sim, podManifest('cache', {}, { labels: { app: 'cache' } }))
    sim.advance(2_000)
    expect(sim.api.get('pods', 'default', 'follower').spec.nodeName).toBe(cache.spec.nodeName)
  })

  it('preferred anti-affinity spreads without refusing', () => {
    const sim = createSim()
    const placed = [0, 1, 2, 3].map(
      (i) =>
        createPod(sim, podManifest(`pref-${i}`, antiAffinity(false), { labels: { app: 'solo' } }))
          .spec.nodeName,
    )
    expect(new Set(placed.slice(0, 2))).toEqual(new Set(['worker-1', 'worker-2']))
    expect(placed.every((n) => n === 'worker-1' || n === 'worker-2')).toBe(true)
  })

  it('topology spread DoNotSchedule with maxSkew 1 on hostname', () => {
    const sim = createSim()
    const spread = {
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'kubernetes.io/hostname',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { app: 'spread' } },
        },
      ],
      nodeSelector: { 'kubernetes.io/hostname': 'worker-1' },
    }
    createPod(sim, podManifest('s0', spread, { labels: { app: 'spread' } }))
    createPod(sim, podManifest('s1', spread, { labels: { app: 'spread' } }))
    // Only worker-1 passes the nodeSelector, so it is the only domain: skew never exceeds 1.
    expect(sim.api.get('pods', 'default', 's1').spec.nodeName).toBe('worker-1')
    const free = { ...spread, nodeSelector: undefined }
    createPod(sim, podManifest('s2', free, { labels: { app: 'spread' } }))
    expect(sim.api.get('pods', 'default', 's2').spec.nodeName).toBe('worker-2')
    // The tainted control plane still counts as a domain with 0 pods (nodeTaintsPolicy: Ignore),
    // so the minimum stays 0 and a second pod on worker-2 would make the skew 2.
    createPod(sim, podManifest('s3', free, { labels: { app: 'spread' } }))
    expect(failedMessage(sim, 's3')).toBe(
      `0/3 nodes are available: 1 node(s) had untolerated taint ${TAINT}, 2 node(s) didn't match pod topology spread constraints. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
    )
  })

  it('WaitForFirstConsumer claims are provisioned on the chosen node, then the pod binds', () => {
    const sim = createSim()
    sim.api.create('persistentvolumeclaims', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: 'default' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    })
    createPod(
      sim,
      podManifest('db', { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] }),
    )
    const selected = sim.api.get('persistentvolumeclaims', 'default', 'data').metadata
      .annotations?.['volume.kubernetes.io/selected-node']
    expect(['worker-1', 'worker-2']).toContain(selected)
    sim.advance(10_000)
    expect(sim.api.get('pods', 'default', 'db').spec.nodeName).toBe(selected)
  })
})

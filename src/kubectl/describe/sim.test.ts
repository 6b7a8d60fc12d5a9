/**
 * describe and get against a running simulated cluster: the related-object lookups (ReplicaSets of a
 * Deployment, a ReplicaSet's pods, a Service's EndpointSlices, a Node's pods and Lease, events).
 */
import { describe, expect, it } from 'vitest'
import { createSim } from '../../sim/sim.ts'
import { resourceById } from '../../sim/api/resources.ts'
import { describeObject } from './index.ts'
import { printObjects } from '../printers/index.ts'

function cluster() {
  const sim = createSim({ seed: 7 })
  sim.api.create('deployments.apps', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.27',
              ports: [{ containerPort: 80 }],
              resources: { requests: { cpu: '100m', memory: '64Mi' } },
            },
          ],
        },
      },
    },
  })
  sim.api.create('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] },
  })
  sim.advance(60_000)
  return sim
}

describe('describe against the simulated cluster', () => {
  const sim = cluster()
  const ctx = { api: sim.api, now: sim.now() }
  const rs = sim.api.list('replicasets.apps', { namespace: 'default' }).items[0]
  const pods = sim.api.list('pods', { namespace: 'default' }).items

  it('Deployment shows its new ReplicaSet and the ScalingReplicaSet event', () => {
    const out = describeObject(
      sim.api.get('deployments.apps', 'default', 'web'),
      resourceById('deployments.apps'),
      ctx,
    )
    expect(out).toContain(`NewReplicaSet:   ${rs.metadata.name} (2/2 replicas created)\n`)
    expect(out).toContain('OldReplicaSets:  <none>\n')
    expect(out).toContain(
      'Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable\n',
    )
    expect(out).toMatch(
      /Normal {2}ScalingReplicaSet {2}60s {3}deployment-controller {2}Scaled up replica set web-\w+ to 2\n$/,
    )
  })

  it('ReplicaSet counts the pods it controls', () => {
    const out = describeObject(rs, resourceById('replicasets.apps'), ctx)
    expect(out).toContain('Pods Status:    2 Running / 0 Waiting / 0 Succeeded / 0 Failed\n')
    expect(out).toContain('Controlled By:  Deployment/web\n')
  })

  it('Service lists the ready endpoints of its EndpointSlices', () => {
    const out = describeObject(
      sim.api.get('services', 'default', 'web'),
      resourceById('services'),
      ctx,
    )
    const ips = pods.map((p) => `${p.status.podIP}:80`)
    const line = out.split('\n').find((l) => l.startsWith('Endpoints:'))!
    expect(
      line
        .replace(/^Endpoints:\s+/, '')
        .split(',')
        .sort(),
    ).toEqual(ips.sort())
    expect(out.endsWith('Events:                   <none>\n')).toBe(true)
  })

  it('Node lists its non-terminated pods, allocated resources and lease', () => {
    const node = sim.api.get('nodes', undefined, pods[0].spec.nodeName)
    const out = describeObject(node, resourceById('nodes'), ctx)
    expect(out).toContain(`default                     ${pods[0].metadata.name}`)
    expect(out).toMatch(
      /Allocated resources:\n {2}\(Total limits may be over 100 percent, i\.e\., overcommitted\.\)\n/,
    )
    expect(out).toContain(`  HolderIdentity:  ${node.metadata.name}\n`)
  })

  it('a Lease goes through the generic describer with smart labels', () => {
    const lease = sim.api.list('leases.coordination.k8s.io', { namespace: 'kube-node-lease' })
      .items[0]
    const out = describeObject(lease, resourceById('leases.coordination.k8s.io'), ctx)
    expect(out).toContain('\nAPI Version:  coordination.k8s.io/v1\n')
    expect(out).toMatch(/\n {2}Creation Timestamp: {2}2025-01-06T09:00:00Z\n/)
    expect(out).toMatch(/\nSpec:\n {2}Holder Identity: +\S+\n/)
  })

  it('get pods -o wide renders the running pods', () => {
    const out = printObjects(
      pods.map((obj) => ({ obj, info: resourceById('pods') })),
      { now: sim.now(), output: 'wide' },
    )
    expect(out.split('\n')[0]).toBe(
      'NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE       NOMINATED NODE   READINESS GATES',
    )
    for (const p of pods)
      expect(out).toMatch(new RegExp(`${p.metadata.name} {3}1/1 {5}Running {3}0 {10}60s`))
  })
})

import { describe, expect, it } from 'vitest'
import { createSim } from '../../sim.ts'
import { eventsOf, settleWithPods } from '../testPods.ts'
import { isReady } from '../podStatus.ts'
import { condition, deployment, get, NS, pods, replicaSets, setImage } from './fixtures.ts'

describe('deployment controller', () => {
  it('creates a hashed ReplicaSet and its pods, and reports a complete rollout', () => {
    const sim = createSim({ seed: 1 })
    sim.api.create('deployments.apps', deployment('web', 3))
    settleWithPods(sim)
    const [rs] = replicaSets(sim, 'web')
    const hash = rs.metadata.labels!['pod-template-hash']
    expect(hash).toMatch(/^[bcdf456789]{1,10}$/)
    expect(rs.metadata.name).toBe(`web-${hash}`)
    expect(rs.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash })
    expect(rs.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    })
    expect(rs.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        name: 'web',
        controller: true,
        blockOwnerDeletion: true,
      }),
    ])
    const ps = pods(sim, 'web')
    expect(ps).toHaveLength(3)
    for (const p of ps)
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`))
    const d = get(sim, 'web')
    expect(d.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' })
    expect(d.status).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    })
    expect(d.status.unavailableReplicas).toBeUndefined()
    expect(condition(d, 'Available')).toMatchObject({
      status: 'True',
      reason: 'MinimumReplicasAvailable',
      message: 'Deployment has minimum availability.',
    })
    expect(condition(d, 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "web-${hash}" has successfully progressed.`,
    })
    expect(eventsOf(sim, 'web', 'Deployment')).toEqual([
      `ScalingReplicaSet: Scaled up replica set web-${hash} to 3`,
    ])
    expect(eventsOf(sim, rs.metadata.name!, 'ReplicaSet')).toEqual(
      ps.map(() => expect.stringMatching(/^SuccessfulCreate: Created pod: web-/)),
    )
  })

  it('reports unavailable replicas until pods are ready', () => {
    const sim = createSim({ seed: 2 })
    sim.api.create('deployments.apps', deployment('web', 4))
    sim.settle()
    const d = get(sim, 'web')
    expect(d.status).toMatchObject({ replicas: 4, updatedReplicas: 4, unavailableReplicas: 4 })
    expect(condition(d, 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
      message: 'Deployment does not have minimum availability.',
    })
    expect(condition(d, 'Progressing').reason).toBe('ReplicaSetUpdated')
  })

  it('scales up and down with the real events', () => {
    const sim = createSim({ seed: 3 })
    sim.api.create('deployments.apps', deployment('web', 3))
    settleWithPods(sim)
    const rs = replicaSets(sim, 'web')[0].metadata.name
    sim.api.patch('deployments.apps', NS, 'web', 'merge', { spec: { replicas: 5 } })
    settleWithPods(sim)
    expect(pods(sim, 'web')).toHaveLength(5)
    sim.api.patch('deployments.apps', NS, 'web', 'merge', { spec: { replicas: 2 } })
    settleWithPods(sim)
    expect(pods(sim, 'web')).toHaveLength(2)
    expect(eventsOf(sim, 'web', 'Deployment')).toEqual([
      `ScalingReplicaSet: Scaled up replica set ${rs} to 3`,
      `ScalingReplicaSet: Scaled up replica set ${rs} to 5 from 3`,
      `ScalingReplicaSet: Scaled down replica set ${rs} to 2 from 5`,
    ])
    expect(
      replicaSets(sim, 'web')[0].metadata.annotations!['deployment.kubernetes.io/desired-replicas'],
    ).toBe('2')
    expect(get(sim, 'web').status).toMatchObject({
      replicas: 2,
      availableReplicas: 2,
      observedGeneration: 3,
    })
  })

  it('heals itself when a pod is deleted', () => {
    const sim = createSim({ seed: 4 })
    sim.api.create('deployments.apps', deployment('web', 3))
    settleWithPods(sim)
    const victim = pods(sim, 'web')[0].metadata.name!
    sim.api.delete('pods', NS, victim)
    settleWithPods(sim)
    const names = pods(sim, 'web').map((p) => p.metadata.name)
    expect(names).toHaveLength(3)
    expect(names).not.toContain(victim)
    const rs = replicaSets(sim, 'web')[0].metadata.name!
    expect(
      eventsOf(sim, rs, 'ReplicaSet').filter((e) => e.startsWith('SuccessfulCreate')),
    ).toHaveLength(4)
  })

  it('rolls 10 replicas within maxSurge and maxUnavailable at every step', () => {
    const sim = createSim({ seed: 5 })
    sim.api.create('deployments.apps', deployment('web', 10))
    settleWithPods(sim)
    const oldRS = replicaSets(sim, 'web')[0].metadata.name!
    setImage(sim, 'web', 'nginx:1.26')
    let steps = 0
    // Step through virtual time while the kubelet starts and stops pods: the bounds hold throughout.
    while (steps < 1000) {
      sim.advance(100)
      steps++
      const live = pods(sim, 'web').filter((p) => !p.metadata.deletionTimestamp)
      expect(live.length).toBeLessThanOrEqual(13)
      expect(live.filter(isReady).length).toBeGreaterThanOrEqual(8)
      const d = get(sim, 'web')
      if (
        d.status.updatedReplicas === 10 &&
        d.status.availableReplicas === 10 &&
        d.status.replicas === 10
      )
        break
    }
    expect(steps).toBeGreaterThan(10)
    const [old, next] = replicaSets(sim, 'web')
    expect(old.metadata.name).toBe(oldRS)
    expect(old.spec.replicas).toBe(0)
    expect(next.spec.replicas).toBe(10)
    const d = get(sim, 'web')
    expect(d.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2')
    expect(d.status).toMatchObject({
      replicas: 10,
      updatedReplicas: 10,
      availableReplicas: 10,
      observedGeneration: 2,
    })
    const n = next.metadata.name
    expect(eventsOf(sim, 'web', 'Deployment')).toEqual([
      `ScalingReplicaSet: Scaled up replica set ${oldRS} to 10`,
      `ScalingReplicaSet: Scaled up replica set ${n} to 3`,
      `ScalingReplicaSet: Scaled down replica set ${oldRS} to 8 from 10`,
      `ScalingReplicaSet: Scaled up replica set ${n} to 5 from 3`,
      // The five new pods turn ready together: 13 available, 8 needed, so five old ones go.
      `ScalingReplicaSet: Scaled down replica set ${oldRS} to 3 from 8`,
      `ScalingReplicaSet: Scaled up replica set ${n} to 10 from 5`,
      `ScalingReplicaSet: Scaled down replica set ${oldRS} to 0 from 3`,
    ])
  })

  it('stalls at 2 old + 2 new when new pods never pass readiness (maxSurge 1, maxUnavailable 1)', () => {
    const sim = createSim({ seed: 14 })
    const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } }
    sim.api.create('deployments.apps', deployment('web', 3, 'nginx:1.25', { strategy }))
    settleWithPods(sim)
    const d = structuredClone(get(sim, 'web'))
    d.spec.template.spec.containers[0].image = 'nginx:1.26'
    // Nothing listens on 81, so the new pods run but never become ready.
    d.spec.template.spec.containers[0].readinessProbe = {
      httpGet: { path: '/', port: 81 },
      periodSeconds: 5,
    }
    sim.api.update('deployments.apps', d)
    sim.advance(120_000)
    const [old, next] = replicaSets(sim, 'web')
    expect([old.spec.replicas, next.spec.replicas]).toEqual([2, 2])
    const live = pods(sim, 'web')
    expect(live).toHaveLength(4)
    expect(live.filter(isReady).map((p) => p.spec.containers[0].image)).toEqual([
      'nginx:1.25',
      'nginx:1.25',
    ])
    expect(get(sim, 'web').status).toMatchObject({
      replicas: 4,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      unavailableReplicas: 2,
    })
    expect(condition(get(sim, 'web'), 'Available').status).toBe('True')
  })

  it('Recreate removes every old pod before creating new ones', () => {
    const sim = createSim({ seed: 6 })
    sim.api.create(
      'deployments.apps',
      deployment('web', 3, 'nginx:1.25', { strategy: { type: 'Recreate' } }),
    )
    settleWithPods(sim)
    const oldRS = replicaSets(sim, 'web')[0].metadata.name!
    setImage(sim, 'web', 'nginx:1.26')
    sim.settle()
    expect(replicaSets(sim, 'web')).toHaveLength(2)
    const versions = new Set(pods(sim, 'web').map((p) => p.spec.containers[0].image))
    expect(versions).toEqual(new Set(['nginx:1.26']))
    settleWithPods(sim)
    const newRS = replicaSets(sim, 'web')[1].metadata.name
    expect(eventsOf(sim, 'web', 'Deployment')).toEqual([
      `ScalingReplicaSet: Scaled up replica set ${oldRS} to 3`,
      `ScalingReplicaSet: Scaled down replica set ${oldRS} to 0 from 3`,
      `ScalingReplicaSet: Scaled up replica set ${newRS} to 3`,
    ])
    expect(get(sim, 'web').spec.strategy).toEqual({ type: 'Recreate' })
  })

  it('pauses and resumes a rollout', () => {
    const sim = createSim({ seed: 7 })
    sim.api.create('deployments.apps', deployment('web', 2))
    settleWithPods(sim)
    sim.api.patch('deployments.apps', NS, 'web', 'merge', { spec: { paused: true } })
    settleWithPods(sim)
    expect(condition(get(sim, 'web'), 'Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
      message: 'Deployment is paused',
    })
    setImage(sim, 'web', 'nginx:1.26')
    settleWithPods(sim)
    expect(replicaSets(sim, 'web')).toHaveLength(1)
    expect(get(sim, 'web').status.observedGeneration).toBe(3)
    sim.api.patch('deployments.apps', NS, 'web', 'merge', { spec: { paused: false } })
    sim.settle()
    expect(condition(get(sim, 'web'), 'Progressing').reason).not.toBe('DeploymentPaused')
    settleWithPods(sim)
    expect(replicaSets(sim, 'web')).toHaveLength(2)
    expect(condition(get(sim, 'web'), 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
    })
  })

  it('pausing right after set image leaves one canary pod', () => {
    const sim = createSim({ seed: 15 })
    sim.api.create('deployments.apps', deployment('web', 3))
    settleWithPods(sim)
    setImage(sim, 'web', 'nginx:1.26')
    sim.settle()
    sim.api.patch('deployments.apps', NS, 'web', 'merge', { spec: { paused: true } })
    sim.advance(60_000)
    expect(replicaSets(sim, 'web').map((r) => r.spec.replicas)).toEqual([3, 1])
    expect(pods(sim, 'web').filter(isReady)).toHaveLength(4)
    sim.api.patch('deployments.apps', NS, 'web', 'merge', { spec: { paused: false } })
    settleWithPods(sim)
    expect(replicaSets(sim, 'web').map((r) => r.spec.replicas)).toEqual([0, 3])
  })

  it('marks the rollout failed once the progress deadline passes', () => {
    const sim = createSim({ seed: 8 })
    // An image that cannot be pulled keeps the pods from ever becoming ready.
    sim.api.create(
      'deployments.apps',
      deployment('web', 2, 'nginx:no-such-tag', { progressDeadlineSeconds: 60 }),
    )
    sim.advance(59_000)
    const rs = replicaSets(sim, 'web')[0].metadata.name
    expect(condition(get(sim, 'web'), 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'ReplicaSetUpdated',
      message: `ReplicaSet "${rs}" is progressing.`,
    })
    sim.advance(3_000)
    expect(condition(get(sim, 'web'), 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${rs}" has timed out progressing.`,
    })
  })

  it('keeps only revisionHistoryLimit old ReplicaSets', () => {
    const sim = createSim({ seed: 9 })
    sim.api.create(
      'deployments.apps',
      deployment('web', 2, 'nginx:1.21', { revisionHistoryLimit: 1 }),
    )
    settleWithPods(sim)
    for (const v of ['1.22', '1.23', '1.24']) {
      setImage(sim, 'web', `nginx:${v}`)
      settleWithPods(sim)
    }
    const rss = replicaSets(sim, 'web')
    expect(rss.map((r) => r.metadata.annotations!['deployment.kubernetes.io/revision'])).toEqual([
      '3',
      '4',
    ])
    expect(rss.map((r) => r.spec.template.spec.containers[0].image)).toEqual([
      'nginx:1.23',
      'nginx:1.24',
    ])
  })

  it('reuses the old ReplicaSet on rollback and records its revision history', () => {
    const sim = createSim({ seed: 10 })
    sim.api.create('deployments.apps', deployment('web', 2))
    settleWithPods(sim)
    const first = replicaSets(sim, 'web')[0]
    setImage(sim, 'web', 'nginx:1.26')
    settleWithPods(sim)
    // What `kubectl rollout undo` sends: the old ReplicaSet's template without the hash label.
    const d = structuredClone(get(sim, 'web'))
    const template = structuredClone(first.spec.template)
    delete template.metadata.labels['pod-template-hash']
    d.spec.template = template
    sim.api.update('deployments.apps', d)
    settleWithPods(sim)
    const rss = replicaSets(sim, 'web')
    expect(rss).toHaveLength(2)
    const reused = rss.find((r) => r.metadata.name === first.metadata.name)!
    expect(reused.spec.replicas).toBe(2)
    expect(reused.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/revision-history': '1',
    })
    expect(get(sim, 'web').metadata.annotations!['deployment.kubernetes.io/revision']).toBe('3')
    expect(pods(sim, 'web').every((p) => p.spec.containers[0].image === 'nginx:1.25')).toBe(true)
  })

  it('surfaces a ReplicaSet creation failure as the ReplicaFailure condition', () => {
    const sim = createSim({ seed: 16 })
    sim.api.create('resourcequotas', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'one-pod' },
      spec: { hard: { pods: '1' } },
    })
    sim.advance(1_000)
    sim.api.create('deployments.apps', deployment('web', 2))
    sim.advance(10_000)
    const failure = condition(get(sim, 'web'), 'ReplicaFailure')
    expect(failure).toMatchObject({ status: 'True', reason: 'FailedCreate' })
    expect(failure.message).toMatch(
      /^pods "web-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: one-pod/,
    )
    sim.api.delete('resourcequotas', NS, 'one-pod')
    // The ReplicaSet retries on its failure back-off (5 ms doubling), not on the quota's removal.
    sim.advance(120_000)
    settleWithPods(sim)
    expect(condition(get(sim, 'web'), 'ReplicaFailure')).toBeUndefined()
    expect(pods(sim, 'web')).toHaveLength(2)
  })

  it('copies change-cause onto the new ReplicaSet', () => {
    const sim = createSim({ seed: 11 })
    const d = deployment('web', 1)
    d.metadata.annotations = {
      'kubernetes.io/change-cause': 'first',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
    }
    sim.api.create('deployments.apps', d)
    settleWithPods(sim)
    const a = replicaSets(sim, 'web')[0].metadata.annotations!
    expect(a['kubernetes.io/change-cause']).toBe('first')
    expect(a['kubectl.kubernetes.io/last-applied-configuration']).toBeUndefined()
  })

  it('counts pods available only after minReadySeconds', () => {
    const sim = createSim({ seed: 12 })
    sim.api.create('deployments.apps', deployment('web', 2, 'nginx:1.25', { minReadySeconds: 10 }))
    settleWithPods(sim)
    expect(get(sim, 'web').status).toMatchObject({ readyReplicas: 2, unavailableReplicas: 2 })
    expect(get(sim, 'web').status.availableReplicas).toBeUndefined()
    sim.advance(9_000)
    expect(get(sim, 'web').status.availableReplicas).toBeUndefined()
    sim.advance(2_000)
    expect(get(sim, 'web').status).toMatchObject({ readyReplicas: 2, availableReplicas: 2 })
    expect(replicaSets(sim, 'web')[0].spec.minReadySeconds).toBe(10)
  })

  it('scales proportionally when resized in the middle of a rollout', () => {
    const sim = createSim({ seed: 13 })
    sim.api.create('deployments.apps', deployment('web', 10))
    settleWithPods(sim)
    setImage(sim, 'web', 'nginx:1.26')
    sim.settle()
    const before = replicaSets(sim, 'web').map((r) => r.spec.replicas)
    expect(before).toEqual([8, 5])
    sim.api.patch('deployments.apps', NS, 'web', 'merge', { spec: { replicas: 20 } })
    sim.settle()
    const after = replicaSets(sim, 'web').map((r) => r.spec.replicas)
    // 13 pods allowed before, 25 now: 12 more split 8:5 (7 and 5 rounded, leftover to the largest).
    expect(after.reduce((a, b) => a + b, 0)).toBe(25)
    expect(after).toEqual([15, 10])
  })
})

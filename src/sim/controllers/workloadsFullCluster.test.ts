import { describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import { eventsFor, podsOf } from './podPhaseForTests.ts'

// The tutorial's workloads end to end: scheduler, kubelet, volume binding and garbage collector
// all run, nothing is faked.

const jobNames = (sim: Sim): string[] =>
  sim.api
    .list('jobs.batch', { namespace: 'default' })
    .items.map((j) => j.metadata.name!)
    .sort()

describe('tutorial workloads on a full cluster', () => {
  it('DaemonSet with the old master toleration runs on the two workers only, then rolls to v2', () => {
    const sim = createSim({ seed: 101 })
    const ds: KObject = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'daemonset-hellok8s-go-http' },
      spec: {
        selector: { matchLabels: { app: 'hellok8s' } },
        template: {
          metadata: { labels: { app: 'hellok8s' } },
          spec: {
            tolerations: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }],
            containers: [{ image: 'leigg/hellok8s:v1', name: 'hellok8s' }],
          },
        },
      },
    }
    sim.api.create('daemonsets.apps', ds)
    const get = (): KObject =>
      sim.api.get('daemonsets.apps', 'default', 'daemonset-hellok8s-go-http')
    expect(sim.advanceUntil(() => get().status.numberAvailable === 2, 60_000)).toBe(true)
    expect(get().status).toMatchObject({
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      numberReady: 2,
    })
    const nodes = podsOf(sim, 'default', 'daemonset-hellok8s-go-http')
      .map((p) => p.spec.nodeName)
      .sort()
    expect(nodes).toEqual(['worker-1', 'worker-2'])

    sim.api.patch('daemonsets.apps', 'default', 'daemonset-hellok8s-go-http', 'strategic', {
      spec: {
        template: { spec: { containers: [{ name: 'hellok8s', image: 'leigg/hellok8s:v2' }] } },
      },
    })
    const done = (): boolean => {
      const s = get().status
      const pods = podsOf(sim, 'default', 'daemonset-hellok8s-go-http')
      return (
        s.observedGeneration === 2 &&
        s.updatedNumberScheduled === 2 &&
        s.numberAvailable === 2 &&
        pods.length === 2 &&
        pods.every((p) => p.spec.containers[0].image === 'leigg/hellok8s:v2')
      )
    }
    expect(sim.advanceUntil(done, 5 * 60_000)).toBe(true)
    const revisions = sim.api.list('controllerrevisions.apps', { namespace: 'default' }).items
    expect(revisions.map((r) => r.revision).sort()).toEqual([1, 2])
  })

  it('Job runs to completion and is removed ttlSecondsAfterFinished later with its pod', () => {
    const sim = createSim({ seed: 102 })
    sim.api.create('jobs.batch', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pods-job' },
      spec: {
        ttlSecondsAfterFinished: 10,
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [
              { command: ['sleep', '30'], image: 'busybox', name: 'pods-job-container' },
            ],
          },
        },
      },
    })
    const job = (): KObject | undefined => sim.api.tryGet('jobs.batch', 'default', 'pods-job')
    expect(sim.advanceUntil(() => job()?.status?.succeeded === 1, 120_000)).toBe(true)
    const j = job()!
    const took = Date.parse(j.status.completionTime) - Date.parse(j.status.startTime)
    expect(took).toBeGreaterThanOrEqual(30_000)
    expect(took).toBeLessThan(40_000)
    expect(sim.advanceUntil(() => job() === undefined, 20_000)).toBe(true)
    expect(sim.advanceUntil(() => podsOf(sim, 'default', 'pods-job').length === 0, 60_000)).toBe(
      true,
    )
  })

  it("CronJob every minute keeps the tutorial's three jobs", () => {
    const sim = createSim({ seed: 103 })
    sim.api.create('cronjobs.batch', {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'pods-cronjob' },
      spec: {
        schedule: '*/1 * * * *',
        startingDeadlineSeconds: 3,
        concurrencyPolicy: 'Forbid',
        suspend: false,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
        jobTemplate: {
          spec: {
            template: {
              spec: {
                restartPolicy: 'Never',
                containers: [
                  { command: ['sleep', '30'], image: 'busybox', name: 'pods-cronjob-container' },
                ],
              },
            },
          },
        },
      },
    })
    sim.advance(5 * 60_000 + 50_000)
    expect(jobNames(sim)).toEqual([
      'pods-cronjob-28935903',
      'pods-cronjob-28935904',
      'pods-cronjob-28935905',
    ])
    const cj = sim.api.get('cronjobs.batch', 'default', 'pods-cronjob')
    expect(cj.status.lastScheduleTime).toBe('2025-01-06T09:05:00Z')
    expect(cj.status.active).toBeUndefined()
    expect(eventsFor(sim, 'default', 'pods-cronjob')).toContain(
      'Normal SuccessfulDelete Deleted job pods-cronjob-28935901',
    )
    // Deleting the CronJob takes its jobs and their pods with it.
    sim.api.delete('cronjobs.batch', 'default', 'pods-cronjob')
    sim.advance(60_000)
    expect(jobNames(sim)).toEqual([])
  })

  it('StatefulSet scaled 0 → 3 → 1 starts pods in order, binds claims and keeps them', () => {
    const sim = createSim({ seed: 104 })
    sim.api.create('statefulsets.apps', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web' },
      spec: {
        serviceName: 'nginx',
        replicas: 0,
        selector: { matchLabels: { app: 'nginx' } },
        template: {
          metadata: { labels: { app: 'nginx' } },
          spec: {
            containers: [
              {
                name: 'nginx',
                image: 'nginx',
                volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }],
              },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'www' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      },
    })
    sim.settle()
    sim.api.patch('statefulsets.apps', 'default', 'web', 'merge', { spec: { replicas: 3 } })
    const sts = (): KObject => sim.api.get('statefulsets.apps', 'default', 'web')
    expect(sim.advanceUntil(() => sts().status.readyReplicas === 3, 5 * 60_000)).toBe(true)
    const started = ['web-0', 'web-1', 'web-2'].map(
      (n) => sim.api.get('pods', 'default', n).metadata.creationTimestamp!,
    )
    expect([...started].sort()).toEqual(started)
    expect(started[0] < started[2]).toBe(true)
    const bound = sim.api.list('persistentvolumeclaims', { namespace: 'default' }).items
    expect(bound.map((c) => [c.metadata.name, c.status?.phase])).toEqual([
      ['www-web-0', 'Bound'],
      ['www-web-1', 'Bound'],
      ['www-web-2', 'Bound'],
    ])
    sim.api.patch('statefulsets.apps', 'default', 'web', 'merge', { spec: { replicas: 1 } })
    expect(sim.advanceUntil(() => podsOf(sim, 'default', 'web').length === 1, 5 * 60_000)).toBe(
      true,
    )
    const deletes = eventsFor(sim, 'default', 'web').filter((e) => e.includes('SuccessfulDelete'))
    expect(deletes).toEqual([
      'Normal SuccessfulDelete delete Pod web-2 in StatefulSet web successful',
      'Normal SuccessfulDelete delete Pod web-1 in StatefulSet web successful',
    ])
    expect(sim.api.list('persistentvolumeclaims', { namespace: 'default' }).items).toHaveLength(3)
  })
})

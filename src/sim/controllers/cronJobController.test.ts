import { describe, expect, it } from 'vitest'
import { createSim, Sim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import { eventsFor, setPodPhase } from './podPhaseForTests.ts'

function cronJob(name: string, spec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      schedule: '*/1 * * * *',
      ...spec,
      jobTemplate: {
        spec: {
          template: {
            spec: {
              // No scheduler or kubelet picks these pods up: the test plays the kubelet.
              schedulerName: 'kubeplay-test',
              restartPolicy: 'Never',
              containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'sleep 30'] }],
            },
          },
        },
      },
    },
  }
}

const jobNames = (sim: Sim): string[] =>
  sim.api
    .list('jobs.batch', { namespace: 'default' })
    .items.map((j) => j.metadata.name!)
    .sort()

/** Plays the kubelet: every running job's pods finish `after` ms after they were created. */
function finishPodsOlderThan(
  sim: Sim,
  ms: number,
  phase: 'Succeeded' | 'Failed' = 'Succeeded',
): void {
  for (const p of sim.api.list('pods', { namespace: 'default' }).items) {
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue
    if (Date.parse(p.metadata.creationTimestamp!) + ms <= sim.now()) setPodPhase(sim, p, phase)
  }
}

/** Runs the cluster second by second, finishing pods 30 s after they start (the tutorial's job). */
function run(sim: Sim, seconds: number, phase: 'Succeeded' | 'Failed' = 'Succeeded'): void {
  for (let i = 0; i < seconds; i++) {
    sim.advance(1000)
    finishPodsOlderThan(sim, 30_000, phase)
  }
  sim.settle()
}

describe('cronjob strategy', () => {
  it('defaults policy, suspend and history limits', () => {
    const sim = createSim()
    const cj = sim.api.create('cronjobs.batch', cronJob('hello')).object
    expect(cj.spec).toMatchObject({
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    })
    expect(cj.spec.jobTemplate.spec.template.spec.dnsPolicy).toBe('ClusterFirst')
    expect(cj.status).toEqual({})
  })

  it('rejects bad schedules with robfig/cron messages, and CRON_TZ', () => {
    const sim = createSim()
    const err = (schedule: string, extra: Record<string, unknown> = {}): string => {
      try {
        sim.api.create('cronjobs.batch', cronJob('bad', { schedule, ...extra }))
        return ''
      } catch (e) {
        return (e as Error).message
      }
    }
    expect(err('* * *')).toBe(
      'CronJob.batch "bad" is invalid: spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]',
    )
    expect(err('61 * * * *')).toBe(
      'CronJob.batch "bad" is invalid: spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61',
    )
    expect(err('@sometimes')).toContain('unrecognized descriptor: @sometimes')
    expect(err('CRON_TZ=UTC 0 * * * *')).toBe(
      'CronJob.batch "bad" is invalid: spec.schedule: Invalid value: "CRON_TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    )
    expect(err('0 * * * *', { timeZone: 'Mars/Olympus' })).toBe(
      'CronJob.batch "bad" is invalid: spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus',
    )
    expect(err('@every 90s')).toBe('')
  })
})

describe('cronjob controller', () => {
  it('creates a job every minute named by scheduled minute, keeping 3 successful jobs', () => {
    const sim = createSim({ seed: 2 })
    sim.api.create(
      'cronjobs.batch',
      cronJob('pods-cronjob', { startingDeadlineSeconds: 3, concurrencyPolicy: 'Forbid' }),
    )
    sim.settle()
    expect(jobNames(sim)).toEqual([])
    run(sim, 60)
    // The controller wakes 100 ms after the scheduled minute, as upstream's nextScheduleDelta.
    expect(jobNames(sim)).toEqual([])
    run(sim, 1)
    // 09:01:00 is minute 28935901 since the epoch.
    expect(jobNames(sim)).toEqual(['pods-cronjob-28935901'])
    const job = sim.api.get('jobs.batch', 'default', 'pods-cronjob-28935901')
    expect(job.metadata.annotations).toEqual({
      'batch.kubernetes.io/cronjob-scheduled-timestamp': '2025-01-06T09:01:00Z',
    })
    expect(job.metadata.ownerReferences![0]).toMatchObject({
      kind: 'CronJob',
      name: 'pods-cronjob',
      controller: true,
    })
    let cj = sim.api.get('cronjobs.batch', 'default', 'pods-cronjob')
    expect(cj.status.lastScheduleTime).toBe('2025-01-06T09:01:00Z')
    expect(cj.status.active).toHaveLength(1)
    expect(cj.status.active[0]).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'Job',
      name: 'pods-cronjob-28935901',
      namespace: 'default',
      uid: job.metadata.uid,
    })
    run(sim, 5 * 60)
    // 03–05 are the three kept successful jobs; 06 is still running.
    expect(jobNames(sim)).toEqual([
      'pods-cronjob-28935903',
      'pods-cronjob-28935904',
      'pods-cronjob-28935905',
      'pods-cronjob-28935906',
    ])
    cj = sim.api.get('cronjobs.batch', 'default', 'pods-cronjob')
    expect(cj.status.lastScheduleTime).toBe('2025-01-06T09:06:00Z')
    expect(cj.status.lastSuccessfulTime).toBe('2025-01-06T09:05:30Z')
    const ev = eventsFor(sim, 'default', 'pods-cronjob')
    expect(ev.slice(0, 3)).toEqual([
      'Normal SuccessfulCreate Created job pods-cronjob-28935901',
      'Normal SawCompletedJob Saw completed job: pods-cronjob-28935901, status: Complete',
      'Normal SuccessfulCreate Created job pods-cronjob-28935902',
    ])
    expect(ev).toContain('Normal SuccessfulDelete Deleted job pods-cronjob-28935901')
  })

  it('keeps one failed job by default', () => {
    const sim = createSim({ seed: 4 })
    const cj = cronJob('fails')
    cj.spec.jobTemplate.spec.backoffLimit = 0
    sim.api.create('cronjobs.batch', cj)
    run(sim, 4 * 60 + 40, 'Failed')
    const failed = jobNames(sim)
    expect(failed).toEqual(['fails-28935904'])
  })

  it('Forbid skips runs while one is active; Replace replaces it', () => {
    for (const policy of ['Forbid', 'Replace', 'Allow'] as const) {
      const sim = createSim({ seed: 6 })
      sim.api.create('cronjobs.batch', cronJob('c', { concurrencyPolicy: policy }))
      // Never finish any pod: each run outlasts the minute.
      sim.advance(3 * 60_000 + 500)
      const names = jobNames(sim)
      if (policy === 'Forbid') {
        expect(names).toEqual(['c-28935901'])
        expect(eventsFor(sim, 'default', 'c')).toContain(
          'Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid',
        )
      } else if (policy === 'Replace') {
        expect(names).toEqual(['c-28935903'])
        expect(eventsFor(sim, 'default', 'c')).toContain(
          'Normal SuccessfulDelete Deleted job c-28935902',
        )
      } else expect(names).toEqual(['c-28935901', 'c-28935902', 'c-28935903'])
    }
  })

  it('does nothing while suspended, then starts the missed run within the deadline', () => {
    const sim = createSim({ seed: 8 })
    sim.api.create('cronjobs.batch', cronJob('s', { suspend: true, schedule: '*/10 * * * *' }))
    sim.advance(25 * 60_000)
    expect(jobNames(sim)).toEqual([])
    sim.api.patch('cronjobs.batch', 'default', 's', 'merge', { spec: { suspend: false } })
    sim.settle()
    // The most recent unmet time (09:20) is started late, as upstream does without a deadline.
    expect(jobNames(sim)).toEqual(['s-28935920'])
  })

  it('skips a run missed by more than startingDeadlineSeconds, silently', () => {
    const sim = createSim({ seed: 10 })
    sim.api.create(
      'cronjobs.batch',
      cronJob('late', { suspend: true, schedule: '*/10 * * * *', startingDeadlineSeconds: 10 }),
    )
    sim.advance(10 * 60_000 + 20_000)
    sim.api.patch('cronjobs.batch', 'default', 'late', 'merge', { spec: { suspend: false } })
    sim.settle()
    expect(jobNames(sim)).toEqual([])
    expect(eventsFor(sim, 'default', 'late')).toEqual([])
    sim.advance(10 * 60_000)
    expect(jobNames(sim)).toEqual(['late-28935920'])
  })

  it('warns about too many missed start times and still starts the latest', () => {
    const sim = createSim({ seed: 16 })
    sim.api.create('cronjobs.batch', cronJob('busy', { suspend: true }))
    sim.advance(102 * 60_000)
    sim.api.patch('cronjobs.batch', 'default', 'busy', 'merge', { spec: { suspend: false } })
    sim.settle()
    expect(eventsFor(sim, 'default', 'busy').slice(0, 2)).toEqual([
      'Warning TooManyMissedTimes too many missed start times: 102. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
      'Normal SuccessfulCreate Created job busy-28936002',
    ])
  }, 60_000)

  it('uses the time zone for the schedule and the annotation', () => {
    const sim = createSim({ seed: 12 })
    // 09:00 UTC is 18:00 in Tokyo; 19:00 there is 10:00 UTC.
    sim.api.create(
      'cronjobs.batch',
      cronJob('tz', { schedule: '0 19 * * *', timeZone: 'Asia/Tokyo' }),
    )
    sim.advance(3_600_000 + 1000)
    expect(jobNames(sim)).toEqual(['tz-28935960'])
    expect(
      sim.api.get('jobs.batch', 'default', 'tz-28935960').metadata.annotations![
        'batch.kubernetes.io/cronjob-scheduled-timestamp'
      ],
    ).toBe('2025-01-06T19:00:00+09:00')
  })

  it("stays cheap over simulated hours: one reconcile per run plus its jobs' own changes", () => {
    const sim = createSim({ seed: 14 })
    sim.api.create('cronjobs.batch', cronJob('hourly', { schedule: '@hourly' }))
    sim.settle()
    const controller = sim.manager.controllers().find((c) => c.name === 'cronjob')!
    const reconcile = controller.reconcile.bind(controller)
    let calls = 0
    ;(controller as { reconcile: typeof reconcile }).reconcile = (key, ctx) => {
      calls++
      return reconcile(key, ctx)
    }
    sim.advance(3 * 3_600_000 + 1000)
    expect(jobNames(sim)).toHaveLength(3)
    // Each run wakes the CronJob once and its new Job's creation and status writes a few times;
    // nothing happens per minute in between.
    expect(calls).toBeLessThan(3 * 6)
  }, 60_000)

  it('keeps its schedule across snapshot and restore', () => {
    const sim = createSim({ seed: 18 })
    sim.api.create('cronjobs.batch', cronJob('snap'))
    sim.advance(90_000)
    const restored = Sim.restore(sim.snapshot())
    for (const s of [sim, restored]) s.advance(120_000)
    expect(jobNames(restored)).toEqual(['snap-28935901', 'snap-28935902', 'snap-28935903'])
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(sim.snapshot()))
  })

  it('is deterministic', () => {
    const once = (): string => {
      const sim = createSim({ seed: 99 })
      sim.api.create('cronjobs.batch', cronJob('d'))
      run(sim, 200)
      return JSON.stringify(sim.snapshot())
    }
    expect(once()).toBe(once())
  })
})

import { describe, expect, it } from 'vitest'
import { createSim, Sim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import type { StatusError } from '../api/errors.ts'
import { bindIfUnbound, eventsFor, podsOf, setPodPhase } from './podPhaseForTests.ts'
import { resourceById } from '../api/resources.ts'

function job(name: string, spec: Record<string, unknown> = {}, restartPolicy = 'Never'): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      ...spec,
      template: {
        spec: {
          // No scheduler or kubelet picks these pods up: the test plays the kubelet.
          schedulerName: 'kubeplay-test',
          restartPolicy,
          containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo hi'] }],
        },
      },
    },
  }
}

const getJob = (sim: Sim, name: string): KObject => sim.api.get('jobs.batch', 'default', name)
const active = (sim: Sim, name: string): KObject[] =>
  podsOf(sim, 'default', name).filter(
    (p) => !p.status?.phase || p.status.phase === 'Pending' || p.status.phase === 'Running',
  )

describe('job strategy', () => {
  it('defaults the spec and generates the selector and labels', () => {
    const sim = createSim({ seed: 3 })
    const created = sim.api.create('jobs.batch', job('pi')).object
    const uid = created.metadata.uid!
    expect(created.spec).toMatchObject({
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      completions: 1,
      manualSelector: false,
      parallelism: 1,
      podReplacementPolicy: 'TerminatingOrFailed',
      suspend: false,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
    })
    const labels = {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': uid,
      'job-name': 'pi',
    }
    expect(created.spec.template.metadata.labels).toEqual(labels)
    expect(created.metadata.labels).toEqual(labels)
    expect(created.spec.template.spec.dnsPolicy).toBe('ClusterFirst')
  })

  it('refuses restartPolicy Always with the real message', () => {
    const sim = createSim()
    const bad = job('bad')
    delete bad.spec.template.spec.restartPolicy
    try {
      sim.api.create('jobs.batch', bad)
      throw new Error('expected an error')
    } catch (e) {
      expect((e as StatusError).message).toBe(
        'Job.batch "bad" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
      )
    }
  })

  it('refuses a hand-written selector without manualSelector', () => {
    const sim = createSim()
    const bad = job('sel', { selector: { matchLabels: { app: 'x' } } })
    bad.spec.template.metadata = { labels: { app: 'x' } }
    expect(() => sim.api.create('jobs.batch', bad)).toThrow(
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated',
    )
  })
})

describe('job controller', () => {
  it('runs completions 3 with parallelism 2 and completes', () => {
    const sim = createSim({ seed: 5 })
    sim.api.create('jobs.batch', job('work', { completions: 3, parallelism: 2 }))
    sim.settle()
    let pods = active(sim, 'work')
    expect(pods).toHaveLength(2)
    const p0 = pods[0]
    expect(p0.metadata.finalizers).toContain('batch.kubernetes.io/job-tracking')
    expect(p0.metadata.labels!['batch.kubernetes.io/job-name']).toBe('work')
    expect(p0.metadata.generateName).toBe('work-')
    expect(getJob(sim, 'work').status).toMatchObject({ active: 2, ready: 0, terminating: 0 })
    expect(getJob(sim, 'work').status.startTime).toBe('2025-01-06T09:00:00Z')

    for (const p of pods) setPodPhase(sim, p, 'Running')
    sim.advance(1000)
    expect(getJob(sim, 'work').status).toMatchObject({ active: 2, ready: 2 })
    sim.advance(5000)
    for (const p of pods) setPodPhase(sim, p, 'Succeeded')
    sim.settle()
    pods = active(sim, 'work')
    expect(pods).toHaveLength(1)
    expect(getJob(sim, 'work').status).toMatchObject({ active: 1, succeeded: 2 })
    // Finished pods lose the tracking finalizer once counted.
    const done = podsOf(sim, 'default', 'work').filter((p) => p.status?.phase === 'Succeeded')
    expect(done.every((p) => !p.metadata.finalizers)).toBe(true)

    sim.advance(10_000)
    setPodPhase(sim, pods[0], 'Succeeded')
    sim.settle()
    const j = getJob(sim, 'work')
    expect(j.status.succeeded).toBe(3)
    expect(j.status.active).toBeUndefined()
    expect(j.status.completionTime).toBe('2025-01-06T09:00:16Z')
    expect(j.status.conditions.map((c: any) => [c.type, c.status, c.reason, c.message])).toEqual([
      [
        'SuccessCriteriaMet',
        'True',
        'CompletionsReached',
        'Reached expected number of succeeded pods',
      ],
      ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ])
    const ev = eventsFor(sim, 'default', 'work')
    expect(
      ev.filter((e) => e.startsWith('Normal SuccessfulCreate Created pod: work-')),
    ).toHaveLength(3)
    expect(ev[ev.length - 1]).toBe('Normal Completed Job completed')
  })

  it('fails after backoffLimit with exponential back-off between replacements', () => {
    const sim = createSim({ seed: 7 })
    sim.api.create('jobs.batch', job('crash', { backoffLimit: 2 }))
    sim.settle()
    const createdAt: number[] = []
    for (let i = 0; i < 3; i++) {
      const pods = active(sim, 'crash')
      expect(pods).toHaveLength(1)
      createdAt.push(Date.parse(pods[0].metadata.creationTimestamp!))
      setPodPhase(sim, pods[0], 'Failed')
      sim.settle()
      if (i < 2) {
        expect(active(sim, 'crash')).toHaveLength(0)
        sim.advanceUntil(() => active(sim, 'crash').length === 1, 60_000)
      }
    }
    // 10 s after the first failure, 20 s after the second.
    expect(createdAt[1] - createdAt[0]).toBe(10_000)
    expect(createdAt[2] - createdAt[1]).toBe(20_000)
    const j = getJob(sim, 'crash')
    expect(j.status.failed).toBe(3)
    expect(j.status.conditions.map((c: any) => [c.type, c.reason, c.message])).toEqual([
      ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ])
    expect(j.status.completionTime).toBeUndefined()
    expect(eventsFor(sim, 'default', 'crash')).toContain(
      'Warning BackoffLimitExceeded Job has reached the specified backoff limit',
    )
    sim.advance(120_000)
    expect(podsOf(sim, 'default', 'crash')).toHaveLength(3)
  })

  it('stops a job that outlives activeDeadlineSeconds', () => {
    const sim = createSim({ seed: 9 })
    sim.api.create(
      'jobs.batch',
      job('slow', { activeDeadlineSeconds: 30, parallelism: 2, completions: 4 }),
    )
    sim.settle()
    // One pod sits on a node without a kubelet, so its deletion waits (terminating).
    bindIfUnbound(sim, active(sim, 'slow')[0], 'ghost-node')
    for (const p of active(sim, 'slow')) setPodPhase(sim, p, 'Running')
    sim.advance(29_000)
    expect(getJob(sim, 'slow').status.conditions).toBeUndefined()
    sim.advance(1_000)
    let j = getJob(sim, 'slow')
    // The outcome is decided at once; Failed follows once the deleted pods have terminated.
    expect(j.status.conditions).toHaveLength(1)
    expect(j.status.conditions[0]).toMatchObject({
      type: 'FailureTarget',
      reason: 'DeadlineExceeded',
    })
    expect(j.status).toMatchObject({ terminating: 1, failed: 2 })
    expect(j.status.active).toBeUndefined()
    // The kubelet confirms the container stopped.
    for (const p of podsOf(sim, 'default', 'slow')) sim.api.finalRemove(resourceById('pods'), p)
    sim.settle()
    j = getJob(sim, 'slow')
    expect(j.status.conditions.map((c: any) => [c.type, c.reason])).toEqual([
      ['FailureTarget', 'DeadlineExceeded'],
      ['Failed', 'DeadlineExceeded'],
    ])
    expect(j.status.failed).toBe(2)
    expect(j.status.terminating).toBe(0)
    expect(eventsFor(sim, 'default', 'slow')).toContain(
      'Warning DeadlineExceeded Job was active longer than specified deadline',
    )
  })

  it('runs a work queue (completions unset, parallelism 3) until one pod succeeds and the rest end', () => {
    const sim = createSim({ seed: 11 })
    sim.api.create('jobs.batch', job('queue', { parallelism: 3 }))
    sim.settle()
    expect(getJob(sim, 'queue').spec.completions).toBeUndefined()
    const pods = active(sim, 'queue')
    expect(pods).toHaveLength(3)
    setPodPhase(sim, pods[0], 'Succeeded')
    sim.settle()
    // No new pods once one succeeded; the others keep running.
    expect(active(sim, 'queue')).toHaveLength(2)
    setPodPhase(sim, pods[1], 'Succeeded')
    setPodPhase(sim, pods[2], 'Succeeded')
    sim.settle()
    expect(getJob(sim, 'queue').status.succeeded).toBe(3)
    expect(getJob(sim, 'queue').status.conditions.at(-1).type).toBe('Complete')
  })

  it('gives Indexed pods their completion index', () => {
    const sim = createSim({ seed: 13 })
    sim.api.create(
      'jobs.batch',
      job('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' }),
    )
    sim.settle()
    const pods = active(sim, 'idx').sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!))
    expect(
      pods.map((p) => p.metadata.annotations!['batch.kubernetes.io/job-completion-index']),
    ).toEqual(['0', '1', '2'])
    expect(pods.map((p) => p.spec.hostname)).toEqual(['idx-0', 'idx-1', 'idx-2'])
    expect(pods[1].metadata.generateName).toBe('idx-1-')
    setPodPhase(sim, pods[2], 'Succeeded')
    sim.settle()
    expect(getJob(sim, 'idx').status.completedIndexes).toBe('2')
    setPodPhase(sim, pods[0], 'Succeeded')
    setPodPhase(sim, pods[1], 'Succeeded')
    sim.settle()
    expect(getJob(sim, 'idx').status.completedIndexes).toBe('0-2')
    expect(getJob(sim, 'idx').status.conditions.at(-1).type).toBe('Complete')
  })

  it('gives each index its own backoff limit and fails the job with the failed indexes', () => {
    const sim = createSim({ seed: 27 })
    sim.api.create(
      'jobs.batch',
      job('per', {
        completions: 3,
        parallelism: 3,
        completionMode: 'Indexed',
        backoffLimitPerIndex: 1,
      }),
    )
    sim.settle()
    expect(getJob(sim, 'per').spec.backoffLimit).toBe(2147483647)
    const byIndex = (ix: string): KObject =>
      active(sim, 'per').find(
        (p) => p.metadata.labels!['batch.kubernetes.io/job-completion-index'] === ix,
      )!
    expect(byIndex('1').metadata.annotations!['batch.kubernetes.io/job-index-failure-count']).toBe(
      '0',
    )
    setPodPhase(sim, byIndex('0'), 'Succeeded')
    setPodPhase(sim, byIndex('1'), 'Failed')
    sim.settle()
    expect(getJob(sim, 'per').status.failedIndexes).toBe('')
    // Index 1 retries after its own 10 s back-off, carrying its failure count.
    sim.advance(10_000)
    expect(byIndex('1').metadata.annotations!['batch.kubernetes.io/job-index-failure-count']).toBe(
      '1',
    )
    setPodPhase(sim, byIndex('1'), 'Failed')
    sim.settle()
    expect(getJob(sim, 'per').status.failedIndexes).toBe('1')
    setPodPhase(sim, byIndex('2'), 'Succeeded')
    sim.advance(60_000)
    const j = getJob(sim, 'per')
    expect(j.status).toMatchObject({
      completedIndexes: '0,2',
      failedIndexes: '1',
      failed: 2,
      succeeded: 2,
    })
    expect(j.status.conditions.map((c: any) => [c.type, c.reason, c.message])).toEqual([
      ['FailureTarget', 'FailedIndexes', 'Job has failed indexes'],
      ['Failed', 'FailedIndexes', 'Job has failed indexes'],
    ])
    expect(podsOf(sim, 'default', 'per')).toHaveLength(4)
  })

  it('completes early when the success policy is met, stopping the rest', () => {
    const sim = createSim({ seed: 29 })
    sim.api.create(
      'jobs.batch',
      job('leader', {
        completions: 3,
        parallelism: 3,
        completionMode: 'Indexed',
        successPolicy: { rules: [{ succeededIndexes: '0' }] },
      }),
    )
    sim.settle()
    const leader = active(sim, 'leader').find(
      (p) => p.metadata.labels!['batch.kubernetes.io/job-completion-index'] === '0',
    )!
    setPodPhase(sim, leader, 'Succeeded')
    sim.settle()
    const j = getJob(sim, 'leader')
    expect(j.status.conditions.map((c: any) => [c.type, c.reason, c.message])).toEqual([
      ['SuccessCriteriaMet', 'SuccessPolicy', 'Matched rules at index 0'],
      ['Complete', 'SuccessPolicy', 'Matched rules at index 0'],
    ])
    expect(j.status).toMatchObject({ succeeded: 1, completedIndexes: '0', failed: 2 })
    expect(active(sim, 'leader')).toHaveLength(0)
  })

  it('suspends and resumes', () => {
    const sim = createSim({ seed: 15 })
    sim.api.create('jobs.batch', job('sus', { suspend: true }))
    sim.settle()
    expect(active(sim, 'sus')).toHaveLength(0)
    let j = getJob(sim, 'sus')
    expect(j.status.conditions[0]).toMatchObject({
      type: 'Suspended',
      status: 'True',
      reason: 'JobSuspended',
    })
    expect(j.status.startTime).toBeUndefined()
    sim.advance(60_000)
    sim.api.patch('jobs.batch', 'default', 'sus', 'merge', { spec: { suspend: false } })
    sim.settle()
    j = getJob(sim, 'sus')
    expect(j.status.conditions[0]).toMatchObject({
      type: 'Suspended',
      status: 'False',
      reason: 'JobResumed',
    })
    expect(j.status.startTime).toBe('2025-01-06T09:01:00Z')
    expect(active(sim, 'sus')).toHaveLength(1)
    expect(eventsFor(sim, 'default', 'sus').slice(0, 1)).toEqual(['Normal Suspended Job suspended'])
  })

  it('deletes the job ttlSecondsAfterFinished after it finished', () => {
    const sim = createSim({ seed: 17 })
    sim.api.create('jobs.batch', job('ttl', { ttlSecondsAfterFinished: 10 }))
    sim.settle()
    sim.advance(30_000)
    setPodPhase(sim, active(sim, 'ttl')[0], 'Succeeded')
    sim.settle()
    sim.advance(9_000)
    expect(getJob(sim, 'ttl').metadata.deletionTimestamp).toBeUndefined()
    sim.advance(1_000)
    const gone = sim.api.tryGet('jobs.batch', 'default', 'ttl')
    expect(gone === undefined || gone.metadata.deletionTimestamp === '2025-01-06T09:00:40Z').toBe(
      true,
    )
  })

  it('fails at once on a FailJob exit code and ignores disruptions (podFailurePolicy)', () => {
    const sim = createSim({ seed: 23 })
    const policy = {
      rules: [
        { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
      ],
    }
    sim.api.create('jobs.batch', job('pfp', { backoffLimit: 6, podFailurePolicy: policy }))
    sim.settle()
    expect(getJob(sim, 'pfp').spec.podReplacementPolicy).toBe('Failed')
    // A disrupted pod does not count, and its replacement comes without back-off.
    setPodPhase(sim, active(sim, 'pfp')[0], 'Failed', { condition: 'DisruptionTarget' })
    sim.settle()
    expect(getJob(sim, 'pfp').status.failed).toBeUndefined()
    const next = active(sim, 'pfp')
    expect(next).toHaveLength(1)
    setPodPhase(sim, next[0], 'Failed', { exitCode: 42 })
    sim.settle()
    const j = getJob(sim, 'pfp')
    const message = `Container main for pod default/${next[0].metadata.name} failed with exit code 42 matching FailJob rule at index 0`
    expect(j.status.conditions.map((c: any) => [c.type, c.reason, c.message])).toEqual([
      ['FailureTarget', 'PodFailurePolicy', message],
      ['Failed', 'PodFailurePolicy', message],
    ])
    expect(j.status.failed).toBe(1)
    expect(eventsFor(sim, 'default', 'pfp')).toContain(`Warning PodFailurePolicy ${message}`)
  })

  it('requires restartPolicy Never with a podFailurePolicy', () => {
    const sim = createSim()
    const bad = job(
      'pfp',
      {
        podFailurePolicy: {
          rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }],
        },
      },
      'OnFailure',
    )
    expect(() => sim.api.create('jobs.batch', bad)).toThrow(
      'Job.batch "pfp" is invalid: spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
    )
  })

  it('releases the tracking finalizer of pods orphaned from a deleted job', () => {
    const sim = createSim({ seed: 25 })
    sim.api.create('jobs.batch', job('orphan'))
    sim.settle()
    const pod = active(sim, 'orphan')[0]
    sim.api.delete('jobs.batch', 'default', 'orphan', { propagationPolicy: 'Orphan' })
    sim.advance(5000)
    const left = sim.api.get('pods', 'default', pod.metadata.name!)
    expect(left.metadata.ownerReferences ?? []).toEqual([])
    expect(left.metadata.finalizers).toBeUndefined()
  })

  it('keeps the failure back-off across snapshot and restore', () => {
    const sim = createSim({ seed: 19 })
    sim.api.create('jobs.batch', job('snap', { backoffLimit: 4 }))
    sim.settle()
    setPodPhase(sim, active(sim, 'snap')[0], 'Failed')
    sim.advance(12_000)
    setPodPhase(sim, active(sim, 'snap')[0], 'Failed')
    sim.advance(5_000)
    const restored = Sim.restore(sim.snapshot())
    for (const s of [sim, restored]) s.advance(14_000)
    // The second failure waits 20 s: nothing yet at +19 s, a new pod at +20 s, in both.
    expect(active(sim, 'snap')).toHaveLength(0)
    expect(active(restored, 'snap')).toHaveLength(0)
    for (const s of [sim, restored]) s.advance(1_000)
    expect(active(sim, 'snap')).toHaveLength(1)
    expect(active(restored, 'snap')).toHaveLength(1)
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(sim.snapshot()))
  })

  it('is deterministic', () => {
    const run = (): string => {
      const sim = createSim({ seed: 21 })
      sim.api.create('jobs.batch', job('d', { completions: 2, parallelism: 2 }))
      sim.settle()
      for (const p of active(sim, 'd')) setPodPhase(sim, p, 'Failed')
      sim.advance(30_000)
      return JSON.stringify(sim.snapshot())
    }
    expect(run()).toBe(run())
  })
})

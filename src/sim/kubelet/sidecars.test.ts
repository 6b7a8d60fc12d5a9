import { describe, expect, it } from 'vitest'
import { createSession, runLineSync } from '../../session/session.ts'
import type { KObject } from '../api/types.ts'
import { createSim, Sim } from '../sim.ts'
import { podEvents, runtimeOf } from './testing.ts'

/** The official examples (website: application/deployment-sidecar.yaml and job/job-sidecar.yaml). */
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: myapp
  labels:
    app.kubernetes.io/name: myapp
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: myapp
  template:
    metadata:
      labels:
        app.kubernetes.io/name: myapp
    spec:
      containers:
        - name: myapp
          image: alpine:latest
          command: ['sh', '-c', 'while true; do echo "logging" >> /opt/logs.txt; sleep 1; done']
          volumeMounts:
            - name: data
              mountPath: /opt
      initContainers:
        - name: logshipper
          image: alpine:latest
          restartPolicy: Always
          command: ['sh', '-c', 'tail -F /opt/logs.txt']
          volumeMounts:
            - name: data
              mountPath: /opt
      volumes:
        - name: data
          emptyDir: {}
`

const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: myjob
spec:
  template:
    spec:
      containers:
        - name: myjob
          image: alpine:latest
          command: ['sh', '-c', 'echo "logging" > /opt/logs.txt']
          volumeMounts:
            - name: data
              mountPath: /opt
      initContainers:
        - name: logshipper
          image: alpine:latest
          restartPolicy: Always
          command: ['sh', '-c', 'tail -F /opt/logs.txt']
          volumeMounts:
            - name: data
              mountPath: /opt
      restartPolicy: Never
      volumes:
        - name: data
          emptyDir: {}
`

function session(files: Record<string, string>) {
  const s = createSession({ seed: 1, files })
  const run = (line: string) => runLineSync(s, line, { isTTY: false, interruptAfterMs: 2000 })
  return { s, sim: s.sim, run }
}

function onlyPod(sim: Sim): KObject {
  const pods = sim.api.list('pods', { namespace: 'default' }).items
  expect(pods).toHaveLength(1)
  return pods[0]
}

function podWith(init: Record<string, unknown>[], main: Record<string, unknown>[], spec = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: { initContainers: init, containers: main, ...spec },
  }
}

const names = (list: { name: string }[]) => list.map((c) => c.name)

/** Each case boots a whole cluster. */
const SLOW = 30_000

describe('native sidecar containers', () => {
  it(
    'the deployment-sidecar example runs 2/2 and the shipper follows the shared log',
    () => {
      const { sim, run } = session({ 'd.yaml': DEPLOYMENT })
      expect(run('kubectl apply -f d.yaml').exitCode).toBe(0)
      sim.advance(30_000)
      const out = run('kubectl get pods').stdout
      expect(out).toMatch(
        /^NAME +READY +STATUS +RESTARTS +AGE\nmyapp-\S+ +2\/2 +Running +0 +30s\n$/,
      )
      const pod = onlyPod(sim)
      const side = pod.status.initContainerStatuses[0]
      expect(side).toMatchObject({
        name: 'logshipper',
        ready: true,
        started: true,
        restartCount: 0,
      })
      expect(side.state.running).toBeDefined()
      // The sidecar is started first; the main container only once it runs.
      expect(Date.parse(pod.status.containerStatuses[0].state.running.startedAt)).toBeGreaterThan(
        Date.parse(side.state.running.startedAt),
      )
      const logs = run('kubectl logs deploy/myapp -c logshipper').stdout.split('\n')
      expect(logs.slice(0, 4)).toEqual([
        "tail: can't open '/opt/logs.txt': No such file or directory",
        'tail: /opt/logs.txt has appeared; following end of new file',
        'logging',
        'logging',
      ])
      expect(logs.filter((l) => l === 'logging').length).toBeGreaterThan(20)
      const describe = run('kubectl describe pod').stdout
      expect(describe).toMatch(/Init Containers:\n {2}logshipper:\n[\s\S]*?State: +Running\n/)
      expect(describe).toMatch(/Conditions:\n.*\n.*\n {2}Initialized +True \n {2}Ready +True /)
    },
    SLOW,
  )

  it(
    'a Job with a sidecar completes once the main container is done and the sidecar stopped',
    () => {
      const { sim, run } = session({ 'j.yaml': JOB })
      run('kubectl apply -f j.yaml')
      sim.advance(5_000)
      let pod = onlyPod(sim)
      // The sidecar still runs (tail as PID 1 ignores SIGTERM): the pod is not finished yet.
      expect(pod.status.phase).toBe('Running')
      expect(pod.status.containerStatuses[0].state.terminated.reason).toBe('Completed')
      expect(podEvents(sim, pod.metadata.name!)).toContain(
        'Normal Killing Stopping container logshipper',
      )
      expect(run('kubectl get jobs').stdout).toMatch(/myjob +Running +0\/1 /)
      sim.advance(40_000)
      pod = onlyPod(sim)
      expect(pod.status.phase).toBe('Succeeded')
      expect(pod.status.initContainerStatuses[0].state.terminated).toMatchObject({
        exitCode: 137,
        reason: 'Error',
      })
      expect(pod.status.initContainerStatuses[0].restartCount).toBe(0)
      expect(run('kubectl get pods').stdout).toMatch(/myjob-\S+ +0\/2 +Completed +0 /)
      expect(run('kubectl get jobs').stdout).toMatch(/myjob +Complete +1\/1 /)
      expect(run('kubectl logs job/myjob -c logshipper').stdout).toBe(
        "tail: can't open '/opt/logs.txt': No such file or directory\n" +
          'tail: /opt/logs.txt has appeared; following end of new file\nlogging\n',
      )
    },
    SLOW,
  )

  it(
    'a crashing sidecar restarts with back-off while the main container keeps running',
    () => {
      const { sim, run } = session({})
      const side = {
        name: 'side',
        image: 'busybox:1.37',
        restartPolicy: 'Always',
        command: ['sh', '-c', 'sleep 5; exit 3'],
      }
      const main = { name: 'main', image: 'busybox:1.37', command: ['sleep', '3600'] }
      sim.api.create('pods', podWith([side], [main]))
      sim.advance(120_000)
      const pod = onlyPod(sim)
      const s = pod.status.initContainerStatuses[0]
      const m = pod.status.containerStatuses[0]
      expect(m.restartCount).toBe(0)
      expect(m.state.running).toBeDefined()
      expect(s.restartCount).toBeGreaterThanOrEqual(3)
      expect(s.lastState.terminated).toMatchObject({ exitCode: 3, reason: 'Error' })
      // Starts at 10 s, 20 s, 40 s of back-off after each exit, not at once.
      const started = sim.api
        .list('events', { namespace: 'default' })
        .items.find((e) => e.reason === 'Started' && e.involvedObject.fieldPath?.includes('side'))
      expect(started?.count).toBe(s.restartCount + 1)
      expect(s.restartCount).toBeLessThanOrEqual(5)
      expect(podEvents(sim, 'p')).toContain(
        `Warning BackOff Back-off restarting failed container side in pod p_default(${pod.metadata.uid})`,
      )
      expect(pod.status.phase).toBe('Running')
      const ready = pod.status.conditions.find((c: { type: string }) => c.type === 'Ready')
      if (s.state.waiting) {
        expect(ready).toMatchObject({
          status: 'False',
          reason: 'ContainersNotReady',
          message: 'containers with unready status: [side]',
        })
        expect(run('kubectl get pod p').stdout).toMatch(/p +1\/2 +Init:CrashLoopBackOff +\d \(/)
      }
      const initialized = pod.status.conditions.find(
        (c: { type: string }) => c.type === 'Initialized',
      )
      expect(initialized.status).toBe('True')
    },
    SLOW,
  )

  it(
    'restartPolicy Never: the sidecar is still restarted and the pod keeps running',
    () => {
      const { sim } = session({})
      const side = {
        name: 'side',
        image: 'busybox:1.37',
        restartPolicy: 'Always',
        command: ['sh', '-c', 'sleep 2'],
      }
      const main = { name: 'main', image: 'busybox:1.37', command: ['sleep', '3600'] }
      sim.api.create('pods', podWith([side], [main], { restartPolicy: 'Never' }))
      sim.advance(60_000)
      const pod = onlyPod(sim)
      expect(pod.status.phase).toBe('Running')
      expect(pod.status.initContainerStatuses[0].restartCount).toBeGreaterThan(0)
      expect(pod.status.initContainerStatuses[0].lastState.terminated.reason).toBe('Completed')
    },
    SLOW,
  )

  it(
    'a startup probe holds the next containers back; readiness counts for the pod',
    () => {
      const { sim, run } = session({})
      const side = {
        name: 'side',
        image: 'busybox:1.37',
        restartPolicy: 'Always',
        command: ['sleep', '3600'],
        startupProbe: { exec: { command: ['true'] }, initialDelaySeconds: 15, periodSeconds: 5 },
        readinessProbe: { exec: { command: ['false'] }, periodSeconds: 5 },
      }
      const main = { name: 'main', image: 'busybox:1.37', command: ['sleep', '3600'] }
      sim.api.create('pods', podWith([side], [main]))
      sim.advance(8_000)
      let pod = onlyPod(sim)
      expect(pod.status.phase).toBe('Pending')
      expect(pod.status.initContainerStatuses[0]).toMatchObject({ started: false, ready: false })
      expect(pod.status.containerStatuses[0].state.waiting.reason).toBe('PodInitializing')
      const init = pod.status.conditions.find((c: { type: string }) => c.type === 'Initialized')
      expect(init.message).toBe('containers with incomplete status: [side]')
      expect(run('kubectl get pod p').stdout).toMatch(/p +0\/2 +Init:0\/1 +0 /)
      sim.advance(30_000)
      pod = onlyPod(sim)
      expect(pod.status.phase).toBe('Running')
      expect(pod.status.initContainerStatuses[0]).toMatchObject({ started: true, ready: false })
      expect(pod.status.containerStatuses[0].state.running).toBeDefined()
      const ready = pod.status.conditions.find((c: { type: string }) => c.type === 'Ready')
      expect(ready.message).toBe('containers with unready status: [side]')
      expect(run('kubectl get pod p').stdout).toMatch(/p +1\/2 +Running +0 /)
    },
    SLOW,
  )

  it(
    'a snapshot taken while the sidecar follows the log continues to the same future',
    () => {
      const sim = createSim({ seed: 5 })
      const mount = { volumeMounts: [{ name: 'data', mountPath: '/opt' }] }
      const shipper = {
        name: 'shipper',
        image: 'alpine',
        restartPolicy: 'Always',
        command: ['sh', '-c', 'tail -F /opt/logs.txt'],
        ...mount,
      }
      const app = {
        name: 'app',
        image: 'alpine',
        command: ['sh', '-c', 'while true; do echo "logging" >> /opt/logs.txt; sleep 3; done'],
        ...mount,
      }
      sim.api.create(
        'pods',
        podWith([shipper], [app], { volumes: [{ name: 'data', emptyDir: {} }] }),
      )
      sim.advance(20_500)
      const restored = Sim.restore(sim.snapshot())
      for (const s of [sim, restored]) s.advance(30_000)
      expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(sim.snapshot()))
      const logs = (s: Sim) =>
        runtimeOf(s)
          .logs(onlyPod(s), 'shipper')
          .map((l) => l.text)
      expect(logs(restored)).toEqual(logs(sim))
      expect(logs(sim).filter((l) => l === 'logging').length).toBe(16)
    },
    SLOW,
  )

  it(
    'deletion stops the main containers first, then the sidecars in reverse order',
    () => {
      const { sim } = session({})
      const sleeper = (name: string, sidecar: boolean) => ({
        name,
        image: 'busybox:1.37',
        command: ['sleep', '3600'],
        ...(sidecar ? { restartPolicy: 'Always' } : {}),
      })
      const spec = { terminationGracePeriodSeconds: 10 }
      sim.api.create(
        'pods',
        podWith([sleeper('first', true), sleeper('second', true)], [sleeper('main', false)], spec),
      )
      sim.advance(20_000)
      const before = onlyPod(sim)
      expect(names(before.status.initContainerStatuses)).toEqual(['first', 'second'])
      const finished: Record<string, number> = {}
      const stop = sim.api.watch((ev) => {
        const pod = ev.object
        if (pod.kind !== 'Pod' || pod.metadata.name !== 'p' || !pod.status) return
        for (const st of [...pod.status.initContainerStatuses, ...pod.status.containerStatuses])
          if (st.state.terminated) finished[st.name] ??= Date.parse(st.state.terminated.finishedAt)
      })
      const deletedAt = sim.now()
      sim.api.delete('pods', 'default', 'p')
      sim.advance(20_000)
      stop()
      expect(sim.api.tryGet('pods', 'default', 'p')).toBeUndefined()
      expect(finished.main - deletedAt).toBe(10_000)
      // sleep as PID 1 ignores SIGTERM: main is killed at the deadline, then the last sidecar, and
      // the first one is killed 2 s later at the end of the grace period as well.
      expect(finished.main).toBeLessThan(finished.second)
      expect(finished.second).toBeLessThanOrEqual(finished.first)
      expect(finished.second - finished.main).toBe(2_000)
      expect(podEvents(sim, 'p').filter((e) => e.includes('Killing'))).toEqual([
        'Normal Killing Stopping container first',
        'Normal Killing Stopping container second',
        'Normal Killing Stopping container main',
      ])
    },
    SLOW,
  )
})

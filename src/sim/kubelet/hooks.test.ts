import { describe, expect, it } from 'vitest'
import { createSession, runLineSync } from '../../session/session.ts'
import { getPod, podEvents } from './testing.ts'

/** The official example (website: pods/lifecycle-events.yaml), with a postStart that takes 5 s. */
const LIFECYCLE = `apiVersion: v1
kind: Pod
metadata:
  name: lifecycle-demo
spec:
  containers:
  - name: lifecycle-demo-container
    image: nginx
    lifecycle:
      postStart:
        exec:
          command: ["/bin/sh", "-c", "echo Hello from the postStart handler > /usr/share/message; sleep 5"]
      preStop:
        exec:
          command: ["/bin/sh", "-c", "sleep 8"]
  - name: second
    image: nginx
    command: ["sleep", "3600"]
`

function pod(name: string, lifecycle: string, extra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:${extra}
  containers:
  - name: c
    image: nginx
    imagePullPolicy: IfNotPresent
    lifecycle:
${lifecycle}
`
}

function session(files: Record<string, string>) {
  const s = createSession({ seed: 1, files })
  const run = (line: string) => runLineSync(s, line, { isTTY: false, interruptAfterMs: 2000 })
  return { sim: s.sim, run }
}

const statusOf = (run: (l: string) => { stdout: string }, name: string): string =>
  run(`kubectl get pod ${name} --no-headers`).stdout.trim().split(/\s+/)[2]

/** Each case boots a whole cluster. */
const SLOW = 30_000

describe('container lifecycle hooks', () => {
  it(
    'postStart runs in the container and holds it, and the next container, until it ends',
    () => {
      const { sim, run } = session({ 'p.yaml': LIFECYCLE })
      expect(run('kubectl apply -f p.yaml').exitCode).toBe(0)
      sim.advanceUntil(
        () => getPod(sim, 'lifecycle-demo').status?.containerStatuses?.[0]?.containerID,
        60_000,
      )
      // Started, but inside its postStart handler: still reported as it was before the start.
      const during = getPod(sim, 'lifecycle-demo').status
      expect(during.phase).toBe('Pending')
      expect(during.containerStatuses.map((c: any) => c.state)).toEqual([
        { waiting: { reason: 'ContainerCreating' } },
        { waiting: { reason: 'ContainerCreating' } },
      ])
      sim.advance(30_000)
      const after = getPod(sim, 'lifecycle-demo').status
      expect(after.phase).toBe('Running')
      const [first, second] = after.containerStatuses
      const started = (c: any) => Date.parse(c.state.running.startedAt)
      expect(started(second) - started(first)).toBeGreaterThanOrEqual(5_000)
      expect(run('kubectl exec lifecycle-demo -- cat /usr/share/message').stdout).toBe(
        'Hello from the postStart handler\n',
      )
    },
    SLOW,
  )

  it(
    'preStop runs before the stop signal and its time comes out of the grace period',
    () => {
      const { sim, run } = session({ 'p.yaml': LIFECYCLE })
      run('kubectl apply -f p.yaml')
      sim.advance(40_000)
      expect(run('kubectl delete pod lifecycle-demo --wait=false').exitCode).toBe(0)
      sim.advance(7_000)
      expect(statusOf(run, 'lifecycle-demo')).toBe('Terminating')
      // The signal follows the 8 s handler, and nginx stops on it.
      sim.advance(2_000)
      expect(sim.api.tryGet('pods', 'default', 'lifecycle-demo')).toBeUndefined()
    },
    SLOW,
  )

  it(
    'a failed postStart kills the container: PostStartHookError, then CrashLoopBackOff',
    () => {
      const hook = `      postStart:
        exec:
          command: ["/bin/sh", "-c", "echo oops; exit 3"]`
      const { sim, run } = session({ 'p.yaml': pod('bad', hook) })
      run('kubectl apply -f p.yaml')
      sim.advanceUntil(() => statusOf(run, 'bad') === 'PostStartHookError', 60_000)
      const p = getPod(sim, 'bad')
      expect(p.status.containerStatuses[0].state.waiting).toEqual({
        reason: 'PostStartHookError',
        message: `Exec lifecycle hook ([/bin/sh -c echo oops; exit 3]) for Container "c" in Pod "bad_default(${p.metadata.uid})" failed - error: command '/bin/sh -c echo oops; exit 3' exited with 3: , message: "oops\\n"`,
      })
      sim.advance(20_000)
      expect(statusOf(run, 'bad')).toBe('CrashLoopBackOff')
      const events = podEvents(sim, 'bad')
      expect(events).toContain('Warning FailedPostStartHook PostStartHook failed')
      expect(events).toContain('Normal Killing FailedPostStartHook')
    },
    SLOW,
  )

  it(
    'a preStop longer than the grace period is cut short, and a failing one is reported',
    () => {
      const slow = `      preStop:
        exec:
          command: ["/bin/sh", "-c", "sleep 60"]`
      const failing = `      preStop:
        exec:
          command: ["/bin/sh", "-c", "nope"]`
      const { sim, run } = session({
        'slow.yaml': pod('slow', slow, '\n  terminationGracePeriodSeconds: 10'),
        'fail.yaml': pod('fail', failing),
      })
      run('kubectl apply -f slow.yaml -f fail.yaml')
      sim.advance(30_000)
      run('kubectl delete pod slow fail --wait=false')
      sim.advance(9_000)
      expect(statusOf(run, 'slow')).toBe('Terminating')
      sim.advance(3_000)
      expect(sim.api.tryGet('pods', 'default', 'slow')).toBeUndefined()
      expect(sim.api.tryGet('pods', 'default', 'fail')).toBeUndefined()
      expect(podEvents(sim, 'fail')).toContain('Warning FailedPreStopHook PreStopHook failed')
    },
    SLOW,
  )

  it(
    'httpGet and sleep handlers: the request reaches the container, the sleep delays the stop',
    () => {
      const hooks = `      postStart:
        httpGet:
          path: /started
          port: 80
      preStop:
        sleep:
          seconds: 5`
      const { sim, run } = session({ 'p.yaml': pod('web', hooks) })
      run('kubectl apply -f p.yaml')
      sim.advance(30_000)
      expect(statusOf(run, 'web')).toBe('Running')
      expect(run('kubectl logs web').stdout).toMatch(
        /"GET \/started HTTP\/1\.1" 404 .*"kube-lifecycle\/1\.32"/,
      )
      run('kubectl delete pod web --wait=false')
      sim.advance(4_000)
      expect(statusOf(run, 'web')).toBe('Terminating')
      sim.advance(2_000)
      expect(sim.api.tryGet('pods', 'default', 'web')).toBeUndefined()
    },
    SLOW,
  )
})

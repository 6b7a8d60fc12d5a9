import { describe, expect, test } from 'vitest'
import { harness } from '../testHarness.ts'
import { localHttp } from '../forwards.ts'

const REQ = {
  method: 'GET',
  path: '/',
  host: 'localhost',
  headers: {},
  body: '',
  remoteAddr: '127.0.0.1',
}

describe('pods through kubectl', () => {
  test('logs: completed pod, missing pod, waiting container, previous', () => {
    const h = harness()
    h.run(['run', 'bb', '--image=busybox', '--restart=Never', '--', 'echo', 'hi'])
    h.sim.advance(30_000)
    expect(h.run('logs bb')).toEqual({ code: 0, out: 'hi\n', err: '' })
    expect(h.run('logs nope').err).toBe(
      'error: error from server (NotFound): pods "nope" not found in namespace "default"\n',
    )
    expect(h.run('logs bb -p').err).toBe(
      'Error from server (BadRequest): previous terminated container "bb" in pod "bb" not found\n',
    )
    h.run('run slow --image=nginx:1.27')
    h.sim.advance(1)
    const waiting = h.run('logs slow')
    expect(waiting.err).toBe(
      'Error from server (BadRequest): container "slow" in pod "slow" is waiting to start: ContainerCreating\n',
    )
    expect(h.run('logs').err).toBe(
      "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n",
    )
  })

  test('logs --timestamps and --tail, -f ends when the container exits', () => {
    const h = harness()
    h.run([
      'run',
      'c',
      '--image=busybox',
      '--restart=Never',
      '--',
      'sh',
      '-c',
      'echo one; echo two; echo three',
    ])
    h.sim.advance(30_000)
    expect(h.run('logs c --tail=1').out).toBe('three\n')
    expect(h.run('logs c --timestamps').out).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z one\n/,
    )
    expect(h.run('logs -f c').out).toBe('one\ntwo\nthree\n')
  })

  test('exec: the removed form, missing command, running command', () => {
    const h = harness()
    h.run('run web --image=nginx:1.27')
    h.sim.advance(30_000)
    expect(h.run('exec web ls').err).toBe(
      "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n",
    )
    expect(h.run('exec web').err).toBe(
      'error: you must specify at least one command for the container\n',
    )
    expect(h.run('exec web -- cat /etc/hostname')).toEqual({ code: 0, out: 'web\n', err: '' })
    const failed = h.run('exec web -- cat /nope')
    expect(failed.code).not.toBe(0)
    expect(failed.err).toMatch(/command terminated with exit code \d+\n$/)
  })

  test('port-forward registers a loopback listener for curl until interrupted', () => {
    const h = harness()
    h.run('run web --image=nginx:1.27 --port=80')
    h.sim.advance(30_000)
    expect(localHttp(h.sim, 8080, REQ)).toBeUndefined()
    const r = h.run('port-forward pod/web 8080:80', { interruptAfterMs: 1000 })
    expect(r.out).toBe('Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n')
    expect(r.code).toBe(130)
    expect(localHttp(h.sim, 8080, REQ)).toBeUndefined()
  })

  test('proxy serves the API as JSON while it runs', () => {
    const h = harness()
    expect(h.run('proxy --request-timeout=1s').out).toBe('Starting to serve on 127.0.0.1:8001\n')
  })

  test('delete: grace periods, --force warning, --wait', () => {
    const h = harness()
    h.run('run a --image=nginx:1.27')
    h.run('run b --image=nginx:1.27')
    h.sim.advance(30_000)
    expect(h.run('delete pod a')).toEqual({ code: 0, out: 'pod "a" deleted\n', err: '' })
    expect(h.sim.api.tryGet('pods', 'default', 'a')).toBeUndefined()
    expect(h.run('delete pod b --force --grace-period=0')).toEqual({
      code: 0,
      out: 'pod "b" force deleted\n',
      err: 'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    })
    expect(h.run('delete pods -l app=none')).toEqual({
      code: 0,
      out: 'No resources found\n',
      err: '',
    })
  })

  test('wait for conditions and deletion', () => {
    const h = harness()
    h.run('create deployment web --image=nginx:1.27')
    expect(h.run('wait --for=condition=Available deployment/web --timeout=2m').out).toBe(
      'deployment.apps/web condition met\n',
    )
    h.run('run p --image=nginx:1.27')
    expect(h.run('wait --for=jsonpath={.status.phase}=Running pod/p --timeout=2m').out).toBe(
      'pod/p condition met\n',
    )
    expect(h.run('wait --for=condition=Ready pod/p --timeout=2m').out).toBe('pod/p condition met\n')
    expect(h.run('wait --for=condition=Ready=false pod/p --timeout=5s').err).toBe(
      'error: timed out waiting for the condition on pods/p\n',
    )
    expect(h.run('wait --for=foo pod/p').err).toBe('error: unrecognized condition: "foo"\n')
  })

  test('get -w streams rows until the request timeout', () => {
    const h = harness()
    const r = h.run('get pods -w --request-timeout=60s', { interruptAfterMs: 60_000 })
    expect(r.err).toBe('No resources found in default namespace.\n')
    h.run('run w --image=nginx:1.27')
    const w = h.run('get pods -w --request-timeout=30s')
    const lines = w.out.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/)
    expect(lines.at(-1)).toMatch(/^w\s+1\/1\s+Running\s+0\s+\d+s$/)
  })
})

describe('interactive sessions', () => {
  test('exec -it hands the terminal to the attach hook with the container prompt', () => {
    const h = harness()
    h.run('run web --image=nginx:1.27')
    h.sim.advance(30_000)
    const seen: unknown[] = []
    const r = h.run(['exec', '-it', 'web', '--', 'sh'], {
      attach: function* (req) {
        seen.push({
          pod: req.pod.metadata.name,
          container: req.container,
          command: req.command,
          tty: req.tty,
        })
        expect(typeof req.prompt).toBe('string')
        // The session lasts a second of virtual time, then the user exits the shell.
        yield { type: 'sleep', ms: 1000 }
        return 0
      },
    })
    expect(r).toEqual({ code: 0, out: '', err: '' })
    expect(seen).toEqual([{ pod: 'web', container: 'web', command: ['sh'], tty: true }])
  })
})

describe('attach', () => {
  test('streams what the container prints from now on until it exits', () => {
    const h = harness()
    h.run([
      'run',
      'ticker',
      '--image=busybox',
      '--restart=Never',
      '--',
      'sh',
      '-c',
      'echo start; sleep 5; echo later',
    ])
    h.sim.advance(2_000)
    h.run('wait --for=jsonpath={.status.phase}=Running pod/ticker --timeout=1m')
    const r = h.run('attach ticker')
    expect(r.code).toBe(0)
    expect(r.out).toBe('later\n')
  })
})

import type { KubectlContext } from '../cli/command.ts'
import { describe, expect, test } from 'vitest'
import { harness } from '../testHarness.ts'

/** A terminal session that lasts `ms` of virtual time, then the user types `exit <code>`. */
function session(ms: number, code: number): NonNullable<KubectlContext['attach']> {
  return function* () {
    yield { type: 'sleep', ms }
    return code
  }
}

const phase = (h: ReturnType<typeof harness>, name: string): string =>
  h.sim.api.get('pods', 'default', name).status.phase

describe('kubectl run -it / attach -it on a shell holding its stdin', () => {
  test('run -it --rm: prompt hint on stderr, resume hint and deletion on stdout', () => {
    const h = harness()
    const r = h.run(['run', '-it', '--rm', 'bb', '--image=busybox', '--', 'sh'], {
      attach: session(2_000, 0),
    })
    expect(r).toEqual({
      code: 0,
      out: `Session ended, resume using 'kubectl attach bb -c bb -i -t' command when the pod is running\npod "bb" deleted\n`,
      err: "If you don't see a command prompt, try pressing enter.\n",
    })
    const left = h.sim.api.tryGet('pods', 'default', 'bb')
    expect(left === undefined || !!left.metadata.deletionTimestamp).toBe(true)
  })

  test('run -i -t --attach=false: the shell waits Running for input', () => {
    const h = harness()
    expect(h.run('run bb --image=busybox -i -t --attach=false -- sh').out).toBe('pod/bb created\n')
    h.sim.advance(5 * 60_000)
    expect(phase(h, 'bb')).toBe('Running')
    const got = h.run('get pod bb --no-headers').out
    expect(got).toMatch(/^bb\s+1\/1\s+Running\s+0\s+/)
  })

  test('attach -it then exit: the shell ends and the kubelet records it', () => {
    const h = harness()
    h.run('run bb --image=busybox --restart=Never -i -t --attach=false -- sh')
    h.sim.advance(60_000)
    const r = h.run('attach -it bb', { attach: session(1_000, 0) })
    // No resume hint: the pod does not restart its container.
    expect(r).toEqual({
      code: 0,
      out: '',
      err: "If you don't see a command prompt, try pressing enter.\n",
    })
    h.sim.advance(5_000)
    expect(phase(h, 'bb')).toBe('Succeeded')
    expect(h.run('get pod bb --no-headers').out).toMatch(/^bb\s+0\/1\s+Completed\s+0\s+/)
  })

  test('an exit status other than 0 fails the container', () => {
    const h = harness()
    h.run('run bb --image=busybox --restart=Never -i -t --attach=false -- sh')
    h.sim.advance(60_000)
    expect(h.run('attach -it bb', { attach: session(1_000, 2) }).code).toBe(2)
    h.sim.advance(5_000)
    expect(phase(h, 'bb')).toBe('Failed')
  })

  test('run -i without a terminal: the shell runs the local stdin and exits at its end', () => {
    const h = harness()
    const r = h.run('run -i bb --image=busybox --restart=Never -- sh', {
      stdin: 'echo hi\nexit 4\n',
    })
    // As kubectl 1.32 prints it against a v1.32 API server (checked over kubeplay serve).
    expect(r).toEqual({
      code: 4,
      out: 'hi\n',
      err: "If you don't see a command prompt, try pressing enter.\npod default/bb terminated (Error)\n",
    })
    expect(phase(h, 'bb')).toBe('Failed')
  })
})

describe('kubectl run -i: the exit code and output of the pod', () => {
  test('restart Never: the container code, with the reason on stderr; --rm still reports it', () => {
    const h = harness()
    const r = h.run('run -i --rm b2 --image=busybox --restart=Never -- false')
    expect(r).toEqual({
      code: 1,
      out: 'pod "b2" deleted\n',
      err: 'pod default/b2 terminated (Error)\n',
    })
  })

  test('restart Always: kubectl does not wait for an exit code', () => {
    const h = harness()
    const r = h.run('run -i b8 --image=busybox -- false')
    expect(r.code).toBe(0)
    expect(r.err).toBe('')
  })

  test('a filter reading stdin (cat) gets the piped input, and its output is in the log', () => {
    const h = harness()
    const r = h.run('run -i bb --image=busybox --restart=Never -- wc -l', { stdin: 'a\nb\n' })
    expect(r.code).toBe(0)
    expect(r.out).toBe('2\n')
    expect(h.run('logs bb').out).toBe('2\n')
  })
})

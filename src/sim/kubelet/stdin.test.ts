import { describe, expect, it } from 'vitest'
import { Sim, createSim } from '../sim.ts'
import { getPod, podManifest, runtimeOf } from './testing.ts'

// What `kubectl run -it bb --image=busybox -- sh` creates.
const interactive = {
  image: 'busybox',
  args: ['sh'],
  stdin: true,
  stdinOnce: true,
  tty: true,
}

const state = (sim: ReturnType<typeof createSim>, name: string): unknown =>
  Object.keys(getPod(sim, name).status.containerStatuses[0].state)[0]

describe('kubelet: a shell with an open stdin', () => {
  it('stays Running, blocked on its stdin, for as long as nobody attaches', () => {
    const sim = createSim()
    sim.api.create('pods', podManifest('bb', interactive))
    sim.advance(10 * 60_000)
    expect(getPod(sim, 'bb').status.phase).toBe('Running')
    expect(getPod(sim, 'bb').status.containerStatuses[0].restartCount).toBe(0)
  })

  it('without stdin the shell reads /dev/null and completes at once', () => {
    const sim = createSim()
    sim.api.create(
      'pods',
      podManifest('bb', { image: 'busybox', args: ['sh'] }, { restartPolicy: 'Never' }),
    )
    sim.advance(60_000)
    expect(getPod(sim, 'bb').status.phase).toBe('Succeeded')
  })

  it('ends with the exit status of an attached session, and restarts under restartPolicy Always', () => {
    const sim = createSim()
    sim.api.create('pods', podManifest('bb', interactive))
    sim.advance(60_000)
    runtimeOf(sim).attachEnded?.(getPod(sim, 'bb'), 'bb', { code: 3 })
    sim.advance(1_500)
    const cs = getPod(sim, 'bb').status.containerStatuses[0]
    expect(cs.lastState.terminated?.exitCode ?? cs.state.terminated?.exitCode).toBe(3)
    sim.advance(60_000)
    expect(getPod(sim, 'bb').status.containerStatuses[0].restartCount).toBe(1)
    expect(state(sim, 'bb')).toBe('running')
  })

  it('a client leaving closes a stdinOnce stdin: the shell reads EOF and completes', () => {
    const sim = createSim()
    sim.api.create('pods', podManifest('bb', interactive, { restartPolicy: 'Never' }))
    sim.advance(60_000)
    runtimeOf(sim).attachEnded?.(getPod(sim, 'bb'), 'bb', 'detached')
    sim.advance(5_000)
    const pod = getPod(sim, 'bb')
    expect(pod.status.phase).toBe('Succeeded')
    expect(pod.status.containerStatuses[0].state.terminated.reason).toBe('Completed')
  })

  it('without stdinOnce the stdin stays open after the client leaves', () => {
    const sim = createSim()
    sim.api.create('pods', podManifest('bb', { ...interactive, stdinOnce: false }))
    sim.advance(60_000)
    runtimeOf(sim).attachEnded?.(getPod(sim, 'bb'), 'bb', 'detached')
    sim.advance(10 * 60_000)
    expect(state(sim, 'bb')).toBe('running')
    expect(getPod(sim, 'bb').status.containerStatuses[0].restartCount).toBe(0)
  })

  it('a restored snapshot keeps the shell blocked, and an attach still ends it', () => {
    const sim = createSim()
    sim.api.create('pods', podManifest('bb', interactive, { restartPolicy: 'Never' }))
    sim.advance(60_000)
    const restored = Sim.restore(sim.snapshot())
    restored.advance(60_000)
    expect(state(restored, 'bb')).toBe('running')
    runtimeOf(restored).attachEnded?.(getPod(restored, 'bb'), 'bb', { code: 0 })
    restored.advance(5_000)
    expect(getPod(restored, 'bb').status.phase).toBe('Succeeded')
  })
})

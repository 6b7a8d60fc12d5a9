import { describe, expect, it } from 'vitest'
import { createSim, Sim } from '../sim.ts'
import { getPod, podEvents, podManifest, runtimeOf } from './testing.ts'

function texts(sim: Sim, name: string): string[] {
  return runtimeOf(sim)
    .logs(getPod(sim, name), name)
    .map((l) => `${new Date(l.time).toISOString()} ${l.text}`)
}

describe('kubelet: shell scripts in containers', () => {
  it('runs a busybox loop in virtual time', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create(
      'pods',
      podManifest('loop', {
        image: 'busybox',
        command: ['sh', '-c', 'while true; do echo hi; sleep 5; done'],
      }),
    )
    sim.advance(12_000)
    expect(texts(sim, 'loop').map((l) => l.split(' ')[1])).toEqual(['hi', 'hi', 'hi'])
  })

  it('runs a Job-style script to completion', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create(
      'pods',
      podManifest(
        'job',
        {
          image: 'busybox',
          command: ['sh', '-c', 'echo "Start Job!"; sleep 30; echo "Job Done!"'],
        },
        { restartPolicy: 'Never' },
      ),
    )
    sim.advance(31_000)
    const pod = getPod(sim, 'job')
    expect(pod.status.phase).toBe('Succeeded')
    expect(
      runtimeOf(sim)
        .logs(pod, 'job')
        .map((l) => l.text),
    ).toEqual(['Start Job!', 'Job Done!'])
    const [a, b] = runtimeOf(sim).logs(pod, 'job')
    expect(b.time - a.time).toBe(30_000)
  })

  it('exits with the script status', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create(
      'pods',
      podManifest(
        'fail',
        { image: 'busybox', command: ['sh', '-c', 'echo bye; exit 3'] },
        { restartPolicy: 'Never' },
      ),
    )
    sim.advance(2_000)
    const pod = getPod(sim, 'fail')
    expect(pod.status.phase).toBe('Failed')
    expect(pod.status.containerStatuses[0].state.terminated).toMatchObject({
      exitCode: 3,
      reason: 'Error',
    })
  })
})

describe('kubelet: determinism and snapshots', () => {
  function scenario(seed: number): Sim {
    const sim = createSim({ seed })
    sim.api.create(
      'pods',
      podManifest('loop', {
        image: 'busybox',
        command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 5; done'],
      }),
    )
    sim.api.create('pods', podManifest('web', { image: 'nginx:1.27' }))
    sim.api.create('pods', podManifest('crash', { image: 'leigg/hellok8s:v2_problem' }))
    sim.api.create(
      'pods',
      podManifest('live', {
        image: 'leigg/hellok8s:liveness',
        livenessProbe: {
          httpGet: { path: '/healthz', port: 3000 },
          initialDelaySeconds: 3,
          periodSeconds: 3,
        },
      }),
    )
    sim.advance(37_000)
    return sim
  }

  it('gives byte-identical clusters for the same seed', () => {
    expect(JSON.stringify(scenario(7).snapshot())).toBe(JSON.stringify(scenario(7).snapshot()))
  })

  it('restores a snapshot and continues to the same future without repeating log lines', () => {
    const a = scenario(3)
    const b = Sim.restore(a.snapshot())
    for (const sim of [a, b]) sim.advance(61_000)
    expect(JSON.stringify(b.snapshot())).toBe(JSON.stringify(a.snapshot()))
    const lines = texts(b, 'loop').map((l) => l.split(' ').slice(1).join(' '))
    expect(lines.slice(0, 4)).toEqual(['tick 1', 'tick 2', 'tick 3', 'tick 4'])
    expect(new Set(lines).size).toBe(lines.length)
    expect(lines.length).toBe(texts(a, 'loop').length)
    expect(podEvents(b, 'live')).toEqual(podEvents(a, 'live'))
  })
})

describe('kubelet: runaway programs', () => {
  it('keeps a busy loop running and burning a CPU instead of hanging the engine', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create(
      'pods',
      podManifest('spin', { image: 'busybox', command: ['sh', '-c', 'while true; do :; done'] }),
    )
    sim.advance(5_000)
    const pod = getPod(sim, 'spin')
    expect(pod.status.phase).toBe('Running')
    expect(pod.status.containerStatuses[0].restartCount).toBe(0)
    expect(runtimeOf(sim).usage(pod)[0].cpuMilli).toBe(1000)
    expect(runtimeOf(sim).logs(pod, 'spin')).toEqual([])
  })
})

describe('kubelet: network tools inside containers', () => {
  it('reaches a Service from a script with wget', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create('pods', {
      ...podManifest('web', { image: 'leigg/hellok8s:v3_hostname' }),
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    })
    sim.api.create('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 3000 }] },
    })
    sim.advance(5_000)
    sim.api.create(
      'pods',
      podManifest('client', {
        image: 'busybox',
        command: ['sh', '-c', 'sleep 1; wget -qO- http://web; sleep 3600'],
      }),
    )
    sim.advance(5_000)
    expect(
      runtimeOf(sim)
        .logs(getPod(sim, 'client'), 'client')
        .map((l) => l.text),
    ).toEqual(['[v3] Hello, Kubernetes!, From host: web'])
  })
})

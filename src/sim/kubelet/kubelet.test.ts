import { describe, expect, it } from 'vitest'
import { createSim } from '../sim.ts'
import { getPod, podEvents, podManifest, runtimeOf } from './testing.ts'

describe('kubelet: a pod from Pending to Running', () => {
  it('pulls, creates and starts nginx with the real events and status', () => {
    const sim = createSim()
    sim.api.create('pods', podManifest('nginx', { image: 'nginx' }))
    sim.settle()
    const pending = getPod(sim, 'nginx')
    expect(pending.status.containerStatuses[0].state).toEqual({
      waiting: { reason: 'ContainerCreating' },
    })
    expect(pending.status.phase).toBe('Pending')
    sim.advance(10_000)
    const pod = getPod(sim, 'nginx')
    expect(pod.status.phase).toBe('Running')
    const cs = pod.status.containerStatuses[0]
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/)
    expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/)
    expect(cs.image).toBe('docker.io/library/nginx:latest')
    expect(cs.ready).toBe(true)
    expect(cs.started).toBe(true)
    expect(pod.status.podIP).toMatch(/^10\.244\.\d\.\d+$/)
    expect(
      pod.status.conditions.map((c: { type: string; status: string }) => `${c.type}=${c.status}`),
    ).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ])
    const ev = podEvents(sim, 'nginx')
    expect(ev[1]).toBe('Normal Pulling Pulling image "nginx"')
    expect(ev[2]).toMatch(
      /^Normal Pulled Successfully pulled image "nginx" in [\d.]+s \([\d.]+s including waiting\)\. Image size: 72080558 bytes\.$/,
    )
    expect(ev.slice(3)).toEqual([
      'Normal Created Created container nginx',
      'Normal Started Started container nginx',
    ])
    const source = sim.api
      .list('events', { namespace: 'default' })
      .items.find((e) => e.reason === 'Started')!.source
    expect(source).toEqual({ component: 'kubelet', host: pod.spec.nodeName })
  })

  it('serves the welcome page and logs each request in the combined format', () => {
    const sim = createSim()
    sim.api.create('pods', podManifest('web', { image: 'nginx:1.27' }))
    sim.advance(10_000)
    const rt = runtimeOf(sim)
    const pod = getPod(sim, 'web')
    expect(rt.listening(pod, 80)).toBe(true)
    expect(rt.listening(pod, 8080)).toBe(false)
    const res = rt.http(pod, 80, {
      method: 'GET',
      path: '/',
      host: 'web',
      headers: { 'User-Agent': 'curl/8.5.0' },
      body: '',
      remoteAddr: '10.244.1.1',
    })
    expect(res?.status).toBe(200)
    expect(res?.body).toContain('<title>Welcome to nginx!</title>')
    const miss = rt.http(pod, 80, {
      method: 'GET',
      path: '/nope',
      host: 'web',
      headers: {},
      body: '',
      remoteAddr: '10.244.1.1',
    })
    expect(miss?.status).toBe(404)
    expect(miss?.body).toContain('<center>nginx/1.27.3</center>')
    const lines = rt.logs(pod, 'web').map((l) => l.text)
    expect(lines[0]).toBe(
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
    )
    expect(lines).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up')
    expect(
      lines.some((l) =>
        /^10\.244\.1\.1 - - \[06\/Jan\/2025:09:00:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 615 "-" "curl\/8\.5\.0" "-"$/.test(
          l,
        ),
      ),
    ).toBe(true)
  })

  it('uses a cached image without pulling when the policy is IfNotPresent', () => {
    const sim = createSim()
    sim.api.create('pods', podManifest('a', { image: 'nginx:1.27' }, { nodeName: 'worker-1' }))
    sim.advance(10_000)
    sim.api.create('pods', podManifest('b', { image: 'nginx:1.27' }, { nodeName: 'worker-1' }))
    sim.advance(2_000)
    expect(podEvents(sim, 'b')[0]).toBe(
      'Normal Pulled Container image "nginx:1.27" already present on machine',
    )
    expect(getPod(sim, 'b').status.phase).toBe('Running')
  })
})

describe('kubelet: image pull failures', () => {
  it('goes ErrImagePull then ImagePullBackOff for a tag that does not exist', () => {
    const sim = createSim()
    sim.api.create('pods', podManifest('bad', { image: 'nginx:nope' }))
    sim.advance(2_000)
    const msg =
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:nope": failed to resolve reference "docker.io/library/nginx:nope": docker.io/library/nginx:nope: not found'
    expect(getPod(sim, 'bad').status.containerStatuses[0].state.waiting).toEqual({
      reason: 'ErrImagePull',
      message: msg,
    })
    sim.advance(1_500)
    expect(getPod(sim, 'bad').status.containerStatuses[0].state.waiting).toEqual({
      reason: 'ImagePullBackOff',
      message: 'Back-off pulling image "nginx:nope"',
    })
    const ev = podEvents(sim, 'bad')
    expect(ev).toContain(`Warning Failed Failed to pull image "nginx:nope": ${msg}`)
    expect(ev).toContain('Warning Failed Error: ErrImagePull')
    expect(ev).toContain('Normal BackOff Back-off pulling image "nginx:nope"')
    expect(ev).toContain('Warning Failed Error: ImagePullBackOff')
    expect(getPod(sim, 'bad').status.phase).toBe('Pending')
  })

  it('fails images that were never pushed as a private repository would', () => {
    const sim = createSim()
    sim.api.create('pods', podManifest('v10', { image: 'jocatalin/kubernetes-bootcamp:v10' }))
    sim.advance(2_000)
    expect(getPod(sim, 'v10').status.containerStatuses[0].state.waiting.reason).toBe('ErrImagePull')
    sim.api.create('pods', podManifest('gopher', { image: 'programmingpercy/hellogopher:1.0' }))
    sim.advance(2_000)
    expect(getPod(sim, 'gopher').status.containerStatuses[0].state.waiting.message).toContain(
      'pull access denied, repository does not exist or may require authorization',
    )
  })

  it('reports ErrImageNeverPull for an absent image with pull policy Never', () => {
    const sim = createSim()
    sim.api.create(
      'pods',
      podManifest('never', { image: 'timeserver:latest', imagePullPolicy: 'Never' }),
    )
    sim.advance(1_000)
    expect(getPod(sim, 'never').status.containerStatuses[0].state.waiting).toEqual({
      reason: 'ErrImageNeverPull',
      message: 'Container image "timeserver:latest" is not present with pull policy of Never',
    })
  })
})

describe('kubelet: restarts', () => {
  it('backs off 10s, 20s, 40s, 80s, 160s then 300s for a crashing container', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create('pods', podManifest('crash', { image: 'leigg/hellok8s:v2_problem' }))
    const starts: number[] = []
    const messages: string[] = []
    let last = -1
    const t0 = sim.now()
    sim.watch((ev) => {
      if (ev.resource !== 'pods' || ev.object.metadata.name !== 'crash') return
      const cs = ev.object.status?.containerStatuses?.[0]
      if (cs && cs.restartCount !== last) {
        last = cs.restartCount
        starts.push(Math.round((sim.now() - t0) / 1000))
      }
      const w = cs?.state?.waiting
      if (w?.reason === 'CrashLoopBackOff' && messages[messages.length - 1] !== w.message)
        messages.push(w.message)
    })
    sim.advance(20 * 60_000)
    const gaps = starts.slice(1).map((s, i) => s - starts[i])
    // The first restart follows the exit at the next relist; later ones wait out the back-off.
    expect(gaps.slice(0, 8)).toEqual([1, 10, 20, 40, 80, 160, 300, 300])
    const pod = getPod(sim, 'crash')
    expect(messages.slice(0, 6).map((m) => m.split(' ')[1])).toEqual([
      '10s',
      '20s',
      '40s',
      '1m20s',
      '2m40s',
      '5m0s',
    ])
    expect(messages[0]).toBe(
      `back-off 10s restarting failed container=crash pod=crash_default(${pod.metadata.uid})`,
    )
    expect(pod.status.containerStatuses[0].lastState.terminated).toMatchObject({
      exitCode: 2,
      reason: 'Error',
    })
    expect(podEvents(sim, 'crash')).toContain(
      `Warning BackOff Back-off restarting failed container crash in pod crash_default(${pod.metadata.uid})`,
    )
    const logs = runtimeOf(sim)
      .logs(pod, 'crash', { previous: true })
      .map((l) => l.text)
    expect(logs[1]).toBe('panic: something went wrong')
  })

  it('restarts a container that fails its liveness probe, every 24s for hellok8s:liveness', () => {
    const sim = createSim({ profile: 'fast' })
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
    sim.advance(58_000)
    const pod = getPod(sim, 'live')
    const cs = pod.status.containerStatuses[0]
    expect(cs.restartCount).toBe(2)
    expect(pod.status.phase).toBe('Running')
    const ev = podEvents(sim, 'live')
    expect(ev).toContain(
      'Warning Unhealthy Liveness probe failed: HTTP probe failed with statuscode: 500',
    )
    expect(ev).toContain('Normal Killing Container live failed liveness probe, will be restarted')
    const unhealthy = sim.api
      .list('events', { namespace: 'default' })
      .items.find((e) => e.reason === 'Unhealthy')!
    // Failures at 18, 21, 24 s and again 18 s into the second run: two cycles of three.
    expect(unhealthy.count).toBe(6)
    expect(cs.lastState.terminated.exitCode).toBe(2)
  })

  it('keeps a pod unready while its readiness probe fails', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create(
      'pods',
      podManifest('ready', {
        image: 'leigg/hellok8s:readiness',
        readinessProbe: {
          httpGet: { path: '/healthz', port: 3000 },
          initialDelaySeconds: 1,
          periodSeconds: 5,
        },
      }),
    )
    sim.advance(30_000)
    const pod = getPod(sim, 'ready')
    expect(pod.status.phase).toBe('Running')
    expect(pod.status.containerStatuses[0].ready).toBe(false)
    expect(pod.status.conditions.find((c: { type: string }) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [ready]',
    })
    expect(podEvents(sim, 'ready')).toContain(
      'Warning Unhealthy Readiness probe failed: HTTP probe failed with statuscode: 500',
    )
  })

  it('reports connection refused when nothing listens on the probed port', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create(
      'pods',
      podManifest('refused', {
        image: 'nginx:1.27',
        readinessProbe: { httpGet: { path: '/healthz', port: 8080 } },
      }),
    )
    sim.advance(12_000)
    const ip = getPod(sim, 'refused').status.podIP
    expect(podEvents(sim, 'refused')).toContain(
      `Warning Unhealthy Readiness probe failed: Get "http://${ip}:8080/healthz": dial tcp ${ip}:8080: connect: connection refused`,
    )
  })

  it('OOM-kills polinux/stress over its memory limit', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create(
      'pods',
      podManifest('mem', {
        image: 'polinux/stress',
        command: ['stress'],
        args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'],
        resources: { limits: { memory: '200Mi' }, requests: { memory: '100Mi' } },
      }),
    )
    sim.advance(500)
    const cs = getPod(sim, 'mem').status.containerStatuses[0]
    expect(cs.state.terminated ?? cs.lastState.terminated).toMatchObject({
      exitCode: 137,
      reason: 'OOMKilled',
    })
  })

  it('runs polinux/stress under its limit and reports its usage', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create(
      'pods',
      podManifest('mem', {
        image: 'polinux/stress',
        command: ['stress'],
        args: ['--vm', '1', '--vm-bytes', '150M', '--vm-hang', '1'],
        resources: { limits: { memory: '200Mi' } },
      }),
    )
    sim.advance(5_000)
    const pod = getPod(sim, 'mem')
    expect(pod.status.phase).toBe('Running')
    expect(runtimeOf(sim).usage(pod)[0].memoryBytes).toBeGreaterThan(150 * 1024 * 1024)
    expect(runtimeOf(sim).logs(pod, 'mem')[0].text).toBe(
      'stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd',
    )
  })

  it('mysql without a password option exits 1 with the entrypoint error', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create('pods', podManifest('db', { image: 'mysql:8.4' }))
    sim.advance(3_000)
    const pod = getPod(sim, 'db')
    const text = runtimeOf(sim)
      .logs(pod, 'db')
      .map((l) => l.text)
      .join('\n')
    expect(text).toContain(
      '[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified',
    )
    expect(text).toContain('    - MYSQL_RANDOM_ROOT_PASSWORD')
    const cs = pod.status.containerStatuses[0]
    expect((cs.state.terminated ?? cs.lastState.terminated).exitCode).toBe(1)
  })

  it('completes a run-to-completion container with restartPolicy Never', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create(
      'pods',
      podManifest(
        'once',
        { image: 'busybox', command: ['sleep', '3'] },
        { restartPolicy: 'Never' },
      ),
    )
    sim.advance(2_000)
    expect(getPod(sim, 'once').status.phase).toBe('Running')
    sim.advance(2_000)
    const pod = getPod(sim, 'once')
    expect(pod.status.phase).toBe('Succeeded')
    expect(pod.status.containerStatuses[0].state.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    })
    expect(pod.status.conditions.find((c: { type: string }) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'PodCompleted',
    })
    const init = pod.status.conditions.find((c: { type: string }) => c.type === 'Initialized')
    expect(init).toMatchObject({ status: 'True', reason: 'PodCompleted' })
  })

  it('fails to start a command the image does not have', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create('pods', podManifest('nocmd', { image: 'busybox', command: ['bash'] }))
    sim.advance(2_000)
    const cs = getPod(sim, 'nocmd').status.containerStatuses[0]
    expect(cs.lastState.terminated ?? cs.state.terminated).toMatchObject({
      exitCode: 128,
      reason: 'StartError',
    })
    expect(podEvents(sim, 'nocmd').join('\n')).toContain(
      'exec: "bash": executable file not found in $PATH: unknown',
    )
  })
})

describe('kubelet: fixing a pod in place', () => {
  it('restarts at once with a new image instead of waiting out the back-off', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create('pods', podManifest('fix', { image: 'leigg/hellok8s:v2_problem' }))
    sim.advance(15_000)
    expect(getPod(sim, 'fix').status.containerStatuses[0].state.waiting?.reason).toBe(
      'CrashLoopBackOff',
    )
    sim.api.patch('pods', 'default', 'fix', 'strategic', {
      spec: { containers: [{ name: 'fix', image: 'leigg/hellok8s:v1' }] },
    })
    sim.advance(2_000)
    const cs = getPod(sim, 'fix').status.containerStatuses[0]
    expect(cs.state.running).toBeDefined()
    expect(cs.image).toBe('docker.io/leigg/hellok8s:v1')
  })
})

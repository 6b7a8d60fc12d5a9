import { describe, expect, it } from 'vitest'
import { createSim } from '../sim.ts'
import { driveSync } from '../../shell/drive.ts'
import { createFs } from '../../shell/fs.ts'
import type { CommandContext } from '../../shell/types.ts'
import type { Sim } from '../sim.ts'
import type { KObject } from '../api/types.ts'
import { getPod, podEvents, podManifest, runtimeOf } from './testing.ts'

function exec(sim: Sim, pod: KObject, argv: string[]): { code: number; out: string } {
  let out = ''
  const ctx: CommandContext = {
    io: {
      stdin: '',
      out: (t) => (out += t),
      err: (t) => (out += t),
      interrupted: () => false,
      isTTY: false,
    },
    env: {},
    cwd: '/',
    fs: createFs(),
    now: () => sim.now(),
    resolve: (p) => p,
  }
  const code = driveSync(runtimeOf(sim).exec(pod, pod.spec.containers[0].name, argv, ctx), {
    sleep: (ms) => sim.advance(ms),
    wait: () => {},
    edit: () => {},
  })
  return { code, out }
}

describe('kubelet: configuration from ConfigMaps and Secrets', () => {
  it('waits in CreateContainerConfigError until the ConfigMap exists', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create(
      'pods',
      podManifest('app', {
        image: 'busybox',
        command: ['sleep', '3600'],
        env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } }],
      }),
    )
    sim.advance(1_000)
    expect(getPod(sim, 'app').status.containerStatuses[0].state.waiting).toEqual({
      reason: 'CreateContainerConfigError',
      message: 'configmap "cfg" not found',
    })
    expect(podEvents(sim, 'app')).toContain('Warning Failed Error: configmap "cfg" not found')
    sim.api.create('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: 'default' },
      data: { other: 'x' },
    })
    sim.advance(11_000)
    expect(getPod(sim, 'app').status.containerStatuses[0].state.waiting.message).toBe(
      "couldn't find key mode in ConfigMap default/cfg",
    )
    sim.api.update('configmaps', {
      ...sim.api.get('configmaps', 'default', 'cfg'),
      data: { mode: 'prod' },
    })
    sim.advance(11_000)
    const pod = getPod(sim, 'app')
    expect(pod.status.phase).toBe('Running')
    expect(exec(sim, pod, ['printenv', 'MODE']).out).toBe('prod\n')
  })

  it('keeps a pod ContainerCreating with FailedMount while a volume source is missing', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create(
      'pods',
      podManifest(
        'vol',
        { image: 'nginx:1.27', volumeMounts: [{ name: 'conf', mountPath: '/etc/app' }] },
        { volumes: [{ name: 'conf', configMap: { name: 'app-conf' } }] },
      ),
    )
    sim.advance(3_000)
    const pod = getPod(sim, 'vol')
    expect(pod.status.phase).toBe('Pending')
    expect(pod.status.containerStatuses[0].state.waiting.reason).toBe('ContainerCreating')
    expect(pod.status.podIP).toBeUndefined()
    expect(pod.status.conditions[0]).toMatchObject({
      type: 'PodReadyToStartContainers',
      status: 'False',
    })
    expect(podEvents(sim, 'vol')).toContain(
      'Warning FailedMount MountVolume.SetUp failed for volume "conf" : configmap "app-conf" not found',
    )
    sim.api.create('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'app-conf', namespace: 'default' },
      data: { 'app.conf': 'port=80\n' },
    })
    sim.advance(5_000)
    const running = getPod(sim, 'vol')
    expect(running.status.phase).toBe('Running')
    expect(exec(sim, running, ['cat', '/etc/app/app.conf']).out).toBe('port=80\n')
  })

  it('sets Service links and KUBERNETES_* variables, honouring enableServiceLinks', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'my-web', namespace: 'default' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    })
    const ip = sim.api.get('services', 'default', 'my-web').spec.clusterIP
    sim.api.create('pods', podManifest('env', { image: 'busybox', command: ['sleep', '3600'] }))
    sim.api.create(
      'pods',
      podManifest(
        'nolinks',
        { image: 'busybox', command: ['sleep', '3600'] },
        { enableServiceLinks: false },
      ),
    )
    sim.advance(3_000)
    const env = exec(sim, getPod(sim, 'env'), ['env']).out
    expect(env).toContain(`MY_WEB_SERVICE_HOST=${ip}\n`)
    expect(env).toContain('MY_WEB_SERVICE_PORT=80\n')
    expect(env).toContain('MY_WEB_SERVICE_PORT_HTTP=80\n')
    expect(env).toContain(`MY_WEB_PORT=tcp://${ip}:80\n`)
    expect(env).toContain(`MY_WEB_PORT_80_TCP=tcp://${ip}:80\n`)
    expect(env).toContain('MY_WEB_PORT_80_TCP_PROTO=tcp\n')
    expect(env).toContain(`MY_WEB_PORT_80_TCP_ADDR=${ip}\n`)
    expect(env).toContain('KUBERNETES_SERVICE_PORT=443\n')
    expect(env).toContain('HOSTNAME=env\n')
    const plain = exec(sim, getPod(sim, 'nolinks'), ['env']).out
    expect(plain).not.toContain('MY_WEB_')
    expect(plain).toContain('KUBERNETES_SERVICE_HOST=')
  })

  it('writes the kubelet-managed /etc files', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create('pods', podManifest('files', { image: 'busybox', command: ['sleep', '3600'] }))
    sim.advance(3_000)
    const pod = getPod(sim, 'files')
    expect(exec(sim, pod, ['cat', '/etc/resolv.conf']).out).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    )
    expect(exec(sim, pod, ['cat', '/etc/hosts']).out).toContain(`${pod.status.podIP}\tfiles\n`)
    expect(
      exec(sim, pod, ['cat', '/var/run/secrets/kubernetes.io/serviceaccount/namespace']).out,
    ).toBe('default')
    expect(() => exec(sim, pod, ['bash'])).toThrow(
      /OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in \$PATH: unknown$/,
    )
  })
})

describe('kubelet: init containers and termination', () => {
  it('runs init containers in order before the app', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create('pods', {
      ...podManifest('init', { image: 'nginx:1.27' }),
      spec: {
        initContainers: [
          { name: 'first', image: 'busybox:1.28', command: ['sleep', '5'] },
          { name: 'second', image: 'busybox:1.28', command: ['sleep', '5'] },
        ],
        containers: [{ name: 'init', image: 'nginx:1.27' }],
      },
    })
    sim.advance(2_000)
    let pod = getPod(sim, 'init')
    expect(pod.status.phase).toBe('Pending')
    expect(
      pod.status.conditions.find((c: { type: string }) => c.type === 'Initialized'),
    ).toMatchObject({
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [first second]',
    })
    expect(pod.status.initContainerStatuses[0].state.running).toBeDefined()
    expect(pod.status.initContainerStatuses[1].state.waiting.reason).toBe('PodInitializing')
    sim.advance(6_000)
    pod = getPod(sim, 'init')
    expect(pod.status.initContainerStatuses[0].state.terminated.reason).toBe('Completed')
    expect(pod.status.initContainerStatuses[0].ready).toBe(true)
    expect(pod.status.initContainerStatuses[1].ready).toBe(false)
    expect(pod.status.initContainerStatuses[1].state.running).toBeDefined()
    sim.advance(7_000)
    pod = getPod(sim, 'init')
    expect(pod.status.phase).toBe('Running')
    expect(
      pod.status.conditions.find((c: { type: string }) => c.type === 'Initialized').status,
    ).toBe('True')
  })

  it('stops nginx at once on deletion but waits the grace period for a process that ignores SIGTERM', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create('pods', podManifest('web', { image: 'nginx:1.27' }))
    sim.api.create('pods', podManifest('sleeper', { image: 'busybox', command: ['sleep', '3600'] }))
    sim.advance(3_000)
    sim.api.delete('pods', 'default', 'web')
    sim.api.delete('pods', 'default', 'sleeper')
    sim.settle()
    expect(sim.api.tryGet('pods', 'default', 'web')).toBeUndefined()
    expect(podEvents(sim, 'web')).toContain('Normal Killing Stopping container web')
    expect(sim.api.tryGet('pods', 'default', 'sleeper')?.metadata.deletionTimestamp).toBeDefined()
    sim.advance(29_000)
    expect(sim.api.tryGet('pods', 'default', 'sleeper')).toBeDefined()
    sim.advance(1_000)
    expect(sim.api.tryGet('pods', 'default', 'sleeper')).toBeUndefined()
  })

  it('answers like the tutorial images', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create(
      'pods',
      podManifest('boot', { image: 'gcr.io/google-samples/kubernetes-bootcamp:v1' }),
    )
    sim.api.create('pods', podManifest('hello', { image: 'leigg/hellok8s:v3_hostname' }))
    sim.api.create('pods', podManifest('time', { image: 'docker.io/wdenniss/timeserver:1' }))
    sim.advance(10_000)
    const rt = runtimeOf(sim)
    const req = {
      method: 'GET',
      path: '/',
      host: 'x',
      headers: {},
      body: '',
      remoteAddr: '127.0.0.1',
    }
    expect(rt.http(getPod(sim, 'boot'), 8080, req)?.body).toBe(
      'Hello Kubernetes bootcamp! | Running on: boot | v=1\n',
    )
    expect(rt.http(getPod(sim, 'hello'), 3000, req)?.body).toBe(
      '[v3] Hello, Kubernetes!, From host: hello\n',
    )
    expect(rt.http(getPod(sim, 'time'), 80, req)?.body).toBe('The time is 9:00 AM, UTC.\n')
    expect(rt.logs(getPod(sim, 'time'), 'time').map((l) => l.text)).toEqual([
      'Listening on 0.0.0.0:80',
      '127.0.0.1 - - [06/Jan/2025 09:00:10] "GET / HTTP/1.1" 200 -',
    ])
  })
})

describe('kubelet: spec changes and other probes', () => {
  it('restarts only the container when its image is patched', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create('pods', podManifest('nginx-pod', { image: 'nginx' }))
    sim.advance(3_000)
    const before = getPod(sim, 'nginx-pod')
    sim.api.patch('pods', 'default', 'nginx-pod', 'strategic', {
      spec: { containers: [{ name: 'nginx-pod', image: 'nginx:1.10.1' }] },
    })
    sim.advance(3_000)
    const pod = getPod(sim, 'nginx-pod')
    expect(pod.metadata.uid).toBe(before.metadata.uid)
    expect(pod.status.podIP).toBe(before.status.podIP)
    const cs = pod.status.containerStatuses[0]
    expect(cs.restartCount).toBe(1)
    expect(cs.imageID).toBe(
      'docker.io/library/nginx@sha256:35779791c05d119df4fe476db8f47c0bee5943c83eba5656a15fc046db48178b',
    )
    expect(podEvents(sim, 'nginx-pod')).toContain(
      'Normal Killing Container nginx-pod definition changed, will be restarted',
    )
  })

  it('runs exec and startup probes', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create(
      'pods',
      podManifest('probe', {
        image: 'busybox',
        command: ['sh', '-c', 'touch /tmp/healthy; sleep 20; rm /tmp/healthy; sleep 600'],
        startupProbe: { tcpSocket: { port: 80 }, periodSeconds: 5, failureThreshold: 100 },
        livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 5 },
      }),
    )
    sim.advance(30_000)
    expect(getPod(sim, 'probe').status.containerStatuses[0].started).toBe(false)
    expect(podEvents(sim, 'probe')).toContain(
      `Warning Unhealthy Startup probe failed: dial tcp ${getPod(sim, 'probe').status.podIP}:80: connect: connection refused`,
    )
    const sim2 = createSim({ profile: 'fast' })
    sim2.api.create(
      'pods',
      podManifest('probe', {
        image: 'busybox',
        command: ['sh', '-c', 'touch /tmp/healthy; sleep 20; rm /tmp/healthy; sleep 600'],
        livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 5 },
      }),
    )
    sim2.advance(40_000)
    expect(podEvents(sim2, 'probe')).toContain(
      "Warning Unhealthy Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory",
    )
    // sh as PID 1 ignores SIGTERM: the kill at 35 s completes when the 30 s grace period ends.
    expect(getPod(sim2, 'probe').status.containerStatuses[0].restartCount).toBe(0)
    sim2.advance(30_000)
    expect(getPod(sim2, 'probe').status.containerStatuses[0].restartCount).toBe(1)
  })

  it('waits for a missing PersistentVolumeClaim', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create(
      'pods',
      podManifest(
        'data',
        { image: 'nginx:1.27', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
        {
          nodeName: 'worker-1',
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'missing' } }],
        },
      ),
    )
    sim.advance(3_000)
    expect(getPod(sim, 'data').status.phase).toBe('Pending')
    expect(podEvents(sim, 'data')).toContain(
      'Warning FailedMount MountVolume.SetUp failed for volume "data" : persistentvolumeclaim "missing" not found',
    )
  })
})

describe('kubelet: shared volumes', () => {
  it('shares an emptyDir between the containers of a pod', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pair', namespace: 'default' },
      spec: {
        containers: [
          {
            name: 'reader',
            image: 'busybox',
            command: ['sleep', '3600'],
            volumeMounts: [{ name: 'shared', mountPath: '/data' }],
          },
          {
            name: 'writer',
            image: 'busybox',
            command: ['sh', '-c', 'echo hello > /data/msg; sleep 3600'],
            volumeMounts: [{ name: 'shared', mountPath: '/data' }],
          },
        ],
        volumes: [{ name: 'shared', emptyDir: {} }],
      },
    })
    sim.advance(3_000)
    const pod = getPod(sim, 'pair')
    expect(exec(sim, pod, ['cat', '/data/msg']).out).toBe('hello\n')
  })
})

describe('kubelet: activeDeadlineSeconds', () => {
  it('fails a pod that runs past its deadline', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create(
      'pods',
      podManifest(
        'short',
        { image: 'busybox', command: ['sleep', '3600'] },
        { activeDeadlineSeconds: 10 },
      ),
    )
    sim.advance(5_000)
    expect(getPod(sim, 'short').status.phase).toBe('Running')
    sim.advance(6_000)
    const pod = getPod(sim, 'short')
    expect(pod.status).toMatchObject({
      phase: 'Failed',
      reason: 'DeadlineExceeded',
      message: 'Pod was active on the node longer than the specified deadline',
    })
    expect(pod.status.containerStatuses[0].state.terminated).toMatchObject({
      exitCode: 137,
      reason: 'Error',
    })
  })
})

describe('kubelet: ConfigMap updates', () => {
  it('updates mounted files at the next sync but never the environment', () => {
    const sim = createSim({ profile: 'fast' })
    sim.api.create('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: 'default' },
      data: { mode: 'dev' },
    })
    sim.api.create(
      'pods',
      podManifest(
        'app',
        {
          image: 'busybox',
          command: ['sleep', '3600'],
          env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } }],
          volumeMounts: [{ name: 'cfg', mountPath: '/config' }],
        },
        { volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }] },
      ),
    )
    sim.advance(5_000)
    sim.api.update('configmaps', {
      ...sim.api.get('configmaps', 'default', 'cfg'),
      data: { mode: 'prod' },
    })
    sim.advance(1_000)
    const pod = getPod(sim, 'app')
    expect(exec(sim, pod, ['cat', '/config/mode']).out).toBe('dev')
    sim.advance(60_000)
    expect(exec(sim, pod, ['cat', '/config/mode']).out).toBe('prod')
    expect(exec(sim, pod, ['printenv', 'MODE']).out).toBe('dev\n')
  })
})

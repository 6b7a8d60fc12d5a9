/**
 * The real kubectl v1.32 streaming against `kubeplay serve`: exec (WebSocket v5 channels, exit
 * codes, stdin, an interactive TTY through a pseudo-terminal), logs -f and port-forward (SPDY
 * tunnelled in WebSocket) reaching the simulated nginx. The server runs in this process, so
 * kubectl always runs as an asynchronous child.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KObject } from '../sim/api/types.ts'
import type { ContainerRuntime } from '../sim/kubelet/runtimeApi.ts'
import { createSim, type Sim } from '../sim/sim.ts'
import { findKubectl } from '../kubectl/oracleKubectl.ts'
import { startServer } from './server.ts'
import { kubeconfigFor } from './kubeconfig.ts'
import { HAS_SCRIPT, inTerminal } from './inTerminal.ts'

const KUBECTL = findKubectl()
if (!KUBECTL)
  console.warn(
    'streaming.test.ts: no kubectl binary found, skipping the real-kubectl streaming tests',
  )

/** Simulated seconds per real second: `sleep 5` in a container takes a quarter of a second. */
const SPEED = 20

/** Polls (in real time: the served clock moves with it) until `cond` holds. */
async function until(cond: () => boolean): Promise<void> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > 10_000) throw new Error(`timed out waiting for ${String(cond)}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

interface Run {
  stdout: string
  stderr: string
  code: number | null
}

interface Child {
  /** Resolves once `pattern` appears in stdout. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>
  output(): Run
  stop(): Promise<Run>
  done: Promise<Run>
}

const pod = (name: string, containers: object[], labels?: Record<string, string>): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) },
  spec: { restartPolicy: 'Never', containers },
})

describe.skipIf(!KUBECTL)('real kubectl streams through kubeplay serve', () => {
  let sim: Sim
  let kubeconfig = ''
  let stop: () => Promise<void> = async () => {}

  const start = (args: string[], stdin?: string, env: Record<string, string> = {}): Child => {
    const child = spawn(KUBECTL!, ['--kubeconfig', kubeconfig, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    })
    const run: Run = { stdout: '', stderr: '', code: null }
    const waiters: (() => void)[] = []
    child.stdout.on('data', (d: Buffer) => {
      run.stdout += d.toString()
      for (const w of waiters) w()
    })
    child.stderr.on('data', (d: Buffer) => (run.stderr += d.toString()))
    if (stdin !== undefined) child.stdin.end(stdin)
    const done = new Promise<Run>((resolve) =>
      child.on('close', (code) => {
        run.code = code
        for (const w of waiters) w()
        resolve(run)
      }),
    )
    return {
      done,
      output: () => run,
      waitFor: (pattern, ms = 10_000) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`no ${pattern} in ${JSON.stringify(run)}`)),
            ms,
          )
          const check = (): void => {
            const m = run.stdout.match(pattern)
            if (m) {
              clearTimeout(timer)
              resolve(m)
            } else if (run.code !== null) {
              clearTimeout(timer)
              reject(new Error(`exited without ${pattern}: ${JSON.stringify(run)}`))
            }
          }
          waiters.push(check)
          check()
        }),
      stop: () => {
        child.kill('SIGINT')
        return done
      },
    }
  }
  const kubectl = (args: string[], stdin?: string, env?: Record<string, string>): Promise<Run> =>
    start(args, stdin, env).done

  beforeAll(async () => {
    sim = createSim({ seed: 8, start: Date.now() })
    const busybox = (command: string): object => ({
      name: 'main',
      image: 'busybox',
      command: ['sh', '-c', command],
    })
    sim.api.create(
      'pods',
      pod('bb', [busybox('i=0; while true; do echo tick $i; i=$((i+1)); sleep 2; done')]),
    )
    sim.api.create('pods', pod('web', [{ name: 'nginx', image: 'nginx' }], { app: 'web' }))
    sim.api.create(
      'pods',
      pod('pair', [busybox('sleep 3600'), { ...busybox('echo bye'), name: 'done' }]),
    )
    sim.api.create('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { app: 'web' }, ports: [{ port: 8000, targetPort: 80 }] },
    })
    sim.advance(60_000)
    const s = await startServer(sim, { port: 0, speed: SPEED })
    stop = s.stop
    kubeconfig = join(mkdtempSync(join(tmpdir(), 'kubeplay-stream-')), 'config')
    writeFileSync(kubeconfig, kubeconfigFor(s.url))
  })
  afterAll(() => stop())

  it('exec runs a command and returns its output', async () => {
    expect(await kubectl(['exec', 'bb', '--', 'echo', 'hi'])).toEqual({
      stdout: 'hi\n',
      stderr: '',
      code: 0,
    })
  })

  it('exec keeps stdout and stderr apart and reports the exit code as the kubelet does', async () => {
    expect(
      await kubectl(['exec', 'bb', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']),
    ).toEqual({ stdout: 'out\n', stderr: 'err\ncommand terminated with exit code 3\n', code: 3 })
  })

  it('exec errors read as kube-apiserver v1.32 relays them', async () => {
    const missing = await kubectl(['exec', 'bb', '--', 'nosuch'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(
      /^error: Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuch": executable file not found in \$PATH: unknown\n$/,
    )
    expect(await kubectl(['exec', 'bb', '-c', 'nope', '--', 'ls'])).toEqual({
      stdout: '',
      stderr: 'Error from server (BadRequest): container nope is not valid for pod bb\n',
      code: 1,
    })
    expect(await kubectl(['exec', 'pair', '-c', 'done', '--', 'ls'])).toEqual({
      stdout: '',
      stderr:
        'error: Internal error occurred: unable to upgrade connection: container not found ("done")\n',
      code: 1,
    })
  })

  it('exec -i feeds standard input to the command', async () => {
    expect(await kubectl(['exec', '-i', 'bb', '--', 'sh'], 'echo from-stdin\nexit 4\n')).toEqual({
      stdout: 'from-stdin\n',
      stderr: 'command terminated with exit code 4\n',
      code: 4,
    })
  })

  it('exec over SPDY (kubectl before 1.30, or its fallback) answers as the kubelet does', async () => {
    const spdy = { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' }
    expect(
      await kubectl(
        ['exec', 'bb', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'],
        undefined,
        spdy,
      ),
    ).toEqual({ stdout: 'out\n', stderr: 'err\ncommand terminated with exit code 3\n', code: 3 })
    expect(await kubectl(['exec', '-i', 'bb', '--', 'sh'], 'echo in\n', spdy)).toEqual({
      stdout: 'in\n',
      stderr: '',
      code: 0,
    })
    // No stream translator in between: errors carry the kubelet's words only.
    expect((await kubectl(['exec', 'bb', '--', 'nosuch'], undefined, spdy)).stderr).toMatch(
      /^error: Internal error occurred: error executing command in container: .*exec: "nosuch": executable file not found in \$PATH: unknown\n$/,
    )
    expect(await kubectl(['exec', 'pair', '-c', 'done', '--', 'ls'], undefined, spdy)).toEqual({
      stdout: '',
      stderr: 'error: unable to upgrade connection: container not found ("done")\n',
      code: 1,
    })
  })

  it('sleep inside exec takes simulated time at the server speed', async () => {
    const before = sim.now()
    const t0 = Date.now()
    expect((await kubectl(['exec', 'bb', '--', 'sh', '-c', 'sleep 5; echo woke'])).stdout).toBe(
      'woke\n',
    )
    expect(sim.now() - before).toBeGreaterThanOrEqual(5000)
    expect(Date.now() - t0).toBeLessThan(5000)
  })

  it.skipIf(!HAS_SCRIPT)('exec -it gives the container prompt with line editing', async () => {
    const t = inTerminal(
      [KUBECTL!, '--kubeconfig', kubeconfig, 'exec', '-it', 'bb', '--', 'sh'],
      10_000,
    )
    await t.seen('/ # ')
    // A typo, erased with backspace, then Enter (a raw terminal sends CR).
    t.type('echo hellx\x7fo\r')
    await t.seen('hello\r\n/ # ')
    t.type('sleep 600; echo after\r')
    await t.seen('sleep 600; echo after\r\n')
    t.type('\x03')
    await t.seen('^C\r\n/ # ')
    t.type('exit 5\r')
    const out = await t.done
    expect(out).toContain('/ # echo hellx\b \bo\r\nhello\r\n/ # ')
    // Ctrl-C ends the whole command line, not just the sleep.
    expect(out.split('after').length - 1).toBe(1)
    expect(out).toContain('command terminated with exit code 5')
  })

  it.skipIf(!HAS_SCRIPT)(
    'exec -it with a shell the image lacks fails before any prompt',
    async () => {
      // stdin stays open: the session must end by itself.
      const out = await inTerminal([
        KUBECTL!,
        '--kubeconfig',
        kubeconfig,
        'exec',
        '-it',
        'bb',
        '--',
        'bash',
      ]).done
      expect(out).toMatch(
        /^error: Internal error occurred: Internal error occurred: error executing command in container: .*exec: "bash": executable file not found in \$PATH: unknown\r\n$/,
      )
    },
  )

  it('attach streams the container output from now on', async () => {
    const rt = sim.services.get('runtime') as ContainerRuntime
    const before = rt.logs(sim.api.get('pods', 'default', 'bb'), 'main').length
    const attach = start(['attach', 'bb'])
    const first = Number((await attach.waitFor(/^tick (\d+)\n/))[1])
    await attach.waitFor(new RegExp(`tick ${first + 1}\\n`))
    await attach.stop()
    // Lines are numbered from 0: nothing written before kubectl attached is replayed.
    expect(first).toBeGreaterThanOrEqual(before)
  })

  it('logs -f streams lines the container writes later, and ends with the container', async () => {
    const follow = start(['logs', '-f', 'bb', '--tail', '1'])
    const first = Number((await follow.waitFor(/^tick (\d+)\n/))[1])
    await follow.waitFor(new RegExp(`tick ${first + 2}\\n`))
    await follow.stop()
    expect(follow.output().stdout).toMatch(new RegExp(`^tick ${first}\\ntick ${first + 1}\\n`))

    sim.api.create(
      'pods',
      pod('short', [
        {
          name: 'main',
          image: 'busybox',
          command: ['sh', '-c', 'for i in 1 2 3; do echo n $i; sleep 4; done'],
        },
      ]),
    )
    await until(() => sim.api.get('pods', 'default', 'short').status?.phase === 'Running')
    expect(await kubectl(['logs', '-f', 'short'])).toEqual({
      stdout: 'n 1\nn 2\nn 3\n',
      stderr: '',
      code: 0,
    })
  })

  it('port-forward carries HTTP to the simulated nginx (pod and service)', async () => {
    for (const target of ['pod/web', 'svc/web']) {
      const pf = start(['port-forward', target, target === 'svc/web' ? ':8000' : ':80'])
      const port = (await pf.waitFor(/Forwarding from 127\.0\.0\.1:(\d+) -> 80\n/))[1]
      const res = await fetch(`http://127.0.0.1:${port}/`)
      expect(res.status).toBe(200)
      expect(await res.text()).toContain('<title>Welcome to nginx!</title>')
      await pf.waitFor(new RegExp(`Handling connection for ${port}\\n`))
      await pf.stop()
    }
  })

  it('port-forward ends with "lost connection to pod" when the pod goes', async () => {
    sim.api.create('pods', pod('gone', [{ name: 'nginx', image: 'nginx' }]))
    await until(() => sim.api.get('pods', 'default', 'gone').status?.phase === 'Running')
    const pf = start(['port-forward', 'pod/gone', ':80'])
    await pf.waitFor(/Forwarding from 127\.0\.0\.1:\d+ -> 80\n/)
    sim.api.delete('pods', 'default', 'gone', { gracePeriodSeconds: 0 })
    const run = await pf.done
    expect(run.stderr).toBe('error: lost connection to pod\n')
    expect(run.code).toBe(1)
  })

  it('port-forward to a port nothing listens on reports the kubelet error', async () => {
    const pf = start(['port-forward', 'pod/web', ':81'])
    const port = (await pf.waitFor(/Forwarding from 127\.0\.0\.1:(\d+) -> 81\n/))[1]
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow()
    const run = await pf.done
    expect(run.stderr).toMatch(
      new RegExp(
        `an error occurred forwarding ${port} -> 81: error forwarding port 81 to pod [0-9a-f]{64}, uid : .*dial tcp4 127\\.0\\.0\\.1:81: connect: connection refused`,
      ),
    )
    expect(run.stderr).toContain('error: lost connection to pod\n')
    expect(run.code).toBe(1)
  })
})

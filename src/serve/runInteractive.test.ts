/**
 * The real kubectl v1.32 `run -it` against `kubeplay serve`: the shell waits on its stdin until
 * kubectl attaches through a pseudo-terminal, runs what is typed, and `exit` ends the container.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../sim/sim.ts'
import { findKubectl } from '../kubectl/oracleKubectl.ts'
import { startServer } from './server.ts'
import { kubeconfigFor } from './kubeconfig.ts'
import { HAS_SCRIPT, inTerminal } from './inTerminal.ts'

const KUBECTL = findKubectl()

/** Simulated seconds per real second. */
const SPEED = 20

describe.skipIf(!KUBECTL || !HAS_SCRIPT)('real kubectl run -it through kubeplay serve', () => {
  let sim: Sim
  let kubeconfig = ''
  let stop: () => Promise<void> = async () => {}

  beforeAll(async () => {
    sim = createSim({ seed: 3, start: Date.now() })
    sim.advance(10_000)
    const s = await startServer(sim, { port: 0, speed: SPEED })
    stop = s.stop
    kubeconfig = join(mkdtempSync(join(tmpdir(), 'kubeplay-run-it-')), 'config')
    writeFileSync(kubeconfig, kubeconfigFor(s.url))
  })
  afterAll(() => stop())

  it('run -it --rm: the shell waits for input, runs it, and the pod is deleted after exit', async () => {
    const t = inTerminal([
      KUBECTL!,
      '--kubeconfig',
      kubeconfig,
      'run',
      '-it',
      '--rm',
      'bb',
      '--image=busybox',
      '--',
      'sh',
    ])
    await t.seen("If you don't see a command prompt, try pressing enter.")
    t.type('echo hi; exit\r')
    const out = await t.done
    expect(out).toContain('echo hi; exit\r\nhi\r\n')
    expect(out).toMatch(
      /Session ended, resume using 'kubectl attach bb -c bb -i -t' command when the pod is running\r\npod "bb" deleted\r\n$/,
    )
    // kubectl 1.32 asks for the deletion and does not wait for it.
    const left = sim.api.tryGet('pods', 'default', 'bb')
    expect(left === undefined || !!left.metadata.deletionTimestamp).toBe(true)
  }, 30_000)

  it('run -i -t --attach=false: the pod stays Running, then attach -it feeds its shell', async () => {
    // Asynchronously: the server answers from this same process.
    const created = await new Promise<string>((resolve) => {
      const child = spawn(KUBECTL!, [
        '--kubeconfig',
        kubeconfig,
        'run',
        'idle',
        '--image=busybox',
        '--restart=Never',
        '-i',
        '-t',
        '--attach=false',
        '--',
        'sh',
      ])
      let out = ''
      child.stdout.on('data', (d: Buffer) => (out += d.toString()))
      child.on('close', () => resolve(out))
    })
    expect(created).toBe('pod/idle created\n')
    const phase = (): string | undefined => sim.api.tryGet('pods', 'default', 'idle')?.status?.phase
    const t0 = Date.now()
    while (phase() !== 'Running' && Date.now() - t0 < 10_000)
      await new Promise((r) => setTimeout(r, 50))
    // Two minutes of simulated time: still waiting on its stdin.
    await new Promise((r) => setTimeout(r, (120_000 / SPEED) | 0))
    expect(phase()).toBe('Running')
    const t = inTerminal([KUBECTL!, '--kubeconfig', kubeconfig, 'attach', '-it', 'idle'])
    await t.seen("If you don't see a command prompt, try pressing enter.")
    t.type('exit 0\r')
    const out = await t.done
    expect(out).not.toContain('Session ended')
    const t1 = Date.now()
    while (phase() !== 'Succeeded' && Date.now() - t1 < 10_000)
      await new Promise((r) => setTimeout(r, 50))
    expect(phase()).toBe('Succeeded')
  }, 30_000)

  it('run -i with piped input: the container reads it to its end, and kubectl exits with its code', async () => {
    const run = (args: string[], input: string) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(KUBECTL!, ['--kubeconfig', kubeconfig, ...args])
        let out = ''
        let err = ''
        child.stdout.on('data', (d: Buffer) => (out += d.toString()))
        child.stderr.on('data', (d: Buffer) => (err += d.toString()))
        child.on('close', (code) => resolve({ code, out, err }))
        child.stdin.end(input)
      })
    const shell = await run(
      ['run', '-i', 'fed', '--image=busybox', '--restart=Never', '--', 'sh'],
      'echo from-stdin\nexit 4\n',
    )
    expect(shell).toEqual({
      code: 4,
      out: 'from-stdin\n',
      err: "If you don't see a command prompt, try pressing enter.\npod default/fed terminated (Error)\n",
    })
    const filter = await run(
      ['run', '-i', 'counted', '--image=busybox', '--restart=Never', '--', 'wc', '-l'],
      'a\nb\n',
    )
    expect(filter).toMatchObject({ code: 0, out: '2\n' })
    expect(sim.api.tryGet('pods', 'default', 'counted')?.status?.phase).toBe('Succeeded')
  }, 30_000)
})

/**
 * Test support: one cluster served to the real kubectl and a twin of the same seed and start for
 * our kubectl, with no wall-clock ticks, so both move only when a test moves them.
 */
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createSim, type Sim } from '../sim/sim.ts'
import { harness, type Harness } from '../kubectl/testHarness.ts'
import { startServer } from './server.ts'
import { kubeconfigFor } from './kubeconfig.ts'

const run = promisify(execFile)

export interface RunResult {
  code: number
  out: string
  err: string
}

export interface ServedTwin {
  /** The served cluster the real kubectl talks to. */
  sim: Sim
  /** Our kubectl on a cluster of the same seed and start. */
  ours: Harness
  kubeconfig: string
  /** Runs the real binary against the served cluster; a failure is a result, not a throw. */
  kubectl(args: string[]): Promise<RunResult>
  stop(): Promise<void>
}

export async function servedTwin(opts: {
  seed: number
  start: number
  /** Path of the real kubectl binary. */
  binary: string
  /** Where the kubeconfig is written. */
  dir: string
}): Promise<ServedTwin> {
  const sim = createSim({ seed: opts.seed, start: opts.start })
  const ours = harness({ seed: opts.seed, start: opts.start })
  const served = await startServer(sim, { port: 0, speed: 0 })
  const kubeconfig = join(opts.dir, 'config')
  writeFileSync(kubeconfig, kubeconfigFor(served.url))
  return {
    sim,
    ours,
    kubeconfig,
    async kubectl(args) {
      try {
        const r = await run(opts.binary, ['--kubeconfig', kubeconfig, ...args], {
          encoding: 'utf8',
        })
        return { code: 0, out: r.stdout, err: r.stderr }
      } catch (e) {
        const x = e as { code: number; stdout: string; stderr: string }
        return { code: x.code, out: x.stdout, err: x.stderr }
      }
    },
    stop: served.stop,
  }
}

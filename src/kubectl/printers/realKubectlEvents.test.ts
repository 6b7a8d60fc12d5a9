/**
 * describe with Events, against the real kubectl on a served cluster that follows the wall clock:
 * kubectl computes event ages from its own clock, so ours is taken just before and just after its
 * run, and one of the two must match exactly.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../../sim/sim.ts'
import { resourceById } from '../../sim/api/resources.ts'
import { startServer } from '../../serve/server.ts'
import { kubeconfigFor } from '../../serve/kubeconfig.ts'
import { describeObject } from '../describe/index.ts'
import { hasKubectl, MANIFESTS } from './realKubectlFixtures.ts'

const HAS_KUBECTL = hasKubectl()

describe.skipIf(!HAS_KUBECTL)(
  'real kubectl describe with events, on a cluster that follows the wall clock',
  () => {
    let sim: Sim
    let stop: () => Promise<void> = async () => {}
    let kubeconfig = ''

    beforeAll(async () => {
      sim = createSim({ seed: 12, start: Math.floor(Date.now() / 1000) * 1000 - 300_000 })
      for (const [id, obj] of MANIFESTS)
        if (['deployments.apps', 'services', 'jobs.batch'].includes(id)) sim.api.create(id, obj)
      sim.advance(300_000)
      sim.advance(Math.max(0, Date.now() - sim.now()))
      const s = await startServer(sim, { port: 0, speed: 1 })
      stop = s.stop
      kubeconfig = join(mkdtempSync(join(tmpdir(), 'kubeplay-events-')), 'config')
      writeFileSync(kubeconfig, kubeconfigFor(s.url))
    })
    afterAll(() => stop())

    // kubectl computes event ages from its own clock: ours, taken just before and just after its
    // run, brackets it, so one of the two must match exactly.
    async function compare(id: string, name: string, ns?: string): Promise<void> {
      const info = resourceById(id)
      const kind = info.group ? `${info.plural}.${info.group}` : info.plural
      const mine = () => {
        sim.advance(Math.max(0, Date.now() - sim.now()))
        return describeObject(sim.api.get(id, ns, name), info, { api: sim.api, now: sim.now() })
      }
      const before = mine()
      const { stdout } = await promisify(execFile)(
        'kubectl',
        ['--kubeconfig', kubeconfig, 'describe', kind, name, ...(ns ? ['-n', ns] : [])],
        { encoding: 'utf8' },
      )
      const after = mine()
      expect([before, after]).toContain(stdout)
      expect(stdout).toMatch(/\nEvents:\n {2}Type {2,}Reason {2,}Age {2,}From {2,}Message\n/)
    }

    it('describe deployment, its ReplicaSet and a pod', async () => {
      await compare('deployments.apps', 'web', 'default')
      const rs = sim.api.list('replicasets.apps', { namespace: 'default' }).items[0]
      await compare('replicasets.apps', rs.metadata.name!, 'default')
      const pod = sim.api.list('pods', { namespace: 'default', labelSelector: 'app=web' }).items[0]
      await compare('pods', pod.metadata.name!, 'default')
    })

    it('describe a finished job and a node', async () => {
      await compare('jobs.batch', 'pi', 'default')
      await compare('nodes', 'worker-1')
    })
  },
)

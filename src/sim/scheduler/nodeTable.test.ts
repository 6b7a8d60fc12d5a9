import { describe, expect, it } from 'vitest'
import { createSim, type Sim } from '../sim.ts'
import { largeCluster } from '../cluster/presets.ts'
import { schedulerOf } from './scheduler.ts'
import { createPod, podManifest, withRequests } from './testPods.ts'

/** Every row of the node table against the NodeInfo it mirrors. */
function expectTableMatchesCache(sim: Sim): void {
  const cache = schedulerOf(sim).cache
  const table = cache.nodeTable()
  const infos = cache.nodeInfos()
  expect(table.infos).toBe(infos)
  infos.forEach((ni, i) => {
    expect(table.index.get(ni.name)).toBe(i)
    expect(table.names[i]).toBe(ni.name)
    expect({
      cpu: table.reqCpu[i],
      memory: table.reqMemory[i],
      ephemeral: table.reqEphemeral[i],
      nonZeroCpu: table.nonZeroCpu[i],
      nonZeroMemory: table.nonZeroMemory[i],
      pods: table.podCount[i],
      allocCpu: table.allocCpu[i],
      allocPods: table.allocPods[i],
      guarded: table.guarded[i] === 1,
    }).toEqual({
      cpu: ni.requested.cpu,
      memory: ni.requested.memory,
      ephemeral: ni.requested.ephemeral,
      nonZeroCpu: ni.nonZero.cpu,
      nonZeroMemory: ni.nonZero.memory,
      pods: ni.pods.size,
      allocCpu: ni.allocatable.cpu,
      allocPods: ni.allocatable.pods,
      guarded: ni.unschedulable || ni.taints.length > 0,
    })
  })
}

describe('scheduler node table', () => {
  it('follows pods bound and deleted, cordons and taints', () => {
    const sim = createSim({ seed: 5, cluster: largeCluster(6) })
    for (let i = 0; i < 12; i++) createPod(sim, podManifest(`p${i}`, withRequests('150m', '96Mi')))
    expectTableMatchesCache(sim)

    const worker = schedulerOf(sim)
      .cache.nodeOrder()
      .find((n) => n !== 'control-plane')!
    sim.api.patch('nodes', undefined, worker, 'merge', { spec: { unschedulable: true } })
    sim.settle()
    for (const name of ['p0', 'p1', 'p2']) sim.api.delete('pods', 'default', name)
    sim.advance(60_000)
    expectTableMatchesCache(sim)

    // Nothing lands on the cordoned node: the table's guard sends it through the plugins.
    for (let i = 12; i < 20; i++) {
      const p = createPod(sim, podManifest(`p${i}`, withRequests('150m', '96Mi')))
      expect(p.spec.nodeName).not.toBe(worker)
    }
    expectTableMatchesCache(sim)
  })
})

import { describe, expect, it } from 'vitest'
import { harness } from '../testHarness.ts'

describe('kubectl scale with nothing to scale', () => {
  const h = harness()

  it('folds the lookup errors into "no objects passed to scale", as kubectl 1.32 prints it', () => {
    expect(h.run('scale rc redis-slave --replicas=3')).toEqual({
      code: 1,
      out: '',
      err: 'error: no objects passed to scale replicationcontrollers "redis-slave" not found\n',
    })
    expect(h.run('scale deploy a b --replicas=1').err).toBe(
      'error: no objects passed to scale [deployments.apps "a" not found, deployments.apps "b" not found]\n',
    )
    expect(h.run('scale deploy -l app=none --replicas=1').err).toBe(
      'error: no objects passed to scale\n',
    )
  })
})

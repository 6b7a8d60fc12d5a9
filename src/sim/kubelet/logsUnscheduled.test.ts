import { describe, expect, it } from 'vitest'
import { createSim } from '../sim.ts'
import { getPod, podManifest, runtimeOf } from './testing.ts'

describe('container logs of a pod no node has taken', () => {
  const sim = createSim()
  sim.api.create(
    'pods',
    podManifest('huge', { image: 'nginx', resources: { requests: { memory: '900Gi' } } }),
  )
  sim.advance(5_000)
  const pod = getPod(sim, 'huge')

  it('are an empty stream, current or previous, as the API server answers', () => {
    expect(pod.spec.nodeName).toBeUndefined()
    expect(runtimeOf(sim).logs(pod, 'huge')).toEqual([])
    expect(runtimeOf(sim).logs(pod, 'huge', { previous: true })).toEqual([])
  })

  it('still name an unknown container as invalid', () => {
    expect(() => runtimeOf(sim).logs(pod, 'nope')).toThrow(
      'container nope is not valid for pod huge',
    )
  })
})

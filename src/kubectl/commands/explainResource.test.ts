import { describe, expect, it } from 'vitest'
import { harness } from '../testHarness.ts'

describe('kubectl explain names the resource as kubectl resolves it', () => {
  const h = harness()

  it('accepts plural.group as the resource, with or without a field path after it', () => {
    const plain = h.run(['explain', 'deployments'])
    expect(plain.code).toBe(0)
    expect(h.run(['explain', 'deployments.apps']).out).toBe(plain.out)
    expect(h.run(['explain', 'deployments.apps.spec.replicas']).out).toBe(
      h.run(['explain', 'deployment.spec.replicas']).out,
    )
  })

  it('reads the words after a short name as fields', () => {
    const r = h.run(['explain', 'deploy.apps'])
    expect({ code: r.code, err: r.err }).toEqual({
      code: 1,
      err: 'error: field "apps" does not exist\n',
    })
  })
})

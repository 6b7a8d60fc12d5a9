import { describe, expect, it } from 'vitest'
import { harness } from '../testHarness.ts'

describe('kubectl get with nothing to list', () => {
  const h = harness()
  h.run('create namespace empty')

  it('says "No resources found" for tables only; -o name prints nothing at all', () => {
    expect(h.run('get pods -n empty').err).toBe('No resources found in empty namespace.\n')
    expect(h.run('get pods -n empty -o name')).toEqual({ code: 0, out: '', err: '' })
    expect(h.run('get pods,svc -n empty -o name')).toEqual({ code: 0, out: '', err: '' })
  })
})

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

describe('kubectl get -o yaml of objects that are not there', () => {
  const h = harness()

  it('prints no list for one missing name, only the error', () => {
    expect(h.run('get deployment/nope -o yaml')).toEqual({
      code: 1,
      out: '',
      err: 'Error from server (NotFound): deployments.apps "nope" not found\n',
    })
    expect(h.run('get cm nope -o json --ignore-not-found')).toEqual({ code: 0, out: '', err: '' })
  })

  it('still prints the (empty) list for several names, then the errors', () => {
    const r = h.run('get cm a b -o yaml')
    expect(r.out).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n')
    expect(r.code).toBe(1)
  })
})

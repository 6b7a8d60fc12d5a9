import { describe, expect, it } from 'vitest'
import { harness } from '../testHarness.ts'

describe('kubectl describe of something that is not there', () => {
  const h = harness()

  it('names the missing object, or the missing namespace when that is what is missing', () => {
    expect(h.run('describe pod nope')).toEqual({
      code: 1,
      out: '',
      err: 'Error from server (NotFound): pods "nope" not found\n',
    })
    expect(h.run('describe pod memory-demo -n mem-example')).toEqual({
      code: 1,
      out: '',
      err: 'Error from server (NotFound): namespaces "mem-example" not found\n',
    })
  })
})

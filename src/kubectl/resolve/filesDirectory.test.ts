import { describe, expect, it } from 'vitest'
import { harness } from '../testHarness.ts'

describe('-f with a directory that holds no manifests', () => {
  const h = harness()
  h.fs.write('/root/notes/readme.txt', 'not a manifest\n')

  it('is the builder error naming the argument and the extensions it reads', () => {
    for (const verb of ['create', 'apply', 'delete'])
      expect(h.run([verb, '-f', '/root/notes'])).toEqual({
        code: 1,
        out: '',
        err: 'error: error reading [/root/notes]: recognized file extensions are [.json .yaml .yml]\n',
      })
  })
})

import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { hex, sha256, sha512 } from './sha2.ts'

describe('SHA-2 without Node', () => {
  // Lengths around the padding boundaries of both block sizes (64 and 128 bytes).
  test.each([0, 1, 55, 56, 63, 64, 111, 112, 127, 128, 129, 1000, 20000])(
    '%i bytes hash as node:crypto does',
    (n) => {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 131 + 7) % 256)
      expect(hex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'))
      expect(hex(sha512(data))).toBe(createHash('sha512').update(data).digest('hex'))
    },
  )
})

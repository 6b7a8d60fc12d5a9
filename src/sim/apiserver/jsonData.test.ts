import { describe, expect, it } from 'vitest'
import { clone, jsonEqual } from './jsonData.ts'

// Values JSON treats specially: omitted members, nulls in arrays, -0, NaN, toJSON, key order.
const samples: unknown[] = [
  null,
  0,
  -0,
  1.5,
  NaN,
  Infinity,
  'x',
  true,
  [],
  {},
  [undefined, () => 1, NaN, null, 1],
  { a: undefined, b: 1, c: [1, { d: undefined }], e: new Date(0), f: null },
  { b: 1, a: 2 },
  { a: 2, b: 1 },
  JSON.parse('{"__proto__": {"x": 1}, "y": 2}'),
  { a: [null] },
  { a: [undefined] },
  { a: [] },
  { a: {} },
  { a: '1' },
  { a: 1 },
  new Array(3),
  [1, 2],
  [1, 2, 3],
  { x: { y: { z: [1, 'a', { q: true }] } } },
  { x: { y: { z: [1, 'a', { q: false }] } } },
]

describe('JSON data helpers', () => {
  it('clone gives what a JSON round trip gives', () => {
    for (const s of samples) {
      expect(JSON.stringify(clone(s))).toBe(JSON.stringify(s))
      expect(clone(s)).toEqual(JSON.parse(JSON.stringify(s)))
    }
  })

  it('keeps "__proto__" as an own member, as JSON.parse does', () => {
    const p = clone(samples[14]) as Record<string, unknown>
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype)
    expect(Object.keys(p)).toEqual(['__proto__', 'y'])
  })

  it('jsonEqual agrees with comparing the JSON text, key order included', () => {
    for (const a of samples)
      for (const b of samples) expect(jsonEqual(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b))
  })
})

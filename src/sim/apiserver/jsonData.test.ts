import { describe, expect, it } from 'vitest'
import { clone, cloneSharing, jsonEqual, jsonEqualExcept } from './jsonData.ts'

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

  it('cloneSharing gives what clone gives, reusing equal parts of the previous value', () => {
    for (const v of samples)
      for (const prev of samples) {
        const out = cloneSharing(v, clone(prev))
        expect(JSON.stringify(out)).toBe(JSON.stringify(v))
      }
    const prev = clone({ a: { b: [1, { c: 2 }] }, d: { e: 1 }, f: 'x' })
    const same = cloneSharing({ a: { b: [1, { c: 2 }] }, d: { e: 1 }, f: 'x' }, prev)
    expect(same).toBe(prev)
    const changed = cloneSharing({ a: { b: [1, { c: 2 }] }, d: { e: 2 }, f: 'x' }, prev)
    expect(changed).not.toBe(prev)
    expect(changed.a).toBe(prev.a)
    expect(changed.d).toEqual({ e: 2 })
    // Same members in another order are different JSON text: not shared.
    expect(cloneSharing({ f: 'x', a: prev.a, d: prev.d }, prev)).not.toBe(prev)
  })

  it('jsonEqualExcept agrees with comparing the text with that one member taken out', () => {
    const strip = (o: Record<string, unknown>): string =>
      JSON.stringify({ ...o, metadata: { ...(o.metadata as object), resourceVersion: undefined } })
    const objects = samples
      .filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null)
      .filter((s) => !Array.isArray(s))
    const metas = [
      { name: 'a', resourceVersion: '1' },
      { name: 'a', resourceVersion: '2' },
      { resourceVersion: '1', name: 'a' },
      { name: 'a' },
      { name: 'b', resourceVersion: '1' },
      { name: 'a', labels: { x: undefined }, resourceVersion: '3' },
    ]
    for (const a of objects)
      for (const b of objects)
        for (const ma of metas)
          for (const mb of metas) {
            const x = { kind: 'K', metadata: ma, ...a }
            const y = { kind: 'K', metadata: mb, ...b }
            expect(jsonEqualExcept(x, y, 'metadata', 'resourceVersion')).toBe(strip(x) === strip(y))
          }
  })
})

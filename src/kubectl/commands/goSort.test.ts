import { describe, expect, it } from 'vitest'
import { goSorted } from './goSort.ts'
import { naturalLess } from './sortBy.ts'

// Labels k of ConfigMaps cm-00 … cm-66, and the order the real kubectl v1.32 printed for
// `kubectl get cm --sort-by=.metadata.labels.k -o name` (kube-root-ca.crt, unlabelled, first).
const KEYS = [
  3, 1, 2, 2, 1, 3, 1, 1, 2, 3, 3, 1, 2, 2, 2, 1, 3, 3, 1, 2, 1, 1, 3, 2, 2, 1, 3, 1, 2, 3, 1, 2, 2,
  3, 1, 1, 2, 3, 1, 2, 3, 3, 2, 1, 1, 2, 2, 3, 1, 1, 3, 2, 2, 1, 3, 3, 1, 1, 2, 3, 2, 1, 3, 2, 1, 1,
  3,
]
const KUBECTL_ORDER =
  'kube-root-ca.crt 53 64 49 04 48 06 07 15 57 56 11 27 65 01 61 44 43 18 38 20 21 35 34 30 25 52 08 28 02 24 31 32 03 23 63 36 14 19 39 60 58 42 12 51 45 46 13 47 26 50 16 00 17 54 55 10 09 41 59 40 37 62 22 05 33 66 29'

describe("Go's sort.Sort", () => {
  it('orders equal keys exactly as kubectl does', () => {
    // in the API server's order: by name
    const items = [
      ...KEYS.map((k, i) => ({
        name: String(i).padStart(2, '0'),
        k: String(k) as string | undefined,
      })),
      { name: 'kube-root-ca.crt', k: undefined },
    ]
    const sorted = goSorted(items, (a, b) =>
      a.k === undefined ? true : b.k === undefined ? false : naturalLess(a.k, b.k),
    )
    expect(sorted.map((i) => i.name).join(' ')).toBe(KUBECTL_ORDER)
  })

  it('sorts short, reversed and already sorted inputs', () => {
    for (const n of [0, 1, 2, 12, 13, 49, 50, 51, 200]) {
      const up = Array.from({ length: n }, (_, i) => i)
      expect(goSorted(up, (a, b) => a < b)).toEqual(up)
      expect(goSorted([...up].reverse(), (a, b) => a < b)).toEqual(up)
      const mixed = up.map((i) => (i * 7919) % (n || 1))
      expect(goSorted(mixed, (a, b) => a < b)).toEqual([...mixed].sort((a, b) => a - b))
    }
  })

  it('natural order: digit runs by value, leading zeros as a tie-breaker', () => {
    expect(naturalLess('pod-2', 'pod-10')).toBe(true)
    expect(naturalLess('pod-10', 'pod-2')).toBe(false)
    expect(naturalLess('2', '02')).toBe(true)
    expect(naturalLess('a1', 'ab')).toBe(true)
    expect(naturalLess('abc', 'abcd')).toBe(true)
  })
})

import { describe, expect, it } from 'vitest'
import { createSim } from '../sim/sim.ts'
import { createFs } from '../shell/fs.ts'
import { evaluate, fieldAt } from './checks.ts'

describe('lesson checks', () => {
  it('reads fields with dotted keys in brackets', () => {
    const obj = {
      metadata: { annotations: { 'kubernetes.io/change-cause': 'v2' } },
      spec: { c: [{ image: 'x' }] },
    }
    expect(fieldAt(obj, 'metadata.annotations["kubernetes.io/change-cause"]')).toBe('v2')
    expect(fieldAt(obj, 'spec.c[0].image')).toBe('x')
  })

  it('credits a command typed with aliases and short names', () => {
    const sim = createSim()
    const ctx = { sim, fs: createFs(), history: [{ line: 'k describe po web-1', exitCode: 0 }] }
    expect(evaluate({ type: 'ran', words: ['kubectl', 'describe', 'pod'] }, ctx).ok).toBe(true)
    expect(evaluate({ type: 'ran', words: ['describe', 'deployment'] }, ctx).ok).toBe(false)
  })
})

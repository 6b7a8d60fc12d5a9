import { describe, expect, it } from 'vitest'
import { formatLabels } from './util.ts'

describe('labels.FormatLabels', () => {
  it('sorts whole k=v pairs, as labels.Set.String does', () => {
    expect(formatLabels({ pod: 'timeserver-pod', 'pod-template-hash': '74d5d46bfd' })).toBe(
      'pod-template-hash=74d5d46bfd,pod=timeserver-pod',
    )
    expect(formatLabels({ b: '1', a: '2' })).toBe('a=2,b=1')
    expect(formatLabels({})).toBe('<none>')
  })
})

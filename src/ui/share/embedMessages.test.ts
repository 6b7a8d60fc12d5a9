import { describe, expect, it } from 'vitest'
import { parseEmbedCommand } from './embedMessages.ts'

describe('embed messages', () => {
  it('accepts exactly the two commands', () => {
    expect(parseEmbedCommand({ type: 'kubeplay:run', line: 'kubectl get pods' })).toEqual({
      type: 'kubeplay:run',
      line: 'kubectl get pods',
    })
    expect(parseEmbedCommand({ type: 'kubeplay:reset' })).toEqual({ type: 'kubeplay:reset' })
  })

  it('ignores everything else', () => {
    for (const bad of [
      null,
      'kubeplay:reset',
      ['kubeplay:reset'],
      { type: 'kubeplay:run' },
      { type: 'kubeplay:run', line: 42 },
      { type: 'kubeplay:run', line: 'x'.repeat(10_001) },
      { type: 'kubeplay:run', line: 'ls', extra: true },
      { type: 'kubeplay:reset', line: 'ls' },
      { type: 'kubeplay:ready' },
      JSON.parse('{"__proto__":{"type":"kubeplay:reset"}}'),
    ])
      expect(parseEmbedCommand(bad)).toBeNull()
  })
})

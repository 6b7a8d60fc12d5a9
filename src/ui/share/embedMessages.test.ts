import { describe, expect, it } from 'vitest'
import { embedPolicy, isOrigin, obeys, parentOrigin, parseEmbedCommand } from './embedMessages.ts'

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

describe('embed origins', () => {
  it('finds the parent origin from ancestorOrigins, else the referrer, never guessing', () => {
    expect(parentOrigin(['https://blog.example'], 'https://other.example/page')).toBe(
      'https://blog.example',
    )
    expect(parentOrigin([], 'https://blog.example:8443/post/1?x=1#y')).toBe(
      'https://blog.example:8443',
    )
    expect(parentOrigin(undefined, '')).toBeNull()
    expect(parentOrigin(['null'], 'about:blank')).toBeNull()
    expect(parentOrigin(undefined, 'file:///tmp/page.html')).toBeNull()
  })

  it('obeys the parent, or only the origin= host when one is named', () => {
    const open = embedPolicy('?embed', ['https://blog.example'], '')
    expect(open).toEqual({ allowed: null, parent: 'https://blog.example' })
    expect(obeys(open, 'https://blog.example')).toBe(true)
    expect(obeys(open, 'null')).toBe(false)

    const pinned = embedPolicy('?embed&origin=https://blog.example', [], 'https://blog.example/a')
    expect(pinned).toEqual({ allowed: 'https://blog.example', parent: 'https://blog.example' })
    expect(obeys(pinned, 'https://blog.example')).toBe(true)
    expect(obeys(pinned, 'https://evil.example')).toBe(false)
    expect(obeys(pinned, 'https://blog.example.evil.example')).toBe(false)

    // Framed by someone else: obey nobody, post nothing.
    const wrongHost = embedPolicy('?origin=https://blog.example', ['https://evil.example'], '')
    expect(wrongHost).toMatchObject({ parent: null, refused: expect.any(String) })
    expect(obeys(wrongHost, 'https://blog.example')).toBe(false)

    for (const bad of ['*', 'https://blog.example/', 'javascript:alert(1)', 'blog.example', ''])
      expect(embedPolicy(`?origin=${encodeURIComponent(bad)}`, [], '')).toMatchObject({
        parent: null,
        refused: expect.stringContaining('is not an origin'),
      })
    expect(isOrigin('http://127.0.0.1:4319')).toBe(true)
    expect(isOrigin('HTTPS://Blog.example')).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { createFs, loadFs, normalize } from './fs.ts'

describe('virtual file system', () => {
  it('starts with a Linux-like tree and /root as home', () => {
    const fs = createFs({ 'app/deploy.yaml': 'kind: Deployment\n', '/etc/motd': 'hi\n' })
    expect(fs.list('/')).toContain('root')
    expect(fs.list('/')).toContain('tmp')
    expect(fs.read('/root/app/deploy.yaml')).toBe('kind: Deployment\n')
    expect(fs.read('/etc/motd')).toBe('hi\n')
    expect(fs.stat('/tmp')?.mode).toBe(0o1777)
  })

  it('reads, writes, appends, lists and removes', () => {
    const fs = createFs()
    fs.write('/tmp/a', 'x')
    fs.append('/tmp/a', 'y')
    expect(fs.read('/tmp/a')).toBe('xy')
    expect(fs.isDir('/tmp')).toBe(true)
    expect(fs.exists('/tmp/a')).toBe(true)
    fs.mkdir('/tmp/d/e')
    expect(fs.list('/tmp')).toEqual(['a', 'd'])
    expect(fs.remove('/tmp/d')).toBe(true)
    expect(fs.exists('/tmp/d/e')).toBe(false)
    expect(() => fs.write('/nope/x', '')).toThrow('No such file or directory')
    expect(() => fs.write('/tmp', '')).toThrow('Is a directory')
  })

  it('treats /dev/null as an empty sink', () => {
    const fs = createFs()
    fs.write('/dev/null', 'gone')
    expect(fs.read('/dev/null')).toBe('')
  })

  it('records modes and modification times from its clock', () => {
    const fs = createFs()
    let now = 1000
    fs.clock = () => now
    fs.write('/root/s.sh', 'echo')
    fs.chmod('/root/s.sh', 0o755)
    now = 2000
    fs.touch('/root/s.sh')
    expect(fs.stat('/root/s.sh')).toEqual({ type: 'file', mode: 0o755, size: 4, mtime: 2000 })
  })

  it('round-trips through JSON', () => {
    const fs = createFs({ 'a/b.txt': 'content' })
    fs.chmod('/root/a/b.txt', 0o600)
    const copy = loadFs(JSON.parse(JSON.stringify(fs.toJSON())))
    expect(copy.read('/root/a/b.txt')).toBe('content')
    expect(copy.stat('/root/a/b.txt')?.mode).toBe(0o600)
    copy.write('/root/a/b.txt', 'changed')
    expect(fs.read('/root/a/b.txt')).toBe('content')
  })

  it('normalises paths', () => {
    expect(normalize('/a//b/./c/../d/')).toBe('/a/b/d')
    expect(normalize('/../..')).toBe('/')
  })
})

import type { FileSystem } from './types.ts'
import { hasGlobChars, patternSource, unescapePattern } from './pattern.ts'

/**
 * Pathname expansion against the virtual file system. Returns matches sorted like bash (C locale
 * byte order), relative when the pattern was relative; an empty list means "no match".
 */
export function globPaths(fs: FileSystem, cwd: string, pattern: string): string[] {
  const absolute = pattern.startsWith('/')
  const segs = pattern.split('/').filter((s, i) => s !== '' || i === 0)
  let results: string[] = [absolute ? '/' : '']
  for (let i = absolute ? 1 : 0; i < segs.length; i++) {
    const seg = segs[i]
    const last = i === segs.length - 1
    const next: string[] = []
    for (const base of results) {
      const dir = base === '' ? cwd : base.startsWith('/') ? base : join(cwd, base)
      if (!hasGlobChars(seg)) {
        const candidate = joinRel(base, unescapePattern(seg))
        const full = candidate.startsWith('/') ? candidate : join(cwd, candidate)
        if (last ? fs.exists(full) : fs.isDir(full)) next.push(candidate)
        continue
      }
      const entries = fs.list(dir) ?? []
      const re = new RegExp('^' + patternSource(seg, true) + '$')
      for (const name of entries) {
        if (name.startsWith('.') && !seg.startsWith('.') && !seg.startsWith('\\.')) continue
        if (!re.test(name)) continue
        const candidate = joinRel(base, name)
        const full = candidate.startsWith('/') ? candidate : join(cwd, candidate)
        if (!last && !fs.isDir(full)) continue
        next.push(candidate)
      }
    }
    results = next
    if (!results.length) return []
  }
  return results.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

function joinRel(base: string, name: string): string {
  if (base === '') return name
  if (base.endsWith('/')) return base + name
  return base + '/' + name
}

function join(a: string, b: string): string {
  return (a.endsWith('/') ? a : a + '/') + b
}

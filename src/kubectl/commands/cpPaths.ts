/**
 * Go's `path` functions and kubectl cp's file specs (staging/src/k8s.io/kubectl/pkg/cmd/cp/
 * filespec.go), which decide where each copied file lands; both sides are Unix paths here.
 */

/** Go's path.Clean. */
export function clean(p: string): string {
  if (p === '') return '.'
  const rooted = p.startsWith('/')
  const out: string[] = []
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop()
      else if (!rooted) out.push('..')
      continue
    }
    out.push(seg)
  }
  const joined = out.join('/')
  return rooted ? `/${joined}` : joined || '.'
}

/** Go's path.Dir. */
export function dir(p: string): string {
  return clean(p.slice(0, p.lastIndexOf('/') + 1))
}

/** Go's path.Base. */
export function base(p: string): string {
  if (p === '') return '.'
  const trimmed = p.replace(/\/+$/, '')
  if (trimmed === '') return '/'
  return trimmed.slice(trimmed.lastIndexOf('/') + 1)
}

/** Go's path.Join. */
export function join(...parts: string[]): string {
  const kept = parts.filter((x) => x !== '')
  return kept.length ? clean(kept.join('/')) : ''
}

/** kubectl strips one trailing slash from every path it is given. */
export function stripTrailingSlash(p: string): string {
  return p !== '' && p !== '/' && p.endsWith('/') ? p.slice(0, -1) : p
}

/** Leading `../` runs, a lone `.`/`..`, then one leading `/` removed (stripPathShortcuts). */
export function stripPathShortcuts(p: string): string {
  let s = p
  while (s.startsWith('../')) s = s.slice(3)
  if (s === '.' || s === '..') s = ''
  return s.startsWith('/') ? s.slice(1) : s
}

/** Go's filepath.Rel, or undefined where it fails. */
export function rel(from: string, to: string): string | undefined {
  const a = clean(from)
  const b = clean(to)
  if (a.startsWith('/') !== b.startsWith('/')) return undefined
  if (a === b) return '.'
  const as = a === '.' ? [] : a.split('/').filter(Boolean)
  const bs = b === '.' ? [] : b.split('/').filter(Boolean)
  let i = 0
  while (i < as.length && i < bs.length && as[i] === bs[i]) i++
  if (as.slice(i).includes('..')) return undefined
  return [...as.slice(i).map(() => '..'), ...bs.slice(i)].join('/') || '.'
}

/** Whether `target` stays inside `base` (kubectl's isRelative). */
export function isRelative(baseDir: string, target: string): boolean {
  const r = rel(baseDir, target)
  if (r === undefined) return false
  return r === '.' || r === stripPathShortcuts(r)
}

export interface FileSpec {
  pod?: string
  namespace?: string
  file: string
}

export const BAD_SPEC = 'filespec must match the canonical format: [[namespace/]pod:]file/path'

/** `[[namespace/]pod:]file/path` (extractFileSpec); undefined when it does not match. */
export function extractFileSpec(arg: string): FileSpec | undefined {
  const i = arg.indexOf(':')
  if (i === 0) return undefined
  if (i < 0) return { file: stripTrailingSlash(arg) }
  const pieces = arg.slice(0, i).split('/')
  const file = stripTrailingSlash(arg.slice(i + 1).replace(/\\/g, '/'))
  if (pieces.length === 1) return { pod: pieces[0], file }
  if (pieces.length === 2) return { namespace: pieces[0], pod: pieces[1], file }
  return undefined
}

/** Go's %q for the plain paths kubectl quotes in its warnings. */
export function goQuote(s: string): string {
  return JSON.stringify(s)
}

/**
 * Shell patterns (globs, `case`, `${x#pat}`, `[[ x == pat ]]`). A pattern string marks literal
 * characters (those that came from quotes) with a preceding backslash.
 */
import { POSIX_CLASSES } from './utils/regex.ts'

const CLASSES: Record<string, string> = { ...POSIX_CLASSES, word: 'a-zA-Z0-9_' }

/** Escapes a literal so pattern characters in it match themselves. */
export function escapePattern(s: string): string {
  return s.replace(/[\\*?[\]]/g, '\\$&')
}

export function hasGlobChars(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++
    else if (pattern[i] === '*' || pattern[i] === '?') return true
    // A `[` only starts a pattern when a `]` closes it (`[` alone is the test command).
    else if (pattern[i] === '[' && bracketEnd(pattern, i) > 0) return true
  }
  return false
}

/** Removes the backslashes that mark quoted characters. */
export function unescapePattern(pattern: string): string {
  return pattern.replace(/\\(.)/gs, '$1')
}

/** Regex source for a pattern; `path` makes `*` and `?` stop at `/` (pathname expansion). */
export function patternSource(pattern: string, path = false): string {
  let re = ''
  const any = path ? '[^/]' : '[\\s\\S]'
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '\\') {
      i++
      re += reEscape(pattern[i] ?? '\\')
    } else if (c === '*') re += any + '*'
    else if (c === '?') re += any
    else if (c === '[') {
      const end = bracketEnd(pattern, i)
      if (end < 0) re += '\\['
      else {
        re += bracket(pattern.slice(i + 1, end))
        i = end
      }
    } else re += reEscape(c)
  }
  return re
}

export function patternRegex(pattern: string, flags = ''): RegExp {
  return new RegExp('^' + patternSource(pattern) + '$', flags)
}

export function matchPattern(pattern: string, s: string): boolean {
  return patternRegex(pattern).test(s)
}

function bracketEnd(p: string, start: number): number {
  let i = start + 1
  if (p[i] === '!' || p[i] === '^') i++
  if (p[i] === ']') i++
  for (; i < p.length; i++) {
    if (p[i] === '[' && p[i + 1] === ':') {
      const close = p.indexOf(':]', i + 2)
      if (close > 0) i = close + 1
    } else if (p[i] === ']') return i
  }
  return -1
}

function bracket(body: string): string {
  let neg = false
  let i = 0
  if (body[0] === '!' || body[0] === '^') {
    neg = true
    i = 1
  }
  let out = ''
  for (; i < body.length; i++) {
    const c = body[i]
    if (c === '[' && body[i + 1] === ':') {
      const close = body.indexOf(':]', i + 2)
      out += CLASSES[body.slice(i + 2, close)] ?? ''
      i = close + 1
    } else if (c === '\\') {
      out += '\\' + (body[++i] ?? '\\')
    } else if (c === '-' && out && i < body.length - 1) out += '-'
    else out += /[\]\\^-]/.test(c) ? '\\' + c : c
  }
  return `[${neg ? '^' : ''}${out}]`
}

function reEscape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

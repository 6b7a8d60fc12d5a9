import type { Word } from './ast.ts'
import type { ShellState } from './state.ts'
import { parse } from './parse.ts'

/** `$?`, `$$`, `$!`, `$-` and `$0`. */
export function specialParam(state: ShellState, n: string): string {
  switch (n) {
    case '?':
      return String(state.status)
    case '$':
      return String(state.pid)
    case '!':
      return state.lastBg === undefined ? '' : String(state.lastBg)
    case '-':
      return (state.options.errexit ? 'e' : '') + 'hB' + (state.options.xtrace ? 'x' : '')
    default:
      return state.name
  }
}

/** Variables bash computes on each use. `$RANDOM` comes from a seed kept in the shell state. */
export function dynamicVar(state: ShellState, n: string, line: number): string | undefined {
  if (n === 'RANDOM') {
    const next = ((state.random ?? state.pid) * 1103515245 + 12345) & 0x7fffffff
    state.random = next
    return String((next >> 16) & 0x7fff)
  }
  if (n === 'LINENO') return String(line)
  return undefined
}

/** Replaces a leading alias with its words (aliases that are one simple command). */
export function aliasWords(aliases: Record<string, string>, words: Word[]): Word[] {
  const seen = new Set<string>()
  for (;;) {
    const first = words[0]
    if (!first || first.parts.length !== 1 || first.parts[0].t !== 'lit') return words
    const name = first.parts[0].v
    const value = aliases[name]
    if (value === undefined || seen.has(name)) return words
    seen.add(name)
    const parsed = parse(value)
    const cmd =
      parsed.length === 1 && !parsed[0].rest.length && parsed[0].first.cmds.length === 1
        ? parsed[0].first.cmds[0]
        : undefined
    if (!cmd || cmd.t !== 'simple' || cmd.assigns.length || cmd.redirs.length) return words
    words = [...cmd.words, ...words.slice(1)]
  }
}

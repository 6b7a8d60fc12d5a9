/**
 * The shell's syntax tree. Plain JSON data, so functions defined in a session survive snapshots.
 */

export type WordPart =
  /** Unquoted text: subject to field splitting (only after expansion), brace expansion and globbing. */
  | { t: 'lit'; v: string }
  /** Text that came from quotes or escapes: taken literally. */
  | { t: 'sq'; v: string }
  | { t: 'dq'; parts: WordPart[] }
  | { t: 'tilde'; user: string }
  | ParamPart
  | { t: 'cmd'; body: Script }
  | { t: 'arith'; expr: Word }

export interface ParamPart {
  t: 'param'
  name: string
  /** `${#x}` */
  length?: boolean
  /** `:-`, `-`, `:=`, `=`, `:+`, `+`, `:?`, `?`, `#`, `##`, `%`, `%%`, `/`, `//`, `:` (substring) */
  op?: string
  arg?: Word
  /** Replacement for `${x/pat/rep}`. */
  rep?: Word
}

export interface Word {
  parts: WordPart[]
}

export type RedirOp = '>' | '>>' | '<' | '>&' | '<&' | '&>' | '&>>' | '<<' | '<<<' | '>|' | '<>'

export interface Redir {
  fd: number
  op: RedirOp
  target: Word
  /** Heredoc body: already a word (expanded unless the delimiter was quoted). */
  body?: Word
}

export interface Assign {
  name: string
  value: Word
  append: boolean
}

export type Command =
  | { t: 'simple'; assigns: Assign[]; words: Word[]; redirs: Redir[]; line: number }
  | {
      t: 'if'
      clauses: { cond: Script; body: Script }[]
      otherwise?: Script
      redirs: Redir[]
    }
  | { t: 'for'; name: string; items?: Word[]; body: Script; redirs: Redir[] }
  | { t: 'cfor'; init: Word; cond: Word; step: Word; body: Script; redirs: Redir[] }
  | { t: 'while'; until: boolean; cond: Script; body: Script; redirs: Redir[] }
  | {
      t: 'case'
      word: Word
      items: { patterns: Word[]; body: Script; fall: ';;' | ';&' | ';;&' }[]
      redirs: Redir[]
    }
  | { t: 'group'; body: Script; redirs: Redir[] }
  | { t: 'subshell'; body: Script; redirs: Redir[] }
  | { t: 'func'; name: string; body: Command }
  | { t: 'arith'; expr: Word; redirs: Redir[] }
  /** `[[ … ]]`: words kept raw; operators are literal words. */
  | { t: 'test'; words: Word[]; redirs: Redir[] }

export interface Pipeline {
  bang: boolean
  cmds: Command[]
}

export interface AndOr {
  first: Pipeline
  rest: { op: '&&' | '||'; pipe: Pipeline }[]
  background: boolean
  /** Source text of the statement (history, `set -x`, background job messages). */
  text: string
}

export type Script = AndOr[]

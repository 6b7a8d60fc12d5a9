import { ParseError, parse } from './parse.ts'

/**
 * Cuts a script into the chunks a learner would type at the prompt: one line at a time, joined
 * with the following lines while the shell would still ask for more (open quotes, heredocs,
 * loops). Blank lines and comment-only lines are dropped, as typing them does nothing.
 */
export function* chunks(script: string): Generator<string> {
  const lines = script.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  let buf: string[] = []
  for (const line of lines) {
    buf.push(line)
    const text = buf.join('\n')
    if (!text.trim() || (/^\s*#/.test(text) && buf.length === 1)) {
      buf = []
      continue
    }
    if (incomplete(text + '\n')) continue
    yield text
    buf = []
  }
  if (buf.length) yield buf.join('\n')
}

/** Whether bash would show its PS2 prompt (`> `) and wait for more input. */
export function incomplete(text: string): boolean {
  if (/(^|[^\\])(\\\\)*\\\n?$/.test(text)) return true
  try {
    parse(text)
    return false
  } catch (e) {
    return e instanceof ParseError && e.incomplete
  }
}

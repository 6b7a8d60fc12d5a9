/**
 * Go's parser stops at this nesting with "max expression depth exceeded" where stacks are small
 * (1,000 on WebAssembly, 10,000 elsewhere); the parser and executor here recurse per level too.
 */
export const MAX_TEMPLATE_DEPTH = 1000

/** Deepest nesting of if/range/with blocks plus parentheses, measured without recursion. */
export function templateDepth(parts: ({ text: string } | { action: string })[]): number {
  let blocks = 0
  let max = 0
  for (const p of parts) {
    if ('text' in p) continue
    const word = /^(\w+)\b/.exec(p.action)?.[1]
    if (word === 'if' || word === 'range' || word === 'with') blocks++
    else if (word === 'end') blocks = Math.max(0, blocks - 1)
    let parens = 0
    let quote = ''
    for (let i = 0; i < p.action.length; i++) {
      const c = p.action[i]
      if (quote) {
        if (c === '\\' && quote === '"') i++
        else if (c === quote) quote = ''
      } else if (c === '"' || c === '`') quote = c
      else if (c === '(') max = Math.max(max, blocks + ++parens)
      else if (c === ')') parens--
    }
    max = Math.max(max, blocks)
  }
  return max
}

/**
 * Interactive bash's history expansion: `!!`, `!$`, `!^`, `!*`, `!n`, `!-n` and `!prefix`, outside
 * single quotes. Returns the expanded line, or bash's error for an event that does not exist.
 */
export function expandHistory(
  line: string,
  history: string[],
): { line: string; changed: boolean } | { error: string } {
  if (!line.includes('!')) return { line, changed: false }
  let out = ''
  let changed = false
  let inSingle = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (c === "'") inSingle = !inSingle
    if (c === '\\' && !inSingle) {
      out += c + (line[i + 1] ?? '')
      i++
      continue
    }
    if (c !== '!' || inSingle) {
      out += c
      continue
    }
    const rest = line.slice(i + 1)
    // `!` before a blank, `=`, `(` or the end stays literal, as in bash.
    if (rest === '' || /^[\s=(]/.test(rest)) {
      out += c
      continue
    }
    const m = /^(!|\$|\^|\*|-?\d+|[^\s!;&|<>()'"`$:]+)(:[0-9$^*]+)?/.exec(rest)
    if (!m) {
      out += c
      continue
    }
    const spec = m[1]
    let event: string | undefined
    if (spec === '!' || spec === '$' || spec === '^' || spec === '*')
      event = history[history.length - 1]
    else if (/^-?\d+$/.test(spec)) {
      const n = Number(spec)
      event = n < 0 ? history[history.length + n] : history[n - 1]
    } else event = [...history].reverse().find((h) => h.startsWith(spec))
    if (event === undefined) return { error: `bash: !${m[0]}: event not found` }
    const words = event.trim().split(/\s+/)
    const designator = spec === '$' || spec === '^' || spec === '*' ? ':' + spec : m[2]
    let text = event
    if (designator === ':$') text = words[words.length - 1]
    else if (designator === ':^') text = words[1] ?? ''
    else if (designator === ':*') text = words.slice(1).join(' ')
    else if (designator && /^:\d+$/.test(designator))
      text = words[Number(designator.slice(1))] ?? ''
    out += text
    changed = true
    i += m[0].length
  }
  return { line: out, changed }
}

/**
 * Word wrapping as sprig's `wrap` (Masterminds/goutils WrapCustom without long-word wrapping), which
 * kubectl's explain template uses. It measures across embedded newlines on purpose: that is what
 * the real output does.
 */
export function goWrap(str: string, width: number): string {
  if (str === '') return ''
  const w = Math.max(1, width)
  let offset = 0
  let out = ''
  while (str.length - offset > w) {
    if (str[offset] === ' ') {
      offset++
      continue
    }
    const windowEnd = w + offset + 1
    const space = str.slice(offset, windowEnd).lastIndexOf(' ')
    if (space >= 0) {
      out += str.slice(offset, offset + space) + '\n'
      offset = offset + space + 1
    } else {
      const end = w + offset
      const next = str.indexOf(' ', end)
      if (next < 0) {
        out += str.slice(offset)
        offset = str.length
      } else {
        out += str.slice(offset, next) + '\n'
        offset = next + 1
      }
    }
  }
  return out + str.slice(offset)
}

/** sprig's `indent`: the pad before the text and after every newline (blank lines included). */
export function goIndent(str: string, n: number): string {
  const pad = ' '.repeat(n)
  return pad + str.replace(/\n/g, '\n' + pad)
}

/**
 * How go-yaml v2 (behind sigs.k8s.io/yaml, which kubectl's -o yaml uses) decides the style of a
 * string scalar: the encoder's resolve check (would it read back as something else than a string?)
 * and libyaml's analyze_scalar / select_scalar_style.
 */

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL'])
const BOOLS = new Set(
  'y Y yes Yes YES on On ON n N no No NO off Off OFF true True TRUE false False FALSE'.split(' '),
)
const SPECIAL_FLOATS = new Set(
  '.nan .NaN .NAN .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF'.split(' '),
)
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/
const TIMESTAMPS = [
  /^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{1,2}:\d{1,2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/,
  /^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(\.\d{1,9})?$/,
  /^\d{4}-\d{1,2}-\d{1,2}$/,
]

/** strconv.ParseInt/ParseUint(s, 0, 64) acceptance (after go-yaml removed underscores). */
function goParsesAsInt(s: string): boolean {
  const body = s.replace(/^[+-]/, '')
  if (/^0[xX][0-9a-fA-F]+$/.test(body)) return true
  if (/^0[oO][0-7]+$/.test(body)) return true
  if (/^0[bB][01]+$/.test(body)) return true
  if (/^0[0-7]*$/.test(body)) return true
  if (/^[1-9][0-9]*$/.test(body)) return BigInt(body) <= 18446744073709551615n
  return false
}

/** True when go-yaml's resolve() gives a non-string tag for this plain text. */
export function resolvesToNonString(s: string): boolean {
  if (NULLS.has(s) || BOOLS.has(s) || SPECIAL_FLOATS.has(s) || s === '<<') return true
  const c = s[0]
  if (c === '.') return s !== '.' && !Number.isNaN(Number(s)) && /^\.[0-9]/.test(s)
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9'))) return false
  if (TIMESTAMPS.some((re) => re.test(s))) return true
  const plain = s.replace(/_/g, '')
  if (goParsesAsInt(plain)) return true
  if (YAML_FLOAT.test(plain)) return true
  if (/^-?0b[01]+$/.test(plain)) return true
  return false
}

export function isBase60Float(s: string): boolean {
  return BASE60.test(s)
}

/** libyaml is_printable, in code points (go-yaml sets unicode output on). */
export function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  )
}

export function isBreak(ch: string | undefined): boolean {
  return ch === '\r' || ch === '\n' || ch === '\u0085' || ch === '\u2028' || ch === '\u2029'
}

const isBlank = (ch: string | undefined) => ch === ' ' || ch === '\t'

export interface ScalarAnalysis {
  multiline: boolean
  blockPlainAllowed: boolean
  singleQuotedAllowed: boolean
  blockAllowed: boolean
}

/** yaml_emitter_analyze_scalar for block context (kubectl output never uses flow collections). */
export function analyzeScalar(value: string): ScalarAnalysis {
  if (value.length === 0)
    return {
      multiline: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
      blockAllowed: false,
    }
  const chars = [...value]
  let blockIndicators = false
  let lineBreaks = false
  let special = false
  let leadingSpace = false
  let leadingBreak = false
  let trailingSpace = false
  let trailingBreak = false
  let breakSpace = false
  let spaceBreak = false
  let precededByWhitespace = true
  let previousSpace = false
  let previousBreak = false
  if (value.startsWith('---') || value.startsWith('...')) blockIndicators = true
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]
    const next = chars[i + 1]
    const followedByWhitespace = next === undefined || isBlank(next) || isBreak(next)
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true
      else if ((ch === '?' || ch === ':') && followedByWhitespace) blockIndicators = true
      else if (ch === '-' && followedByWhitespace) blockIndicators = true
    } else if (ch === ':' && followedByWhitespace) blockIndicators = true
    else if (ch === '#' && precededByWhitespace) blockIndicators = true
    if (!isPrintable(ch.codePointAt(0)!)) special = true
    if (ch === ' ') {
      if (i === 0) leadingSpace = true
      if (i === chars.length - 1) trailingSpace = true
      if (previousBreak) breakSpace = true
      previousSpace = true
      previousBreak = false
    } else if (isBreak(ch)) {
      lineBreaks = true
      if (i === 0) leadingBreak = true
      if (i === chars.length - 1) trailingBreak = true
      if (previousSpace) spaceBreak = true
      previousSpace = false
      previousBreak = true
    } else {
      previousSpace = false
      previousBreak = false
    }
    precededByWhitespace = isBlank(ch) || isBreak(ch)
  }
  let blockPlainAllowed = true
  let singleQuotedAllowed = true
  let blockAllowed = true
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false
  if (trailingSpace) blockAllowed = false
  if (breakSpace) {
    blockPlainAllowed = false
    singleQuotedAllowed = false
  }
  if (spaceBreak || special) {
    blockPlainAllowed = false
    singleQuotedAllowed = false
    blockAllowed = false
  }
  if (lineBreaks) blockPlainAllowed = false
  if (blockIndicators) blockPlainAllowed = false
  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed }
}

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal'

/** The style go-yaml v2 ends up with for a string, as a map key or as a value. */
export function stringStyle(s: string, simpleKey: boolean): ScalarStyle {
  const canUsePlain = !resolvesToNonString(s) && !isBase60Float(s)
  let style: ScalarStyle = s.includes('\n') ? 'literal' : canUsePlain ? 'plain' : 'double'
  const a = analyzeScalar(s)
  if (simpleKey && a.multiline) style = 'double'
  if (style === 'plain') {
    if (!a.blockPlainAllowed) style = 'single'
    if (s.length === 0 && simpleKey) style = 'single'
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double'
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double'
  return style
}

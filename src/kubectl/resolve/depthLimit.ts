/**
 * Nesting limits of kubectl's decoders. go-yaml refuses more than 10,000 nested flow collections
 * (`yaml: line 5: exceeded max depth of 10000`) and encoding/json more than 10,000 nested arrays or
 * objects (`json: offset 10083: invalid character '[' exceeded max depth`). Our decoders and
 * everything that walks a decoded object recurse on the JavaScript stack, which does not hold
 * 10,000 levels, so documents nested past SIM_MAX_DEPTH are refused with a message that says so.
 */
export const GO_MAX_DEPTH = 10_000
/** Deepest document this simulator decodes; real manifests stay below 30. */
export const SIM_MAX_DEPTH = 1_000

interface Nest {
  /** Deepest nesting of brackets and braces. */
  max: number
  /** 1-based line of the bracket that first went past SIM_MAX_DEPTH. */
  deepLine: number
  /** Where nesting first went past GO_MAX_DEPTH. */
  over?: { offset: number; line: number; char: string }
}

/**
 * Measures bracket nesting without parsing (so without recursion): quoted strings and comments are
 * skipped; in YAML a bracket opens a flow collection only where a value can start.
 */
function measure(text: string, yaml: boolean): Nest {
  const out: Nest = { max: 0, deepLine: 0 }
  let depth = 0
  let line = 1
  let prev = '\n'
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '\n') line++
    if (c === '"' || (yaml && c === "'" && (depth > 0 || /[\s:[{,-]/.test(prev)))) {
      i = skipQuoted(text, i, c)
      prev = c
      continue
    }
    if (yaml && c === '#' && /\s/.test(prev)) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++
      continue
    }
    if (c === '[' || c === '{') {
      if (!yaml || depth > 0 || /[\s:,?-]/.test(prev)) {
        depth++
        if (depth > out.max) out.max = depth
        if (depth > SIM_MAX_DEPTH && !out.deepLine) out.deepLine = line
        if (depth > GO_MAX_DEPTH && !out.over) out.over = { offset: i, line, char: c }
      }
    } else if ((c === ']' || c === '}') && depth > 0) depth--
    if (!/[ \t]/.test(c)) prev = c
    else if (prev !== '\n') prev = ' '
  }
  return out
}

function skipQuoted(text: string, start: number, q: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (q === '"' && text[i] === '\\') i++
    else if (text[i] === q) {
      if (q === "'" && text[i + 1] === "'") i++
      else return i
    }
  }
  return text.length
}

/** go-yaml names the line only past the first one (its marks count from 0 and 0 means "none"). */
function yamlAt(line: number, msg: string): string {
  return line > 1 ? `yaml: line ${line}: ${msg}` : `yaml: ${msg}`
}

/**
 * A document too deep to decode: `go` is kubectl's own error when its decoder refuses it too,
 * `sim` this simulator's, which always applies.
 */
export interface TooDeep {
  go?: string
  sim: string
}

/** Why a YAML text is too deep to decode, or undefined. */
export function yamlTooDeep(text: string): TooDeep | undefined {
  const n = measure(text, true)
  if (n.max <= SIM_MAX_DEPTH) return undefined
  const go = n.over && yamlAt(n.over.line, `exceeded max depth of ${GO_MAX_DEPTH}`)
  return { go, sim: simDepthMessage(n.deepLine) }
}

/** Why a JSON text is too deep to decode, or undefined. */
export function jsonTooDeep(text: string): TooDeep | undefined {
  const n = measure(text, false)
  if (n.max <= SIM_MAX_DEPTH) return undefined
  const go =
    // encoding/json's offset counts the byte it stopped at.
    n.over &&
    `json: offset ${n.over.offset + 1}: invalid character '${n.over.char}' exceeded max depth`
  return { go, sim: simDepthMessage(n.deepLine) }
}

/** js-yaml options that stop deep block nesting, which the bracket count cannot see. */
export const JS_YAML_DEPTH = { maxDepth: SIM_MAX_DEPTH } as const

/** The simulator's message when js-yaml's own depth guard fired, else undefined. */
export function jsYamlDepthMessage(e: unknown): string | undefined {
  const err = e as { reason?: string; mark?: { line: number } } | undefined
  if (!/nesting exceeded maxDepth/.test(err?.reason ?? '')) return undefined
  return simDepthMessage((err?.mark?.line ?? 0) + 1)
}

export function simDepthMessage(line: number): string {
  return `line ${line}: this simulator decodes documents nested at most ${SIM_MAX_DEPTH} levels deep (kubectl's own limit is ${GO_MAX_DEPTH})`
}

/**
 * kubectl -o custom-columns=HEADER:path,… and -o custom-columns-file (kubectl/pkg/cmd/get/customcolumn.go):
 * headers as written, relaxed JSONPath per column, `<none>` when nothing matches, several matches
 * joined by commas, each value printed with Go's %v.
 */
import { executeJsonPathResults, JsonPathError } from './jsonpath.ts'
import { goPrint } from './goValue.ts'

export interface CustomColumn {
  header: string
  /** A full jsonpath template such as `{.metadata.name}`. */
  fieldSpec: string
}

export class CustomColumnsError extends Error {}

const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/

/** RelaxedJSONPathExpression: `name1.name2`, `.name1`, `{name1}` all become `{.name1…}`. */
export function relaxedJsonPath(expr: string): string {
  if (expr.length === 0) return expr
  const m = RELAXED.exec(expr)
  if (!m)
    throw new CustomColumnsError(
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    )
  return `{.${m[1] || m[2]}}`
}

export function parseCustomColumnsSpec(spec: string): CustomColumn[] {
  if (spec.length === 0)
    throw new CustomColumnsError('custom-columns format specified but no custom columns given')
  return spec.split(',').map((part) => {
    const i = part.indexOf(':')
    if (i < 0)
      throw new CustomColumnsError(
        `unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`,
      )
    return { header: part.slice(0, i), fieldSpec: relaxedJsonPath(part.slice(i + 1)) }
  })
}

/** The custom-columns-file format: a line of headers, then a line of paths, whitespace separated. */
export function parseCustomColumnsFile(text: string): CustomColumn[] {
  const lines = text.split('\n')
  const words = (l: string | undefined) => (l ?? '').split(/\s+/).filter(Boolean)
  if (lines.length < 1 || lines[0] === undefined)
    throw new CustomColumnsError(
      'invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.',
    )
  if (lines.length < 2)
    throw new CustomColumnsError(
      'invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs.',
    )
  const headers = words(lines[0])
  const specs = words(lines[1])
  if (headers.length !== specs.length)
    throw new CustomColumnsError(
      `number of headers (${headers.length}) and field specifications (${specs.length}) don't match`,
    )
  return headers.map((h, i) => ({ header: h, fieldSpec: relaxedJsonPath(specs[i]) }))
}

/** Tab-separated lines for the kubectl tab writer (header first unless noHeaders). */
export function customColumnsText(
  objs: unknown[],
  columns: CustomColumn[],
  noHeaders: boolean,
): string {
  let s = noHeaders ? '' : columns.map((c) => c.header).join('\t') + '\n'
  for (const o of objs) {
    const cells = columns.map((c) => {
      let values: unknown[][]
      try {
        values = executeJsonPathResults(c.fieldSpec, o)
      } catch (e) {
        if (e instanceof JsonPathError) throw new CustomColumnsError(e.message)
        throw e
      }
      if (values.length === 0 || values[0].length === 0) return '<none>'
      return values
        .flat()
        .map((v) => goPrint(v))
        .join(',')
    })
    s += cells.join('\t') + '\n'
  }
  return s
}

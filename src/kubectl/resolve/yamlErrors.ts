/**
 * kubectl parses manifests with go-yaml; we parse with js-yaml. This maps js-yaml's failures onto
 * the messages and line numbers go-yaml reports for the same mistakes, so learners see the text a
 * real cluster prints: `error converting YAML to JSON: yaml: line 7: mapping values are not allowed
 * in this context`.
 */
export function yamlErrorText(e: unknown, text: string): string {
  const err = e as { reason?: string; mark?: { line: number; column: number }; message?: string }
  if (e instanceof SyntaxError && !err.mark)
    return `error converting YAML to JSON: yaml: ${e.message}`
  const line = (err.mark?.line ?? 0) + 1
  const col = err.mark?.column ?? 0
  const lineText = text.split('\n')[line - 1] ?? ''
  const reason = err.reason ?? err.message ?? 'invalid YAML'
  let msg: string
  let at = line
  if (reason.startsWith('bad indentation of a mapping entry')) {
    if (lineText[col] === ':') msg = 'mapping values are not allowed in this context'
    else {
      msg = 'did not find expected key'
      at = line - 1
    }
  } else if (reason.startsWith('tab characters must not be used')) {
    msg = 'found character that cannot start any token'
  } else if (reason.includes('within a flow collection')) {
    msg =
      lineText.includes('[') || text.lastIndexOf('[') > text.lastIndexOf('{')
        ? "did not find expected ',' or ']'"
        : "did not find expected ',' or '}'"
    at = line - 1
  } else if (reason.startsWith('end of the stream or a document separator is expected')) {
    msg = 'did not find expected <document start>'
  } else if (reason.startsWith('incomplete explicit mapping pair')) {
    msg = "could not find expected ':'"
  } else if (reason.startsWith('unexpected end of the stream within a single quoted scalar')) {
    msg = 'found unexpected end of stream'
  } else if (reason.startsWith('unexpected end of the stream within a double quoted scalar')) {
    msg = 'found unexpected end of stream'
  } else {
    msg = reason
  }
  return `error converting YAML to JSON: yaml: line ${Math.max(1, at)}: ${msg}`
}

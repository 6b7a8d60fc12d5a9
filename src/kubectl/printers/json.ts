/**
 * kubectl -o json: Go's json.MarshalIndent(obj, "", "    ") plus a newline. Go escapes <, > and &
 * (HTML-safe by default) and U+2028/U+2029. Objects read back from the server are unstructured maps,
 * which Go marshals with sorted keys; typed objects (client-side dry runs) keep their field order.
 */

export interface JsonOptions {
  /** Sort map keys recursively (what `kubectl get -o json` shows). Default true. */
  sortKeys?: boolean
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep)
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) out[k] = sortDeep((v as any)[k])
    return out
  }
  return v
}

export function goJsonEscape(s: string): string {
  return s.replace(
    /[<>&\u2028\u2029]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'),
  )
}

export function toJson(value: unknown, opts: JsonOptions = {}): string {
  const v = opts.sortKeys === false ? value : sortDeep(value)
  return goJsonEscape(JSON.stringify(v, null, 4)) + '\n'
}

/** json.Marshal of an unstructured value: compact, sorted keys, HTML-safe. */
export function toCompactJson(value: unknown): string {
  return goJsonEscape(JSON.stringify(sortDeep(value)))
}

/**
 * Go `%#v` renderings that field.Invalid prints for struct and map values, so validation messages
 * read exactly as kube-apiserver writes them.
 */

/** A map[string]string: Go prints keys sorted, `(nil)` for a missing map. */
export function goStringMap(m: Record<string, unknown> | undefined | null): string {
  if (m === undefined || m === null) return 'map[string]string(nil)'
  const body = Object.keys(m)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(String(m[k]))}`)
    .join(', ')
  return `map[string]string{${body}}`
}

function goStrings(values: unknown[] | undefined): string {
  if (!values) return '[]string(nil)'
  return `[]string{${values.map((v) => JSON.stringify(String(v))).join(', ')}}`
}

interface SelectorLike {
  matchLabels?: Record<string, unknown>
  matchExpressions?: { key?: string; operator?: string; values?: unknown[] }[]
}

/** A metav1.LabelSelector value. */
export function goLabelSelector(sel: SelectorLike | undefined | null): string {
  const s = sel ?? {}
  const exprs = s.matchExpressions
    ? `[]v1.LabelSelectorRequirement{${s.matchExpressions
        .map(
          (e) =>
            `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key ?? '')}, Operator:${JSON.stringify(e.operator ?? '')}, Values:${goStrings(e.values)}}`,
        )
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)'
  return `v1.LabelSelector{MatchLabels:${goStringMap(s.matchLabels)}, MatchExpressions:${exprs}}`
}

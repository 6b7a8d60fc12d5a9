import type { KObject } from '../../../sim/api/types.ts'

/**
 * labels.FormatLabels: `k=v` pairs joined by commas, `<none>` when empty. The pairs are sorted as
 * whole strings, so `pod-template-hash=…` comes before `pod=…` ('-' sorts before '=').
 */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`)
  if (pairs.length === 0) return '<none>'
  return pairs.sort().join(',')
}

/**
 * metav1.FormatLabelSelector: `<none>` for an empty selector, matchLabels as `k=v` and expressions as
 * `k in (a,b)`, `k notin (a)`, `k`, `!k`, all sorted by key like labels.Selector.String().
 */
export function formatLabelSelector(sel: any): string {
  if (sel === undefined || sel === null) return '<none>'
  const reqs: { key: string; text: string }[] = []
  for (const [k, v] of Object.entries<string>(sel.matchLabels ?? {}))
    reqs.push({ key: k, text: `${k}=${v}` })
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort()
    switch (e.operator) {
      case 'In':
        reqs.push({ key: e.key, text: `${e.key} in (${values.join(',')})` })
        break
      case 'NotIn':
        reqs.push({ key: e.key, text: `${e.key} notin (${values.join(',')})` })
        break
      case 'Exists':
        reqs.push({ key: e.key, text: e.key })
        break
      case 'DoesNotExist':
        reqs.push({ key: e.key, text: `!${e.key}` })
        break
      default:
        return '<error>'
    }
  }
  if (reqs.length === 0) return '<none>'
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return reqs.map((r) => r.text).join(',')
}

/** layoutContainerCells: container names and images joined by commas. */
export function containerCells(containers: any[] | undefined): [string, string] {
  const cs = containers ?? []
  return [cs.map((c) => c.name ?? '').join(','), cs.map((c) => c.image ?? '').join(',')]
}

/** Go's %v of a value from an unstructured object: missing numbers print as 0. */
export function int(v: unknown): number {
  return typeof v === 'number' ? v : 0
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

export function name(obj: KObject): string {
  return obj.metadata?.name ?? ''
}

/** printBool / printBoolPtr of printers.go. */
export function boolPtr(v: unknown): string {
  if (v === undefined || v === null) return '<unset>'
  return v ? 'True' : 'False'
}

/** helper.GetAccessModesAsString: fixed order, short names. */
export function accessModes(modes: string[] | undefined): string {
  const m = modes ?? []
  const out: string[] = []
  if (m.includes('ReadWriteOnce')) out.push('RWO')
  if (m.includes('ReadOnlyMany')) out.push('ROX')
  if (m.includes('ReadWriteMany')) out.push('RWX')
  if (m.includes('ReadWriteOncePod')) out.push('RWOP')
  return out.join(',')
}

/** The controlling owner reference, if any (metav1.GetControllerOf). */
export function controllerOf(obj: KObject): any {
  return (obj.metadata.ownerReferences ?? []).find((r) => r.controller)
}

/** `kind.group/name` in lower case, like printers.go formatResourceName. */
export function formatResourceName(apiVersion: string, kind: string, n: string): string {
  const i = apiVersion.indexOf('/')
  const group = i < 0 ? '' : apiVersion.slice(0, i)
  return `${(group ? `${kind}.${group}` : kind).toLowerCase()}/${n}`
}

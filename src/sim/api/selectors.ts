import type { KObject } from './types.ts'

/** One requirement of a label selector, in apimachinery's terms. */
export interface Requirement {
  key: string
  op: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | '=' | '==' | '!='
  values: string[]
}

export interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: { key: string; operator: string; values?: string[] }[]
}

export class SelectorParseError extends Error {}

/** Parses `a=b,c!=d,env in (x,y),!f,g` like labels.Parse. */
export function parseLabelSelector(text: string): Requirement[] {
  const reqs: Requirement[] = []
  let i = 0
  const s = text.trim()
  const skip = (): void => {
    while (i < s.length && s[i] === ' ') i++
  }
  const ident = (): string => {
    skip()
    const start = i
    while (i < s.length && /[A-Za-z0-9_./-]/.test(s[i])) i++
    return s.slice(start, i)
  }
  while (i < s.length) {
    skip()
    if (s[i] === '!') {
      i++
      const key = ident()
      if (!key)
        throw new SelectorParseError(`unable to parse requirement: found '', expected: identifier`)
      reqs.push({ key, op: 'DoesNotExist', values: [] })
    } else {
      const key = ident()
      if (!key)
        throw new SelectorParseError(
          `unable to parse requirement: found '${s[i] ?? ''}', expected: identifier`,
        )
      skip()
      const rest = s.slice(i)
      let m: RegExpMatchArray | null
      if ((m = rest.match(/^(==|!=|=)/))) {
        i += m[1].length
        const value = ident()
        reqs.push({ key, op: m[1] as Requirement['op'], values: [value] })
      } else if ((m = rest.match(/^(in|notin)\s*\(/))) {
        i += m[0].length
        const close = s.indexOf(')', i)
        if (close < 0)
          throw new SelectorParseError(`unable to parse requirement: found '', expected: ')'`)
        const values = s
          .slice(i, close)
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v !== '')
        i = close + 1
        reqs.push({ key, op: m[1] === 'in' ? 'In' : 'NotIn', values })
      } else if (rest === '' || rest.startsWith(',')) {
        reqs.push({ key, op: 'Exists', values: [] })
      } else {
        throw new SelectorParseError(
          `unable to parse requirement: found '${rest.split(/[ ,]/)[0]}', expected: in, notin, =, ==, !=, gt, lt`,
        )
      }
    }
    skip()
    if (i < s.length) {
      if (s[i] !== ',')
        throw new SelectorParseError(`found '${s[i]}', expected: ',' or 'end of string'`)
      i++
    }
  }
  return reqs
}

export function matchesRequirements(
  labels: Record<string, string> | undefined,
  reqs: Requirement[],
): boolean {
  const l = labels ?? {}
  for (const r of reqs) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key)
    const v = l[r.key]
    switch (r.op) {
      case '=':
      case '==':
      case 'In':
        if (!has || !r.values.includes(v)) return false
        break
      case '!=':
      case 'NotIn':
        if (has && r.values.includes(v)) return false
        break
      case 'Exists':
        if (!has) return false
        break
      case 'DoesNotExist':
        if (has) return false
        break
    }
  }
  return true
}

/** metav1.LabelSelector → requirements. An empty selector matches everything; null matches nothing. */
export function selectorRequirements(sel: LabelSelector | undefined | null): Requirement[] | null {
  if (!sel) return null
  const reqs: Requirement[] = []
  for (const [k, v] of Object.entries(sel.matchLabels ?? {}))
    reqs.push({ key: k, op: '=', values: [v] })
  for (const e of sel.matchExpressions ?? []) {
    reqs.push({ key: e.key, op: e.operator as Requirement['op'], values: e.values ?? [] })
  }
  return reqs
}

export function matchesSelector(
  labels: Record<string, string> | undefined,
  sel: LabelSelector | undefined | null,
): boolean {
  const reqs = selectorRequirements(sel)
  return reqs !== null && matchesRequirements(labels, reqs)
}

/** A Service/RC style map selector: empty or missing selects nothing. */
export function matchesMapSelector(
  labels: Record<string, string> | undefined,
  sel: Record<string, string> | undefined,
): boolean {
  if (!sel || Object.keys(sel).length === 0) return false
  const l = labels ?? {}
  for (const [k, v] of Object.entries(sel)) if (l[k] !== v) return false
  return true
}

/** The `a=b,c=d` string kubectl prints for a selector. */
export function formatSelector(sel: LabelSelector | undefined | null): string {
  if (!sel) return '<none>'
  const parts: string[] = []
  for (const [k, v] of Object.entries(sel.matchLabels ?? {}).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  ))
    parts.push(`${k}=${v}`)
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === 'Exists') parts.push(e.key)
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`)
    else
      parts.push(`${e.key} ${e.operator === 'In' ? 'in' : 'notin'} (${(e.values ?? []).join(',')})`)
  }
  return parts.length ? parts.join(',') : '<none>'
}

export interface FieldRequirement {
  field: string
  op: '=' | '==' | '!='
  value: string
}

export function parseFieldSelector(text: string): FieldRequirement[] {
  if (!text.trim()) return []
  return text.split(',').map((part) => {
    const m = part.trim().match(/^([^=!]+)(==|!=|=)(.*)$/)
    if (!m) throw new SelectorParseError(`invalid selector: '${text}'; can't understand '${part}'`)
    return { field: m[1].trim(), op: m[2] as FieldRequirement['op'], value: m[3].trim() }
  })
}

/** Field selectors a v1.32 API server supports, per kind (fields.Set built by each strategy). */
const FIELD_GETTERS: Record<string, Record<string, (o: KObject) => string>> = {
  '*': {
    'metadata.name': (o) => o.metadata.name ?? '',
    'metadata.namespace': (o) => o.metadata.namespace ?? '',
  },
  Pod: {
    'spec.nodeName': (o) => o.spec?.nodeName ?? '',
    'spec.restartPolicy': (o) => o.spec?.restartPolicy ?? '',
    'spec.schedulerName': (o) => o.spec?.schedulerName ?? '',
    'spec.serviceAccountName': (o) => o.spec?.serviceAccountName ?? '',
    'spec.hostNetwork': (o) => String(Boolean(o.spec?.hostNetwork)),
    'status.phase': (o) => o.status?.phase ?? '',
    'status.podIP': (o) => o.status?.podIP ?? '',
    'status.nominatedNodeName': (o) => o.status?.nominatedNodeName ?? '',
  },
  Event: {
    'involvedObject.kind': (o) => o.involvedObject?.kind ?? '',
    'involvedObject.namespace': (o) => o.involvedObject?.namespace ?? '',
    'involvedObject.name': (o) => o.involvedObject?.name ?? '',
    'involvedObject.uid': (o) => o.involvedObject?.uid ?? '',
    'involvedObject.apiVersion': (o) => o.involvedObject?.apiVersion ?? '',
    'involvedObject.resourceVersion': (o) => o.involvedObject?.resourceVersion ?? '',
    'involvedObject.fieldPath': (o) => o.involvedObject?.fieldPath ?? '',
    reason: (o) => o.reason ?? '',
    reportingComponent: (o) => o.reportingComponent ?? '',
    source: (o) => o.source?.component ?? '',
    type: (o) => o.type ?? '',
  },
  Node: { 'spec.unschedulable': (o) => String(Boolean(o.spec?.unschedulable)) },
  Namespace: { 'status.phase': (o) => o.status?.phase ?? '' },
  Secret: { type: (o) => o.type ?? '' },
  ReplicaSet: { 'status.replicas': (o) => String(o.status?.replicas ?? 0) },
  ReplicationController: { 'status.replicas': (o) => String(o.status?.replicas ?? 0) },
  Job: { 'status.successful': (o) => String(o.status?.succeeded ?? 0) },
}

/** Returns the error message kubectl shows when a field is not supported, or null if all are. */
export function unsupportedField(kind: string, reqs: FieldRequirement[]): string | null {
  for (const r of reqs) {
    if (!FIELD_GETTERS['*'][r.field] && !FIELD_GETTERS[kind]?.[r.field]) {
      return `field label not supported: ${r.field}`
    }
  }
  return null
}

export function matchesFields(obj: KObject, reqs: FieldRequirement[]): boolean {
  for (const r of reqs) {
    const get = FIELD_GETTERS['*'][r.field] ?? FIELD_GETTERS[obj.kind]?.[r.field]
    const v = get ? get(obj) : ''
    const eq = v === r.value
    if (r.op === '!=' ? eq : !eq) return false
  }
  return true
}

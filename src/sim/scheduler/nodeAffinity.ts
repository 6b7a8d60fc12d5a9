import type { KObject } from '../api/types.ts'
import type { NodeInfo } from './cache.ts'
import { unresolvable, type FilterPlugin } from './framework.ts'

interface SelectorRequirement {
  key: string
  operator: string
  values?: string[]
}

interface NodeSelectorTerm {
  matchExpressions?: SelectorRequirement[]
  matchFields?: SelectorRequirement[]
}

function matchExpr(value: string | undefined, r: SelectorRequirement): boolean {
  const has = value !== undefined
  const values = r.values ?? []
  switch (r.operator) {
    case 'In':
      return has && values.includes(value)
    case 'NotIn':
      return !has || !values.includes(value)
    case 'Exists':
      return has
    case 'DoesNotExist':
      return !has
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false
      const a = Number.parseInt(value, 10)
      const b = Number.parseInt(values[0], 10)
      if (Number.isNaN(a) || Number.isNaN(b)) return false
      return r.operator === 'Gt' ? a > b : a < b
    }
    default:
      return false
  }
}

/** A term matches when all its expressions and fields do; an empty term matches nothing. */
export function termMatches(term: NodeSelectorTerm, node: NodeInfo): boolean {
  const exprs = term.matchExpressions ?? []
  const fields = term.matchFields ?? []
  if (exprs.length === 0 && fields.length === 0) return false
  for (const r of exprs) if (!matchExpr(node.labels[r.key], r)) return false
  for (const r of fields) {
    const v = r.key === 'metadata.name' ? node.name : undefined
    if (!matchExpr(v, r)) return false
  }
  return true
}

function requiredTerms(pod: KObject): NodeSelectorTerm[] | undefined {
  return pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
    ?.nodeSelectorTerms
}

/** Whether podMatchesNode holds for every node: no nodeSelector entries, no required affinity. */
export function matchesEveryNode(pod: KObject): boolean {
  const sel: Record<string, string> | undefined = pod.spec?.nodeSelector
  return (!sel || Object.keys(sel).length === 0) && requiredTerms(pod) === undefined
}

/** nodeSelector and required node affinity (RequiredNodeAffinity.Match). */
export function podMatchesNode(pod: KObject, node: NodeInfo): boolean {
  const sel: Record<string, string> | undefined = pod.spec?.nodeSelector
  if (sel) for (const [k, v] of Object.entries(sel)) if (node.labels[k] !== v) return false
  const terms = requiredTerms(pod)
  if (terms) {
    let any = false
    for (const t of terms) if (termMatches(t, node)) any = true
    if (!any) return false
  }
  return true
}

/**
 * Node names a pod is pinned to through `matchFields: metadata.name In [...]` in every term (how
 * DaemonSet pods target their node): PreFilter then evaluates only those nodes.
 */
function pinnedNodeNames(pod: KObject): Set<string> | undefined {
  const terms = requiredTerms(pod)
  if (!terms?.length) return undefined
  const names = new Set<string>()
  for (const t of terms) {
    const f = (t.matchFields ?? []).find((r) => r.key === 'metadata.name' && r.operator === 'In')
    if (!f) return undefined
    for (const v of f.values ?? []) names.add(v)
  }
  return names
}

export const NODE_AFFINITY_REASON = "node(s) didn't match Pod's node affinity/selector"

export const nodeAffinityFilter: FilterPlugin = {
  name: 'NodeAffinity',
  preFilter(c) {
    const pinned = pinnedNodeNames(c.pod)
    if (pinned) {
      c.nodeNames = c.nodeNames ? new Set([...c.nodeNames].filter((n) => pinned.has(n))) : pinned
      c.narrowedBy.push('NodeAffinity')
    }
    return !!c.pod.spec?.nodeSelector || !!requiredTerms(c.pod)
  },
  filter(c, node) {
    return podMatchesNode(c.pod, node) ? null : unresolvable(NODE_AFFINITY_REASON)
  },
}

export const nodeNameFilter: FilterPlugin = {
  name: 'NodeName',
  preFilter(c) {
    const name = c.pod.spec?.nodeName
    return typeof name === 'string' && name !== ''
  },
  filter(c, node) {
    if (c.pod.spec.nodeName === node.name) return null
    return unresolvable("node(s) didn't match the requested node name")
  },
}

/** NodeAffinity Score: the summed weights of the preferred terms a node matches. */
export function preferredAffinityScore(pod: KObject, node: NodeInfo): number {
  const prefs = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution
  if (!prefs?.length) return 0
  let s = 0
  for (const p of prefs) if (p.weight && termMatches(p.preference ?? {}, node)) s += p.weight
  return s
}

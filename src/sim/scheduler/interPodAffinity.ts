import type { KObject } from '../api/types.ts'
import { matchesRequirements, selectorRequirements, type Requirement } from '../api/selectors.ts'
import type { PodEntry, SchedulerCache } from './cache.ts'
import { unresolvable, unschedulable, type Cycle, type FilterPlugin } from './framework.ts'
import type { NodeTable } from './nodeTable.ts'

/** A pod affinity term with its selector and namespaces resolved (AffinityTerm upstream). */
interface Term {
  topologyKey: string
  selector: Requirement[]
  /** Namespaces the term looks in; undefined means every namespace (`namespaceSelector: {}`). */
  namespaces?: Set<string>
  weight: number
}

function resolveTerm(
  t: any,
  ownNamespace: string,
  labels: Record<string, string>,
  weight = 1,
): Term {
  const selector = selectorRequirements(t.labelSelector) ?? [{ key: '', op: 'In', values: [] }]
  for (const key of t.matchLabelKeys ?? []) {
    const v = labels[key]
    if (v !== undefined) selector.push({ key, op: 'In', values: [v] })
  }
  for (const key of t.mismatchLabelKeys ?? []) {
    const v = labels[key]
    if (v !== undefined) selector.push({ key, op: 'NotIn', values: [v] })
  }
  const nsSel = t.namespaceSelector
  const allNamespaces = nsSel && Object.keys(nsSel).length === 0
  let namespaces: Set<string> | undefined = new Set(t.namespaces ?? [])
  if (allNamespaces) namespaces = undefined
  else if (namespaces.size === 0) namespaces.add(ownNamespace)
  return { topologyKey: t.topologyKey, selector, namespaces, weight }
}

function termMatchesPod(term: Term, ns: string, labels: Record<string, string>): boolean {
  if (term.namespaces && !term.namespaces.has(ns)) return false
  return matchesRequirements(labels, term.selector)
}

function requiredTerms(pod: KObject, kind: 'podAffinity' | 'podAntiAffinity'): Term[] {
  const ns = pod.metadata.namespace ?? 'default'
  const labels = pod.metadata.labels ?? {}
  return (pod.spec?.affinity?.[kind]?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map(
    (t: any) => resolveTerm(t, ns, labels),
  )
}

function pairKey(key: string, value: string): string {
  return key + '\u0000' + value
}

interface AffinityState {
  affinity: Term[]
  anti: Term[]
  affinityCounts: Map<string, number>
  antiCounts: Map<string, number>
  existingAnti: Map<string, number>
  selfMatchesAll: boolean
}

function liveEntries(cache: SchedulerCache): Iterable<PodEntry> {
  return [...cache.entries.values()].filter((e) => !e.terminating)
}

export const interPodAffinityFilter: FilterPlugin = {
  name: 'InterPodAffinity',
  preFilter(c) {
    const affinity = requiredTerms(c.pod, 'podAffinity')
    const anti = requiredTerms(c.pod, 'podAntiAffinity')
    const existingAnti = new Map<string, number>()
    for (const key of c.cache.antiAffinityPods) {
      const e = c.cache.entries.get(key)
      const node = e && c.cache.nodes.get(e.node)
      if (!e || !node || e.terminating) continue
      const terms = (
        e.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []
      ).map((t: any) => resolveTerm(t, e.namespace, e.labels))
      for (const t of terms) {
        const v = node.labels[t.topologyKey]
        if (v === undefined || !termMatchesPod(t, c.info.namespace, c.info.labels)) continue
        const k = pairKey(t.topologyKey, v)
        existingAnti.set(k, (existingAnti.get(k) ?? 0) + 1)
      }
    }
    if (affinity.length === 0 && anti.length === 0 && existingAnti.size === 0) return false
    const affinityCounts = new Map<string, number>()
    const antiCounts = new Map<string, number>()
    if (affinity.length || anti.length) {
      for (const e of liveEntries(c.cache)) {
        const node = c.cache.nodes.get(e.node)
        if (!node) continue
        if (affinity.length && affinity.every((t) => termMatchesPod(t, e.namespace, e.labels))) {
          for (const t of affinity) {
            const v = node.labels[t.topologyKey]
            if (v === undefined) continue
            const k = pairKey(t.topologyKey, v)
            affinityCounts.set(k, (affinityCounts.get(k) ?? 0) + 1)
          }
        }
        for (const t of anti) {
          const v = node.labels[t.topologyKey]
          if (v === undefined || !termMatchesPod(t, e.namespace, e.labels)) continue
          const k = pairKey(t.topologyKey, v)
          antiCounts.set(k, (antiCounts.get(k) ?? 0) + 1)
        }
      }
    }
    const selfMatchesAll = affinity.every((t) => termMatchesPod(t, c.info.namespace, c.info.labels))
    c.state.set('InterPodAffinity', {
      affinity,
      anti,
      affinityCounts,
      antiCounts,
      existingAnti,
      selfMatchesAll,
    } satisfies AffinityState)
    return true
  },
  filter(c, node) {
    const s = c.state.get('InterPodAffinity') as AffinityState
    if (s.affinity.length) {
      let ok = true
      for (const t of s.affinity) {
        const v = node.labels[t.topologyKey]
        if (v === undefined || !s.affinityCounts.get(pairKey(t.topologyKey, v))) ok = false
      }
      // The first pod of a group that matches its own terms may start anywhere with the keys.
      if (!ok && s.affinityCounts.size === 0 && s.selfMatchesAll)
        ok = s.affinity.every((t) => node.labels[t.topologyKey] !== undefined)
      if (!ok) return unresolvable("node(s) didn't match pod affinity rules")
    }
    for (const t of s.anti) {
      const v = node.labels[t.topologyKey]
      if (v !== undefined && s.antiCounts.get(pairKey(t.topologyKey, v)))
        return unschedulable("node(s) didn't match pod anti-affinity rules")
    }
    for (const [k] of s.existingAnti) {
      const [key, value] = k.split('\u0000')
      if (node.labels[key] === value)
        return unschedulable("node(s) didn't satisfy existing pods anti-affinity rules")
    }
    return null
  },
}

/** InterPodAffinity Score for the pod's preferred terms (existing pods' preferences are not weighed). */
export function interPodAffinityScores(
  c: Cycle,
  rows: readonly number[],
  table: NodeTable,
): number[] | undefined {
  const affinity = c.pod.spec?.affinity
  if (!affinity?.podAffinity && !affinity?.podAntiAffinity) return undefined
  const ns = c.info.namespace
  const prefs = (kind: string, sign: number): Term[] =>
    (c.pod.spec?.affinity?.[kind]?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map(
      (p: any) => resolveTerm(p.podAffinityTerm ?? {}, ns, c.info.labels, sign * (p.weight ?? 0)),
    )
  const terms = [...prefs('podAffinity', 1), ...prefs('podAntiAffinity', -1)]
  if (terms.length === 0) return undefined
  const pairScore = new Map<string, number>()
  for (const e of liveEntries(c.cache)) {
    const node = c.cache.nodes.get(e.node)
    if (!node) continue
    for (const t of terms) {
      const v = node.labels[t.topologyKey]
      if (v === undefined || !termMatchesPod(t, e.namespace, e.labels)) continue
      const k = pairKey(t.topologyKey, v)
      pairScore.set(k, (pairScore.get(k) ?? 0) + t.weight)
    }
  }
  const raw = rows.map((row) => {
    const n = table.infos[row]
    let s = 0
    for (const [k, w] of pairScore) {
      const [key, value] = k.split('\u0000')
      if (n.labels[key] === value) s += w
    }
    return s
  })
  const max = Math.max(...raw)
  const min = Math.min(...raw)
  const diff = max - min
  return raw.map((s) => (diff > 0 ? Math.trunc((100 * (s - min)) / diff) : 0))
}

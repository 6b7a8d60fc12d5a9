import type { KObject } from '../../sim/api/types.ts'
import { printAnnotationsMultiline, printLabelsMultiline } from './common.ts'
import { tabbed } from './writer.ts'

interface Rule {
  verbs: string[]
  apiGroups: string[]
  resources: string[]
  resourceNames: string[]
  nonResourceURLs: string[]
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v : [])
const goList = (v: string[]) => `[${v.join(' ')}]`

/** rbac.BreakdownRule: one rule per group × resource × verb (× name), then per URL × verb. */
function breakdown(r: any): Rule[] {
  const out: Rule[] = []
  const names = list(r.resourceNames)
  for (const g of list(r.apiGroups))
    for (const res of list(r.resources))
      for (const v of list(r.verbs)) {
        if (names.length > 0)
          for (const n of names)
            out.push({
              verbs: [v],
              apiGroups: [g],
              resources: [res],
              resourceNames: [n],
              nonResourceURLs: [],
            })
        else
          out.push({
            verbs: [v],
            apiGroups: [g],
            resources: [res],
            resourceNames: [],
            nonResourceURLs: [],
          })
      }
  for (const u of list(r.nonResourceURLs))
    for (const v of list(r.verbs))
      out.push({
        verbs: [v],
        apiGroups: [],
        resources: [],
        resourceNames: [],
        nonResourceURLs: [u],
      })
  return out
}

/** rbac.CompactRules: rules on one group/resource(/name) merge their verbs. */
function compact(rules: Rule[]): Rule[] {
  const out: Rule[] = []
  const simple = new Map<string, Rule>()
  for (const r of rules) {
    const isSimple =
      r.nonResourceURLs.length === 0 &&
      r.resourceNames.length <= 1 &&
      r.apiGroups.length === 1 &&
      r.resources.length === 1
    if (!isSimple) {
      out.push(r)
      continue
    }
    const key = JSON.stringify([r.apiGroups[0], r.resources[0], r.resourceNames[0] ?? null])
    const existing = simple.get(key)
    if (existing) {
      for (const v of r.verbs) if (!existing.verbs.includes(v)) existing.verbs.push(v)
    } else simple.set(key, { ...r, verbs: [...r.verbs] })
  }
  return [...out, ...simple.values()]
}

/** PolicyRule.String(), the sort key kubectl uses. */
function ruleString(r: Rule): string {
  return `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`
}

function combineResourceGroup(resources: string[], groups: string[]): string {
  if (resources.length === 0) return ''
  const [res, sub] = resources[0].split(/\/(.*)/s)
  let s = res
  if (groups.length > 0 && groups[0] !== '') s += '.' + groups[0]
  if (sub !== undefined) s += '/' + sub
  return s
}

/** Role and ClusterRole: the PolicyRule table. */
export function describeRole(role: KObject): string {
  const rules = compact(list(role.rules).flatMap(breakdown))
  const sorted = rules
    .map((r, i) => ({ r, i, k: ruleString(r) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i))
    .map((x) => x.r)
  return tabbed((w) => {
    w.write(0, `Name:\t${role.metadata.name}\n`)
    printLabelsMultiline(w, 'Labels', role.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', role.metadata.annotations)
    w.write(0, 'PolicyRule:\n')
    w.write(1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n')
    w.write(1, '---------\t-----------------\t--------------\t-----\n')
    for (const r of sorted)
      w.write(
        1,
        `${combineResourceGroup(r.resources, r.apiGroups)}\t${goList(r.nonResourceURLs)}\t${goList(r.resourceNames)}\t${goList(r.verbs)}\n`,
      )
  })
}

/** RoleBinding and ClusterRoleBinding. */
export function describeRoleBinding(b: KObject): string {
  return tabbed((w) => {
    w.write(0, `Name:\t${b.metadata.name}\n`)
    printLabelsMultiline(w, 'Labels', b.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', b.metadata.annotations)
    w.write(0, 'Role:\n')
    w.write(1, `Kind:\t${b.roleRef?.kind ?? ''}\n`)
    w.write(1, `Name:\t${b.roleRef?.name ?? ''}\n`)
    w.write(0, 'Subjects:\n')
    w.write(1, 'Kind\tName\tNamespace\n')
    w.write(1, '----\t----\t---------\n')
    for (const s of list(b.subjects) as any[])
      w.write(1, `${s.kind}\t${s.name}\t${s.namespace ?? ''}\n`)
  })
}

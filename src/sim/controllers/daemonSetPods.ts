import type { KObject } from '../api/types.ts'
import { clone } from '../apiserver/store.ts'
import type { NodeInfo } from '../scheduler/cache.ts'
import { podMatchesNode } from '../scheduler/nodeAffinity.ts'
import { toleratesAny, type Toleration } from '../scheduler/taintToleration.ts'
import { podFromTemplate } from './workloadPods.ts'

export const HASH_LABEL = 'controller-revision-hash'
export const GENERATION_LABEL = 'pod-template-generation'
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation'

const exists = (key: string, effect: string): Toleration => ({ key, operator: 'Exists', effect })

/** util.AddOrUpdateDaemonPodTolerations: what lets daemons run on troubled or cordoned nodes. */
export function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const list = [
    exists('node.kubernetes.io/not-ready', 'NoExecute'),
    exists('node.kubernetes.io/unreachable', 'NoExecute'),
    exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/unschedulable', 'NoSchedule'),
  ]
  if (hostNetwork) list.push(exists('node.kubernetes.io/network-unavailable', 'NoSchedule'))
  return list
}

function sameToleration(a: Toleration, b: Toleration): boolean {
  return (
    (a.key ?? '') === (b.key ?? '') &&
    (a.operator ?? 'Equal') === (b.operator ?? 'Equal') &&
    (a.value ?? '') === (b.value ?? '') &&
    (a.effect ?? '') === (b.effect ?? '')
  )
}

/** The pod template with the daemon tolerations merged in (AddOrUpdateTolerationInPodSpec). */
export function templateWithTolerations(template: any): any {
  const t = clone(template ?? {})
  t.spec = t.spec ?? {}
  const tols: Toleration[] = [...(t.spec.tolerations ?? [])]
  for (const add of daemonTolerations(t.spec.hostNetwork === true)) {
    const i = tols.findIndex((x) => sameToleration(x, add))
    if (i >= 0) tols[i] = add
    else tols.push(add)
  }
  t.spec.tolerations = tols
  return t
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: pin the pod to one node through matchFields. */
function pinToNode(spec: any, nodeName: string): void {
  const field = { key: 'metadata.name', operator: 'In', values: [nodeName] }
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
  const terms: any[] = required?.nodeSelectorTerms ?? []
  const next = terms.length
    ? terms.map((t: any) => ({ ...t, matchFields: [field] }))
    : [{ matchFields: [field] }]
  spec.affinity = {
    ...(spec.affinity ?? {}),
    nodeAffinity: {
      ...(spec.affinity?.nodeAffinity ?? {}),
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: next },
    },
  }
}

export function templateGeneration(ds: KObject): string | undefined {
  return ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION]
}

/** The daemon pod for one node: template, revision labels, tolerations and node affinity. */
export function newDaemonPod(ds: KObject, nodeName: string, hash: string): KObject {
  const template = templateWithTolerations(ds.spec.template)
  template.metadata = { ...(template.metadata ?? {}) }
  const labels: Record<string, string> = { ...(template.metadata.labels ?? {}) }
  const gen = templateGeneration(ds)
  if (gen !== undefined) labels[GENERATION_LABEL] = gen
  labels[HASH_LABEL] = hash
  template.metadata.labels = labels
  const pod = podFromTemplate(ds, template)
  pinToNode(pod.spec, nodeName)
  return pod
}

/** util.GetTargetNodeName: the bound node, or the one its DaemonSet affinity names. */
export function targetNode(pod: KObject): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms
  for (const t of terms ?? []) {
    for (const f of t.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1)
        return f.values[0]
    }
  }
  return undefined
}

/** util.IsPodUpdated: the pod carries the current hash (or, for old pods, the template generation). */
export function isPodUpdated(pod: KObject, hash: string, generation: string | undefined): boolean {
  const labels = pod.metadata.labels ?? {}
  if (labels[HASH_LABEL] !== undefined) return labels[HASH_LABEL] === hash
  return generation !== undefined && labels[GENERATION_LABEL] === generation
}

/**
 * NodeShouldRunDaemonPod: `run` when the node fits the daemon pod (name, nodeSelector, required
 * affinity, NoSchedule/NoExecute taints), `keep` when an existing pod may stay (no untolerated
 * NoExecute taint).
 */
export function shouldRunOn(node: KObject, ds: KObject): { run: boolean; keep: boolean } {
  const template = templateWithTolerations(ds.spec.template)
  const wanted = template.spec?.nodeName
  if (wanted && wanted !== node.metadata.name) return { run: false, keep: false }
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: template.spec } as KObject
  // podMatchesNode reads only the node's name and labels.
  const view = { name: node.metadata.name!, labels: node.metadata.labels ?? {} } as NodeInfo
  if (!podMatchesNode(pod, view)) return { run: false, keep: false }
  const tols: Toleration[] = template.spec.tolerations ?? []
  const taints: any[] = node.spec?.taints ?? []
  const untolerated = (effects: string[]): boolean =>
    taints.some((t) => effects.includes(t.effect) && !toleratesAny(tols, t))
  if (untolerated(['NoSchedule', 'NoExecute']))
    return { run: false, keep: !untolerated(['NoExecute']) }
  return { run: true, keep: true }
}

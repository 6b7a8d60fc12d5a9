import type { KObject } from '../api/types.ts'
import { clone } from '../apiserver/store.ts'
import { podFromTemplate } from './workloadPods.ts'

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name'
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index'
export const REVISION_LABEL = 'controller-revision-hash'

export function startOrdinal(set: KObject): number {
  return set.spec.ordinals?.start ?? 0
}

export function podName(set: KObject, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}`
}

/** getParentNameAndOrdinal: the ordinal when the pod is named `<set>-<n>`, else -1. */
export function ordinalOf(set: KObject, pod: KObject): number {
  const m = /^(.*)-([0-9]+)$/.exec(pod.metadata.name ?? '')
  if (!m || m[1] !== set.metadata.name) return -1
  return Number(m[2])
}

export function claimName(template: any, set: KObject, ordinal: number): string {
  return `${template.metadata?.name}-${set.metadata.name}-${ordinal}`
}

/** getPersistentVolumeClaims: one claim per template, labelled with the set's selector labels. */
export function claimsFor(set: KObject, ordinal: number): KObject[] {
  return (set.spec.volumeClaimTemplates ?? []).map((t: any) => {
    const labels = { ...(t.metadata?.labels ?? {}), ...(set.spec.selector?.matchLabels ?? {}) }
    const claim: KObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: claimName(t, set, ordinal), namespace: set.metadata.namespace, labels },
      spec: clone(t.spec ?? {}),
    }
    if (t.metadata?.annotations) claim.metadata.annotations = { ...t.metadata.annotations }
    return claim
  })
}

/** The pod template stored in a ControllerRevision (ApplyRevision). */
export function revisionTemplate(revision: KObject): any {
  const t = clone(revision.data?.spec?.template ?? {})
  delete t.$patch
  return t
}

/** newStatefulSetPod + setPodRevision: identity (name, labels, hostname, subdomain) and storage. */
export function newStatefulPod(
  set: KObject,
  template: any,
  ordinal: number,
  revisionName: string,
): KObject {
  const pod = podFromTemplate(set, template)
  const name = podName(set, ordinal)
  pod.metadata.name = name
  pod.metadata.labels = {
    ...(pod.metadata.labels ?? {}),
    [POD_NAME_LABEL]: name,
    [POD_INDEX_LABEL]: String(ordinal),
    [REVISION_LABEL]: revisionName,
  }
  pod.spec.hostname = name
  if (set.spec.serviceName) pod.spec.subdomain = set.spec.serviceName
  const templates: any[] = set.spec.volumeClaimTemplates ?? []
  if (templates.length) {
    const claimVolumes = templates.map((t) => ({
      name: t.metadata?.name,
      persistentVolumeClaim: { claimName: claimName(t, set, ordinal) },
    }))
    const names = new Set(claimVolumes.map((v) => v.name))
    pod.spec.volumes = [
      ...claimVolumes,
      ...(pod.spec.volumes ?? []).filter((v: any) => !names.has(v.name)),
    ]
  }
  return pod
}

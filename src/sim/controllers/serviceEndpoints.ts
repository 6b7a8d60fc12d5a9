import type { KObject, WatchEvent } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import { matchesMapSelector } from '../api/selectors.ts'
import { keyOf, type WatchSpec } from '../runtime/controller.ts'

type Spec = Record<string, any>

/** A Service the endpoint controllers manage: one with a non-empty selector. */
export function hasSelector(svc: KObject): boolean {
  return Object.keys(svc.spec?.selector ?? {}).length > 0
}

export function podIP(pod: KObject): string | undefined {
  return pod.status?.podIP || pod.status?.podIPs?.[0]?.ip || undefined
}

export function isPodReady(pod: KObject): boolean {
  return (pod.status?.conditions ?? []).some((c: Spec) => c.type === 'Ready' && c.status === 'True')
}

/** endpointsliceutil.ShouldPodBeInEndpoints. */
export function shouldPodBeInEndpoints(pod: KObject, includeTerminating: boolean): boolean {
  if (!podIP(pod)) return false
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false
  const phase = pod.status?.phase
  const policy = pod.spec?.restartPolicy ?? 'Always'
  if (policy === 'Never') return phase !== 'Failed' && phase !== 'Succeeded'
  if (policy === 'OnFailure') return phase !== 'Succeeded'
  return true
}

/** podutil.FindPort: a numeric targetPort as is, a named one looked up in the containers' ports. */
export function findPort(pod: KObject, svcPort: Spec): number | undefined {
  const tp = svcPort.targetPort ?? svcPort.port
  if (typeof tp === 'number') return tp
  const protocol = svcPort.protocol ?? 'TCP'
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.name === tp && (p.protocol ?? 'TCP') === protocol) return p.containerPort
    }
  }
  if (/^\d+$/.test(String(tp))) return Number(tp)
  return undefined
}

export function selectedPods(api: ApiServer, svc: KObject): KObject[] {
  return api
    .list('pods', { namespace: svc.metadata.namespace })
    .items.filter((p) => matchesMapSelector(p.metadata.labels, svc.spec?.selector))
}

/** hostname goes into endpoints only for pods that name this Service as their subdomain. */
export function endpointHostname(pod: KObject, svc: KObject): string | undefined {
  const h = pod.spec?.hostname
  return h && pod.spec?.subdomain === svc.metadata.name ? h : undefined
}

/** Watch helper: a pod event wakes every Service (in its namespace) that selects it, before or after. */
export function podToServiceKeys(api: ApiServer): WatchSpec {
  return {
    resource: 'pods',
    keys: (ev: WatchEvent) => {
      const keys: string[] = []
      const labels = ev.object.metadata.labels
      // Most writes (status, binding) keep the labels themselves.
      const oldLabels = ev.old?.metadata.labels !== labels ? ev.old?.metadata.labels : undefined
      api.store.forEachInNamespace('services', ev.object.metadata.namespace, (svc) => {
        const sel = svc.spec?.selector
        if (matchesMapSelector(labels, sel) || (oldLabels && matchesMapSelector(oldLabels, sel)))
          keys.push(keyOf(svc))
      })
      // In list order, as the Services' keys sort.
      return keys.length > 1 ? keys.sort() : keys
    },
  }
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Labels copied from the Service, with the headless marker kept in step with the ClusterIP. */
export function derivedLabels(svc: KObject, extra: Record<string, string>): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}), ...extra }
  if (svc.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = ''
  else delete labels['service.kubernetes.io/headless']
  return labels
}

export const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time'

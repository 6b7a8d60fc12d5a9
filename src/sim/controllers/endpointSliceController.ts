import type { KObject } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import { isNotFound } from '../api/errors.ts'
import { splitKey, type Controller, type WatchSpec } from '../runtime/controller.ts'
import {
  TRIGGER_TIME,
  derivedLabels,
  endpointHostname,
  findPort,
  hasSelector,
  isPodReady,
  podIP,
  podToServiceKeys,
  sameJson,
  selectedPods,
  shouldPodBeInEndpoints,
} from './serviceEndpoints.ts'

type Spec = Record<string, any>

export const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by'
export const SLICE_CONTROLLER = 'endpointslice-controller.k8s.io'
export const SERVICE_NAME = 'kubernetes.io/service-name'

/** podToEndpoint (pkg/controller/endpointslice/utils.go). */
function endpointFor(
  pod: KObject,
  svc: KObject,
  zoneOf: (node: string) => string | undefined,
): Spec {
  const serving = isPodReady(pod)
  const terminating = Boolean(pod.metadata.deletionTimestamp)
  // For compatibility, "ready" is never true for a terminating pod unless not-ready addresses are published.
  const ready = svc.spec?.publishNotReadyAddresses === true || (serving && !terminating)
  const ep: Spec = { addresses: [podIP(pod)], conditions: { ready, serving, terminating } }
  const hostname = endpointHostname(pod, svc)
  if (hostname) ep.hostname = hostname
  ep.targetRef = {
    kind: 'Pod',
    namespace: pod.metadata.namespace,
    name: pod.metadata.name,
    uid: pod.metadata.uid,
  }
  if (pod.spec?.nodeName) {
    ep.nodeName = pod.spec.nodeName
    const zone = zoneOf(pod.spec.nodeName)
    if (zone) ep.zone = zone
  }
  return ep
}

function endpointPorts(pod: KObject, svc: KObject): Spec[] {
  const out: Spec[] = []
  for (const sp of svc.spec?.ports ?? []) {
    const n = findPort(pod, sp)
    if (n === undefined) continue
    const p: Spec = { name: sp.name ?? '', protocol: sp.protocol ?? 'TCP', port: n }
    if (sp.appProtocol) p.appProtocol = sp.appProtocol
    out.push(p)
  }
  return out
}

function managedSlices(api: ApiServer, namespace: string | undefined, service: string): KObject[] {
  return api.list('endpointslices.discovery.k8s.io', {
    namespace,
    labelSelector: `${MANAGED_BY}=${SLICE_CONTROLLER},${SERVICE_NAME}=${service}`,
  }).items
}

function sliceWatch(): WatchSpec {
  return {
    resource: 'endpointslices.discovery.k8s.io',
    keys: (ev) => {
      const l = ev.object.metadata.labels ?? {}
      if (l[MANAGED_BY] !== SLICE_CONTROLLER || !l[SERVICE_NAME]) return []
      return [`${ev.object.metadata.namespace}/${l[SERVICE_NAME]}`]
    },
  }
}

/**
 * kube-controller-manager's EndpointSlice controller: one IPv4 slice per distinct set of resolved
 * ports (a placeholder slice with no endpoints when nothing matches), owned by the Service.
 */
export function endpointSliceController(api: ApiServer): Controller {
  return {
    name: 'endpointslice',
    watches: [
      {
        resource: 'services',
        keys: (ev) => [`${ev.object.metadata.namespace}/${ev.object.metadata.name}`],
      },
      podToServiceKeys(api),
      sliceWatch(),
    ],
    initialKeys: (ctx) =>
      ctx.api.list('services').items.map((s) => `${s.metadata.namespace}/${s.metadata.name}`),
    reconcile(key, ctx) {
      const { namespace, name } = splitKey(key)
      const svc = ctx.api.tryGet('services', namespace, name)
      const existing = managedSlices(ctx.api, namespace, name)
      if (!svc || svc.spec?.type === 'ExternalName') {
        for (const s of existing) deleteQuietly(ctx.api, s)
        return
      }
      if (!hasSelector(svc)) return
      const zones = new Map<string, string | undefined>()
      const zoneOf = (node: string): string | undefined => {
        if (!zones.has(node))
          zones.set(
            node,
            ctx.api.tryGet('nodes', undefined, node)?.metadata.labels?.[
              'topology.kubernetes.io/zone'
            ],
          )
        return zones.get(node)
      }
      const groups = new Map<string, { ports: Spec[] | null; endpoints: Spec[] }>()
      for (const pod of selectedPods(ctx.api, svc)) {
        if (!shouldPodBeInEndpoints(pod, true)) continue
        const ports = endpointPorts(pod, svc)
        const k = JSON.stringify(ports)
        let g = groups.get(k)
        if (!g) groups.set(k, (g = { ports, endpoints: [] }))
        g.endpoints.push(endpointFor(pod, svc, zoneOf))
      }
      if (groups.size === 0) groups.set('placeholder', { ports: null, endpoints: [] })
      const labels = derivedLabels(svc, { [MANAGED_BY]: SLICE_CONTROLLER, [SERVICE_NAME]: name })
      const unused = [...existing]
      for (const g of groups.values()) {
        const endpoints = g.endpoints.length ? g.endpoints : null
        // The placeholder has no ports at all (null); a group whose pods resolve none has an empty list.
        const ports = g.ports
        // Upstream turns a create plus a delete into an update, so slice names survive changes.
        const same = unused.findIndex((s) => sameJson(s.ports ?? null, ports))
        const idx = same >= 0 ? same : unused.length ? 0 : -1
        const current = idx >= 0 ? unused.splice(idx, 1)[0] : undefined
        if (current) {
          if (
            sameJson(current.endpoints, endpoints) &&
            sameJson(current.ports, ports) &&
            sameJson(current.metadata.labels, labels)
          )
            continue
          ctx.api.update(
            'endpointslices.discovery.k8s.io',
            {
              ...current,
              metadata: {
                ...current.metadata,
                labels,
                annotations: {
                  ...(current.metadata.annotations ?? {}),
                  [TRIGGER_TIME]: ctx.clock.iso(),
                },
              },
              endpoints,
              ports,
            },
            { internal: true },
          )
          continue
        }
        ctx.api.create(
          'endpointslices.discovery.k8s.io',
          {
            apiVersion: 'discovery.k8s.io/v1',
            kind: 'EndpointSlice',
            metadata: {
              generateName: `${name}-`,
              namespace,
              labels,
              annotations: { [TRIGGER_TIME]: ctx.clock.iso() },
              ownerReferences: [
                {
                  apiVersion: 'v1',
                  kind: 'Service',
                  name,
                  uid: svc.metadata.uid!,
                  controller: true,
                  blockOwnerDeletion: true,
                },
              ],
            },
            addressType: 'IPv4',
            endpoints,
            ports,
          },
          { internal: true },
        )
      }
      for (const s of unused) deleteQuietly(ctx.api, s)
    },
  }
}

function deleteQuietly(api: ApiServer, s: KObject): void {
  try {
    api.delete('endpointslices.discovery.k8s.io', s.metadata.namespace, s.metadata.name!, {
      internal: true,
    })
  } catch (e) {
    if (!isNotFound(e)) throw e
  }
}

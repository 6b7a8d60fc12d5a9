import type { KObject } from '../api/types.ts'
import { isNotFound } from '../api/errors.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import { selfKeys, splitKey, type Controller } from '../runtime/controller.ts'
import { isIPv4 } from '../network/ipam.ts'
import { MANAGED_BY, SERVICE_NAME } from './endpointSliceController.ts'
import { TRIGGER_TIME, hasSelector, sameJson } from './serviceEndpoints.ts'

type Spec = Record<string, any>

export const MIRRORING_CONTROLLER = 'endpointslicemirroring-controller.k8s.io'
const SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror'
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'
const SLICES = 'endpointslices.discovery.k8s.io'

function mirrored(api: ApiServer, namespace: string | undefined, name: string): KObject[] {
  return api.list(SLICES, {
    namespace,
    labelSelector: `${MANAGED_BY}=${MIRRORING_CONTROLLER},${SERVICE_NAME}=${name}`,
  }).items
}

function endpoint(a: Spec, ready: boolean): Spec {
  const e: Spec = { addresses: [a.ip], conditions: { ready } }
  if (a.hostname) e.hostname = a.hostname
  if (a.targetRef) e.targetRef = a.targetRef
  if (a.nodeName) e.nodeName = a.nodeName
  return e
}

/** One slice per Endpoints subset, as the mirroring controller writes them (IPv4 only here). */
function desiredSlices(ep: KObject): { ports: Spec[]; endpoints: Spec[] }[] {
  const out: { ports: Spec[]; endpoints: Spec[] }[] = []
  for (const s of ep.subsets ?? []) {
    const endpoints = [
      ...(s.addresses ?? []).filter((a: Spec) => isIPv4(a.ip)).map((a: Spec) => endpoint(a, true)),
      ...(s.notReadyAddresses ?? [])
        .filter((a: Spec) => isIPv4(a.ip))
        .map((a: Spec) => endpoint(a, false)),
    ]
    if (!endpoints.length) continue
    const ports = (s.ports ?? []).map((p: Spec) => {
      const port: Spec = { name: p.name ?? '', protocol: p.protocol ?? 'TCP', port: p.port }
      if (p.appProtocol) port.appProtocol = p.appProtocol
      return port
    })
    out.push({ ports, endpoints })
  }
  return out
}

function deleteQuietly(api: ApiServer, s: KObject): void {
  try {
    api.delete(SLICES, s.metadata.namespace, s.metadata.name!, { internal: true })
  } catch (e) {
    if (!isNotFound(e)) throw e
  }
}

/**
 * kube-controller-manager's EndpointSlice mirroring controller: hand-written Endpoints of a
 * Service without a selector are mirrored into EndpointSlices, which is what kube-proxy and
 * CoreDNS read on a real cluster. Endpoints labelled skip-mirror (the API server's `kubernetes`)
 * are left alone.
 */
export function endpointSliceMirroringController(): Controller {
  return {
    name: 'endpointslicemirroring',
    watches: [
      selfKeys('endpoints'),
      selfKeys('services'),
      {
        resource: SLICES,
        keys: (ev) => {
          const l = ev.object.metadata.labels ?? {}
          if (l[MANAGED_BY] !== MIRRORING_CONTROLLER || !l[SERVICE_NAME]) return []
          return [`${ev.object.metadata.namespace}/${l[SERVICE_NAME]}`]
        },
      },
    ],
    reconcile(key, ctx) {
      const { namespace, name } = splitKey(key)
      const svc = ctx.api.tryGet('services', namespace, name)
      const ep = ctx.api.tryGet('endpoints', namespace, name)
      const existing = mirrored(ctx.api, namespace, name)
      if (!svc || hasSelector(svc) || !ep || ep.metadata.labels?.[SKIP_MIRROR] === 'true') {
        for (const s of existing) deleteQuietly(ctx.api, s)
        return
      }
      const labels: Record<string, string> = {
        ...(ep.metadata.labels ?? {}),
        [MANAGED_BY]: MIRRORING_CONTROLLER,
        [SERVICE_NAME]: name,
      }
      const annotations: Record<string, string> = { ...(ep.metadata.annotations ?? {}) }
      delete annotations[LAST_APPLIED]
      delete annotations[TRIGGER_TIME]
      const unused = [...existing]
      for (const want of desiredSlices(ep)) {
        const current = unused.shift()
        if (current) {
          if (
            sameJson(current.endpoints, want.endpoints) &&
            sameJson(current.ports, want.ports) &&
            sameJson(current.metadata.labels, labels)
          )
            continue
          ctx.api.update(
            SLICES,
            {
              ...current,
              metadata: { ...current.metadata, labels, annotations },
              endpoints: want.endpoints,
              ports: want.ports,
            },
            { internal: true },
          )
          continue
        }
        ctx.api.create(
          SLICES,
          {
            apiVersion: 'discovery.k8s.io/v1',
            kind: 'EndpointSlice',
            metadata: {
              generateName: `${name}-`,
              namespace,
              labels,
              annotations: Object.keys(annotations).length ? annotations : undefined,
              ownerReferences: [
                {
                  apiVersion: 'v1',
                  kind: 'Endpoints',
                  name,
                  uid: ep.metadata.uid!,
                  controller: true,
                  blockOwnerDeletion: true,
                },
              ],
            },
            addressType: 'IPv4',
            endpoints: want.endpoints,
            ports: want.ports,
          },
          { internal: true },
        )
      }
      for (const s of unused) deleteQuietly(ctx.api, s)
    },
  }
}

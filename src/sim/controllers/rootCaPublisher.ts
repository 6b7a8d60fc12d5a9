import type { KObject, WatchEvent } from '../api/types.ts'
import { isStatusError } from '../api/errors.ts'
import { clone } from '../apiserver/store.ts'
import type { Controller, ControllerContext } from '../runtime/controller.ts'
import type { Rng } from '../runtime/rng.ts'
import type { Sim } from '../sim.ts'

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt'
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.'

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/**
 * A PEM block that looks like a kubeadm CA certificate (same header bytes and length); the body
 * is drawn from the seeded generator, so each seed has its own stable "CA".
 */
export function fakeCertificate(rng: Rng): string {
  let body = 'MIIDBTCCAe2gAwIBAgII'
  while (body.length < 1460) body += B64[rng.int(64)]
  body += '='
  const lines = body.match(/.{1,64}/g) ?? []
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`
}

/** The root CA publisher: a `kube-root-ca.crt` ConfigMap with the cluster CA in every namespace. */
export class RootCaPublisher implements Controller {
  readonly name = 'root-ca-cert-publisher'
  readonly watches = [
    { resource: 'namespaces', keys: (ev: WatchEvent) => [ev.object.metadata.name!] },
    {
      resource: 'configmaps',
      keys: (ev: WatchEvent) =>
        ev.object.metadata.name === ROOT_CA_CONFIGMAP ? [ev.object.metadata.namespace!] : [],
    },
  ]
  ca = ''

  initialKeys(ctx: ControllerContext): string[] {
    return ctx.api.list('namespaces').items.map((n) => n.metadata.name!)
  }

  reconcile(ns: string, ctx: ControllerContext): void {
    if (!this.ca) this.ca = fakeCertificate(ctx.rng)
    const namespace = ctx.api.tryGet('namespaces', undefined, ns)
    if (!namespace || namespace.metadata.deletionTimestamp) return
    const cm = ctx.api.tryGet('configmaps', ns, ROOT_CA_CONFIGMAP)
    const annotations = { 'kubernetes.io/description': DESCRIPTION }
    if (!cm) {
      const obj: KObject = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { annotations, name: ROOT_CA_CONFIGMAP, namespace: ns },
        data: { 'ca.crt': this.ca },
      }
      try {
        ctx.api.create('configmaps', obj, { internal: true })
      } catch (e) {
        if (!isStatusError(e) || e.code !== 409) throw e
      }
      return
    }
    const same =
      cm.data?.['ca.crt'] === this.ca &&
      Object.keys(cm.data ?? {}).length === 1 &&
      cm.metadata.annotations?.['kubernetes.io/description'] === DESCRIPTION
    if (same) return
    // Edits are put back, as the real publisher does on every update event.
    const next = clone(cm)
    next.data = { 'ca.crt': this.ca }
    delete next.binaryData
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), ...annotations }
    ctx.api.update('configmaps', next, { internal: true })
  }

  saveState(): { ca: string } {
    return { ca: this.ca }
  }

  loadState(state: unknown): void {
    this.ca = (state as { ca: string }).ca
  }
}

/** The cluster CA certificate (PEM) every kube-root-ca.crt carries; created on first use. */
export function clusterCA(sim: Sim): string {
  const c = sim.manager.controller('root-ca-cert-publisher')
  if (!(c instanceof RootCaPublisher)) throw new Error('the root CA publisher is not installed')
  if (!c.ca) c.ca = fakeCertificate(sim.rng)
  return c.ca
}

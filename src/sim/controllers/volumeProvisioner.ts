import type { KObject } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import { rngFor } from '../network/ipam.ts'

/**
 * What the default StorageClass's external provisioner creates for a claim: a PersistentVolume
 * named `pvc-<claim uid>`, pre-bound to the claim, on the node the scheduler chose when binding
 * waits for the first consumer.
 */
export function provisionVolume(pvc: KObject, sc: KObject, node: string | undefined): KObject {
  const name = `pvc-${pvc.metadata.uid}`
  const provisioner: string = sc.provisioner
  const ns = pvc.metadata.namespace!
  const claim = pvc.metadata.name!
  const annotations: Record<string, string> = { 'pv.kubernetes.io/provisioned-by': provisioner }
  const spec: Record<string, unknown> = {
    accessModes: pvc.spec?.accessModes,
    capacity: { storage: pvc.spec?.resources?.requests?.storage },
    claimRef: {
      kind: 'PersistentVolumeClaim',
      namespace: ns,
      name: claim,
      uid: pvc.metadata.uid,
      apiVersion: 'v1',
      resourceVersion: pvc.metadata.resourceVersion,
    },
  }
  if (provisioner === 'rancher.io/local-path') {
    if (node) annotations['local.path.provisioner/selected-node'] = node
    spec.hostPath = {
      path: `/var/local-path-provisioner/${name}_${ns}_${claim}`,
      type: 'DirectoryOrCreate',
    }
    if (node)
      spec.nodeAffinity = {
        required: {
          nodeSelectorTerms: [
            {
              matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }],
            },
          ],
        },
      }
  } else {
    // minikube's storage-provisioner and other hostPath-style provisioners.
    spec.hostPath = { path: `/tmp/hostpath-provisioner/${ns}/${claim}`, type: '' }
  }
  spec.persistentVolumeReclaimPolicy = sc.reclaimPolicy ?? 'Delete'
  spec.storageClassName = sc.metadata.name
  spec.volumeMode = pvc.spec?.volumeMode ?? 'Filesystem'
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations },
    spec,
  }
}

/** Where each known external provisioner runs (what the cluster's storage add-on deploys). */
const PROVISIONER_PODS: Record<string, { namespace: string; matches: (pod: KObject) => boolean }> =
  {
    'rancher.io/local-path': {
      namespace: 'local-path-storage',
      matches: (p) => p.metadata.labels?.app === 'local-path-provisioner',
    },
    'k8s.io/minikube-hostpath': {
      namespace: 'kube-system',
      matches: (p) => p.metadata.name === 'storage-provisioner',
    },
  }

const PROVISIONERS = Object.values(PROVISIONER_PODS)

export function isProvisionerPod(pod: KObject): boolean {
  return PROVISIONERS.some((w) => w.namespace === pod.metadata.namespace && w.matches(pod))
}

/**
 * The identity a running provisioner signs its events with (`<provisioner>_<host>_<uuid>`, as
 * sig-storage-lib-external-provisioner does), or undefined when its pod is not running: claims then
 * wait, as they do on a real cluster whose provisioner is down.
 */
export function runningProvisioner(api: ApiServer, provisioner: string): string | undefined {
  const where = PROVISIONER_PODS[provisioner]
  if (!where) return undefined
  const pod = api
    .list('pods', { namespace: where.namespace })
    .items.find(
      (p) => where.matches(p) && p.status?.phase === 'Running' && !p.metadata.deletionTimestamp,
    )
  if (!pod) return undefined
  const host = pod.spec?.hostNetwork ? pod.spec.nodeName : pod.metadata.name
  return `${provisioner}_${host}_${rngFor(pod.metadata.uid ?? '').uuid()}`
}

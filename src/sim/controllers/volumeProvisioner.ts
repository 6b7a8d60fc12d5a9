import type { KObject } from '../api/types.ts'

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

import type { KObject } from '../../sim/api/types.ts'
import { since } from '../printers/age.ts'
import { accessModes } from '../printers/columns/util.ts'
import { canonicalQuantity } from '../printers/quantity.ts'
import {
  describeEvents,
  formatLabels,
  printAnnotationsMultiline,
  printLabelsMultiline,
  rfc1123z,
  searchEvents,
  type DescribeContext,
} from './common.ts'
import { tabbed, type PrefixWriter } from './writer.ts'

const goList = (l: string[] | undefined) => `[${(l ?? []).join(' ')}]`

function nodeAffinity(w: PrefixWriter, affinity: any): void {
  w.write(0, 'Node Affinity:\t')
  if (!affinity?.required) return w.line('<none>')
  w.line('')
  const terms: any[] = affinity.required.nodeSelectorTerms ?? []
  w.write(1, 'Required Terms:\t')
  if (terms.length === 0) return w.line('<none>')
  w.line('')
  terms.forEach((t, i) => {
    w.write(2, `Term ${i}:\t`)
    const reqs: any[] = t.matchExpressions ?? []
    if (reqs.length === 0) return w.line('<none>')
    reqs.forEach((r, j) => {
      if (j !== 0) w.write(2, '\t')
      let s = `${r.key} ${String(r.operator).toLowerCase()}`
      if ((r.values ?? []).length > 0) s += ` [${r.values.join(', ')}]`
      w.write(0, s + '\n')
    })
  })
}

export function describePersistentVolume(pv: KObject, ctx: DescribeContext): string {
  const ev = ctx.showEvents === false ? undefined : searchEvents(pv, ctx)
  const spec = pv.spec ?? {}
  return tabbed((w) => {
    w.write(0, `Name:\t${pv.metadata.name}\n`)
    printLabelsMultiline(w, 'Labels', pv.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', pv.metadata.annotations)
    w.write(0, `Finalizers:\t${goList(pv.metadata.finalizers)}\n`)
    w.write(
      0,
      `StorageClass:\t${pv.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? spec.storageClassName ?? ''}\n`,
    )
    if (pv.metadata.deletionTimestamp)
      w.write(0, `Status:\tTerminating (lasts ${since(pv.metadata.deletionTimestamp, ctx.now)})\n`)
    else w.write(0, `Status:\t${pv.status?.phase ?? ''}\n`)
    w.write(
      0,
      `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : ''}\n`,
    )
    w.write(0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`)
    w.write(0, `Access Modes:\t${accessModes(spec.accessModes)}\n`)
    if (spec.volumeMode) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`)
    w.write(0, `Capacity:\t${canonicalQuantity(spec.capacity?.storage ?? '0')}\n`)
    nodeAffinity(w, spec.nodeAffinity)
    w.write(0, `Message:\t${pv.status?.message ?? ''}\n`)
    w.write(0, 'Source:\n')
    if (spec.hostPath)
      w.write(
        2,
        `Type:\tHostPath (bare host directory volume)\n    Path:\t${spec.hostPath.path}\n    HostPathType:\t${spec.hostPath.type ?? '<none>'}\n`,
      )
    else if (spec.local)
      w.write(
        2,
        `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${spec.local.path}\n`,
      )
    else if (spec.nfs)
      w.write(
        2,
        `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${spec.nfs.server}\n    Path:\t${spec.nfs.path}\n    ReadOnly:\t${spec.nfs.readOnly === true}\n`,
      )
    else w.write(1, '<unknown>\n')
    describeEvents(ev, w, ctx.now)
  })
}

export function describePersistentVolumeClaim(pvc: KObject, ctx: DescribeContext): string {
  const pods = ctx.api.list('pods', { namespace: pvc.metadata.namespace }).items
  const users = pods.filter((p) =>
    (p.spec?.volumes ?? []).some(
      (v: any) => v.persistentVolumeClaim?.claimName === pvc.metadata.name,
    ),
  )
  for (const ref of pvc.metadata.ownerReferences ?? []) {
    if (ref.kind !== 'Pod') continue
    const owner = pods.find((p) => p.metadata.uid === ref.uid)
    if (owner && !users.includes(owner)) users.push(owner)
  }
  const ev = ctx.showEvents === false ? undefined : searchEvents(pvc, ctx)
  const spec = pvc.spec ?? {}
  return tabbed((w) => {
    w.write(0, `Name:\t${pvc.metadata.name}\n`)
    w.write(0, `Namespace:\t${pvc.metadata.namespace}\n`)
    w.write(
      0,
      `StorageClass:\t${pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? spec.storageClassName ?? ''}\n`,
    )
    if (pvc.metadata.deletionTimestamp)
      w.write(0, `Status:\tTerminating (lasts ${since(pvc.metadata.deletionTimestamp, ctx.now)})\n`)
    else w.write(0, `Status:\t${pvc.status?.phase ?? ''}\n`)
    w.write(0, `Volume:\t${spec.volumeName ?? ''}\n`)
    printLabelsMultiline(w, 'Labels', pvc.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', pvc.metadata.annotations)
    w.write(0, `Finalizers:\t${goList(pvc.metadata.finalizers)}\n`)
    const bound = Boolean(spec.volumeName)
    w.write(
      0,
      `Capacity:\t${bound ? canonicalQuantity(pvc.status?.capacity?.storage ?? '0') : ''}\n`,
    )
    w.write(0, `Access Modes:\t${bound ? accessModes(pvc.status?.accessModes) : ''}\n`)
    if (spec.volumeMode) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`)
    if (spec.dataSource) {
      w.write(0, 'DataSource:\n')
      if (spec.dataSource.apiGroup) w.write(1, `APIGroup:\t${spec.dataSource.apiGroup}\n`)
      w.write(1, `Kind:\t${spec.dataSource.kind}\n`)
      w.write(1, `Name:\t${spec.dataSource.name}\n`)
    }
    w.write(0, 'Used By:\t')
    const names = users.map((p) => p.metadata.name ?? '').sort()
    if (names.length === 0) w.line('<none>')
    names.forEach((n, i) => {
      if (i !== 0) w.write(0, '\t')
      w.write(0, `${n}\n`)
    })
    const conds: any[] = pvc.status?.conditions ?? []
    if (conds.length > 0) {
      w.write(0, 'Conditions:\n')
      w.write(1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n')
      w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n')
      for (const c of conds)
        w.write(
          1,
          `${c.type} \t${c.status} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
        )
    }
    describeEvents(ev, w, ctx.now)
  })
}

export function describeStorageClass(sc: KObject, ctx: DescribeContext): string {
  const ev = ctx.showEvents === false ? undefined : searchEvents(sc, ctx)
  const a = sc.metadata.annotations ?? {}
  const isDefault =
    a['storageclass.kubernetes.io/is-default-class'] === 'true' ||
    a['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
  return tabbed((w) => {
    w.write(0, `Name:\t${sc.metadata.name}\n`)
    w.write(0, `IsDefaultClass:\t${isDefault ? 'Yes' : 'No'}\n`)
    w.write(0, `Annotations:\t${formatLabels(sc.metadata.annotations)}\n`)
    w.write(0, `Provisioner:\t${sc.provisioner ?? ''}\n`)
    w.write(0, `Parameters:\t${formatLabels(sc.parameters)}\n`)
    w.write(
      0,
      `AllowVolumeExpansion:\t${sc.allowVolumeExpansion === undefined || sc.allowVolumeExpansion === null ? '<unset>' : sc.allowVolumeExpansion ? 'True' : 'False'}\n`,
    )
    const opts: string[] = sc.mountOptions ?? []
    if (opts.length === 0) w.write(0, 'MountOptions:\t<none>\n')
    else {
      w.write(0, 'MountOptions:\n')
      for (const o of opts) w.write(1, `${o}\n`)
    }
    if (sc.reclaimPolicy) w.write(0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`)
    if (sc.volumeBindingMode) w.write(0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`)
    describeEvents(ev, w, ctx.now)
  })
}

import type { KObject } from '../../../sim/api/types.ts'
import { humanDuration, parseTime, since } from '../age.ts'
import { canonicalQuantity } from '../quantity.ts'
import { accessModes, int } from './util.ts'
import type { KindTable, RowContext } from './types.ts'

const age = (o: KObject, ctx: RowContext) => since(o.metadata.creationTimestamp, ctx.now)

/** findNodeRoles: `node-role.kubernetes.io/<role>` keys and the `kubernetes.io/role` value, sorted. */
export function nodeRoles(node: KObject): string {
  const roles = new Set<string>()
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const r = k.slice('node-role.kubernetes.io/'.length)
      if (r) roles.add(r)
    } else if (k === 'kubernetes.io/role' && v) roles.add(v)
  }
  return [...roles].sort().join(',') || '<none>'
}

export function nodeStatus(node: KObject): string {
  const status: string[] = []
  const ready = (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready')
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady')
  if (status.length === 0) status.push('Unknown')
  if (node.spec?.unschedulable) status.push('SchedulingDisabled')
  return status.join(',')
}

function nodeAddress(node: KObject, type: string): string {
  return (node.status?.addresses ?? []).find((a: any) => a.type === type)?.address ?? '<none>'
}

export const nodeTable: KindTable = {
  columns: [
    { name: 'Name' },
    { name: 'Status' },
    { name: 'Roles' },
    { name: 'Age' },
    { name: 'Version' },
    { name: 'Internal-IP', priority: 1 },
    { name: 'External-IP', priority: 1 },
    { name: 'OS-Image', priority: 1 },
    { name: 'Kernel-Version', priority: 1 },
    { name: 'Container-Runtime', priority: 1 },
  ],
  row(o, ctx) {
    const info = o.status?.nodeInfo ?? {}
    const cells = [
      o.metadata.name ?? '',
      nodeStatus(o),
      nodeRoles(o),
      age(o, ctx),
      info.kubeletVersion ?? '',
    ]
    if (!ctx.wide) return cells
    return [
      ...cells,
      nodeAddress(o, 'InternalIP'),
      nodeAddress(o, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ]
  },
}

export const namespaceTable: KindTable = {
  columns: [{ name: 'Name' }, { name: 'Status' }, { name: 'Age' }],
  row: (o, ctx) => [o.metadata.name ?? '', o.status?.phase ?? '', age(o, ctx)],
}

/** LAST SEEN, FIRST SEEN and COUNT of an event, as printEvent derives them. */
export function eventTimes(
  ev: KObject,
  now: number,
): { last: string; first: string; count: number } {
  const firstT = parseTime(ev.firstTimestamp) ?? parseTime(ev.eventTime)
  const first = firstT === undefined ? '<unknown>' : humanDuration(now - firstT)
  let last = parseTime(ev.lastTimestamp) !== undefined ? since(ev.lastTimestamp, now) : first
  let count = int(ev.count)
  if (ev.series) {
    last = since(ev.series.lastObservedTime, now)
    count = int(ev.series.count)
  } else if (count === 0) count = 1
  return { last, first, count }
}

export const eventTable: KindTable = {
  columns: [
    { name: 'Last Seen' },
    { name: 'Type' },
    { name: 'Reason' },
    { name: 'Object' },
    { name: 'Subobject', priority: 1 },
    { name: 'Source', priority: 1 },
    { name: 'Message' },
    { name: 'First Seen', priority: 1 },
    { name: 'Count', priority: 1 },
    { name: 'Name', priority: 1 },
  ],
  row(ev, ctx) {
    const { last, first, count } = eventTimes(ev, ctx.now)
    const io = ev.involvedObject ?? ev.regarding ?? {}
    const kind = String(io.kind ?? '').toLowerCase()
    const target = io.name ? `${kind}/${io.name}` : kind
    const message = String(ev.message ?? ev.note ?? '').trim()
    if (!ctx.wide) return [last, ev.type ?? '', ev.reason ?? '', target, message]
    const component = ev.source?.component || ev.reportingController || ''
    const host = ev.source?.host || ev.reportingInstance || ''
    const source = host ? `${component}, ${host}` : component
    return [
      last,
      ev.type ?? '',
      ev.reason ?? '',
      target,
      io.fieldPath ?? '',
      source,
      message,
      first,
      count,
      ev.metadata.name ?? '',
    ]
  },
}

export const leaseTable: KindTable = {
  columns: [{ name: 'Name' }, { name: 'Holder' }, { name: 'Age' }],
  row: (o, ctx) => [o.metadata.name ?? '', o.spec?.holderIdentity ?? '', age(o, ctx)],
}

export const priorityClassTable: KindTable = {
  columns: [
    { name: 'Name' },
    { name: 'Value' },
    { name: 'Global-Default' },
    { name: 'Age' },
    { name: 'PreemptionPolicy', priority: 1 },
  ],
  row(o, ctx) {
    const cells = [o.metadata.name ?? '', int(o.value), o.globalDefault === true, age(o, ctx)]
    return ctx.wide ? [...cells, o.preemptionPolicy ?? ''] : cells
  },
}

export const componentStatusTable: KindTable = {
  columns: [{ name: 'Name' }, { name: 'Status' }, { name: 'Message' }, { name: 'Error' }],
  row(o) {
    const c = (o.conditions ?? []).find((x: any) => x.type === 'Healthy')
    const status = c ? (c.status === 'True' ? 'Healthy' : 'Unhealthy') : 'Unknown'
    return [o.metadata.name ?? '', status, c?.message ?? '', c?.error ?? '']
  },
}

function subjects(o: KObject): [string, string, string] {
  const users: string[] = []
  const groups: string[] = []
  const sas: string[] = []
  for (const s of o.subjects ?? []) {
    if (s.kind === 'User') users.push(s.name)
    else if (s.kind === 'Group') groups.push(s.name)
    else if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name}`)
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')]
}

export const roleBindingTable: KindTable = {
  columns: [
    { name: 'Name' },
    { name: 'Role' },
    { name: 'Age' },
    { name: 'Users', priority: 1 },
    { name: 'Groups', priority: 1 },
    { name: 'ServiceAccounts', priority: 1 },
  ],
  row(o, ctx) {
    const cells = [
      o.metadata.name ?? '',
      `${o.roleRef?.kind ?? ''}/${o.roleRef?.name ?? ''}`,
      age(o, ctx),
    ]
    return ctx.wide ? [...cells, ...subjects(o)] : cells
  },
}

export const runtimeClassTable: KindTable = {
  columns: [{ name: 'Name' }, { name: 'Handler' }, { name: 'Age' }],
  row: (o, ctx) => [o.metadata.name ?? '', o.handler ?? '', age(o, ctx)],
}

export const csrTable: KindTable = {
  columns: [
    { name: 'Name' },
    { name: 'Age' },
    { name: 'SignerName' },
    { name: 'Requestor' },
    { name: 'RequestedDuration' },
    { name: 'Condition' },
  ],
  row(o, ctx) {
    const types = (o.status?.conditions ?? []).map((c: any) => c.type)
    let status = types.includes('Denied')
      ? 'Denied'
      : types.includes('Approved')
        ? 'Approved'
        : 'Pending'
    if (types.includes('Failed')) status += ',Failed'
    if (o.status?.certificate) status += ',Issued'
    const exp = o.spec?.expirationSeconds
    return [
      o.metadata.name ?? '',
      age(o, ctx),
      o.spec?.signerName || '<none>',
      o.spec?.username ?? '',
      exp ? humanDuration(exp * 1000) : '<none>',
      status,
    ]
  },
}

export const persistentVolumeTable: KindTable = {
  columns: [
    { name: 'Name' },
    { name: 'Capacity' },
    { name: 'Access Modes' },
    { name: 'Reclaim Policy' },
    { name: 'Status' },
    { name: 'Claim' },
    { name: 'StorageClass' },
    { name: 'VolumeAttributesClass' },
    { name: 'Reason' },
    { name: 'Age' },
    { name: 'VolumeMode', priority: 1 },
  ],
  row(o, ctx) {
    const spec = o.spec ?? {}
    const claim = spec.claimRef
      ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}`
      : ''
    const cls =
      o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ??
      spec.storageClassName ??
      ''
    const cells = [
      o.metadata.name ?? '',
      canonicalQuantity(spec.capacity?.storage ?? '0'),
      accessModes(spec.accessModes),
      spec.persistentVolumeReclaimPolicy ?? '',
      o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? ''),
      claim,
      cls,
      spec.volumeAttributesClassName ?? '<unset>',
      o.status?.reason ?? '',
      age(o, ctx),
    ]
    // printPersistentVolume always emits VolumeMode; kubectl drops it unless -o wide
    return ctx.wide ? [...cells, spec.volumeMode ?? '<unset>'] : cells
  },
}

export const persistentVolumeClaimTable: KindTable = {
  columns: [
    { name: 'Name' },
    { name: 'Status' },
    { name: 'Volume' },
    { name: 'Capacity' },
    { name: 'Access Modes' },
    { name: 'StorageClass' },
    { name: 'VolumeAttributesClass' },
    { name: 'Age' },
    { name: 'VolumeMode', priority: 1 },
  ],
  row(o, ctx) {
    const spec = o.spec ?? {}
    const bound = Boolean(spec.volumeName)
    const cls =
      o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ??
      spec.storageClassName ??
      ''
    const cells = [
      o.metadata.name ?? '',
      o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? ''),
      spec.volumeName ?? '',
      bound ? canonicalQuantity(o.status?.capacity?.storage ?? '0') : '',
      bound ? accessModes(o.status?.accessModes) : '',
      cls,
      spec.volumeAttributesClassName ?? '<unset>',
      age(o, ctx),
    ]
    return ctx.wide ? [...cells, spec.volumeMode ?? '<unset>'] : cells
  },
}

export const storageClassTable: KindTable = {
  columns: [
    { name: 'Name' },
    { name: 'Provisioner' },
    { name: 'ReclaimPolicy' },
    { name: 'VolumeBindingMode' },
    { name: 'AllowVolumeExpansion' },
    { name: 'Age' },
  ],
  row(o, ctx) {
    const a = o.metadata.annotations ?? {}
    const isDefault =
      a['storageclass.kubernetes.io/is-default-class'] === 'true' ||
      a['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
    return [
      (o.metadata.name ?? '') + (isDefault ? ' (default)' : ''),
      o.provisioner ?? '',
      o.reclaimPolicy ?? 'Delete',
      o.volumeBindingMode ?? 'Immediate',
      o.allowVolumeExpansion === true,
      age(o, ctx),
    ]
  },
}

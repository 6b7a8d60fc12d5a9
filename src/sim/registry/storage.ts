import type { KObject, StatusCause } from '../api/types.ts'
import { fieldErr, forbidden } from '../api/errors.ts'
import { dns1123Subdomain } from '../api/names.ts'
import { registerAdmission, registerStrategy } from '../apiserver/strategy.ts'
import { quantityValue } from './quantity.ts'

type Spec = Record<string, any>

export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class'
export const PVC_PROTECTION = 'kubernetes.io/pvc-protection'
export const PV_PROTECTION = 'kubernetes.io/pv-protection'

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod']
const VOLUME_MODES = ['Block', 'Filesystem']

export function isDefaultClass(sc: KObject): boolean {
  const v = sc.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION]
  return (
    v === 'true' ||
    sc.metadata.annotations?.['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
  )
}

function validateAccessModes(modes: unknown, path: string, requiredDetail: string): StatusCause[] {
  const list: string[] = Array.isArray(modes) ? modes : []
  const out: StatusCause[] = []
  if (list.length === 0) out.push(fieldErr.required(path, requiredDetail))
  for (const m of list)
    if (!ACCESS_MODES.includes(m)) out.push(fieldErr.notSupported(path, m, ACCESS_MODES))
  if (list.includes('ReadWriteOncePod') && list.length > 1)
    out.push(fieldErr.forbidden(path, 'may not use ReadWriteOncePod with other access modes'))
  return out
}

function validateClaimSpec(spec: Spec): StatusCause[] {
  const out = validateAccessModes(
    spec.accessModes,
    'spec.accessModes',
    'at least 1 access mode is required',
  )
  const storage = spec.resources?.requests?.storage
  if (storage === undefined) out.push(fieldErr.required('spec.resources[storage]'))
  else if (!(quantityValue(storage) > 0))
    out.push(
      fieldErr.invalid('spec.resources[storage]', String(storage), 'must be greater than zero'),
    )
  if (spec.storageClassName)
    for (const m of dns1123Subdomain(spec.storageClassName))
      out.push(fieldErr.invalid('spec.storageClassName', spec.storageClassName, m))
  if (spec.volumeMode !== undefined && !VOLUME_MODES.includes(spec.volumeMode))
    out.push(fieldErr.notSupported('spec.volumeMode', spec.volumeMode, VOLUME_MODES))
  return out
}

const VOLUME_SOURCES = [
  'hostPath',
  'local',
  'nfs',
  'csi',
  'iscsi',
  'fc',
  'awsElasticBlockStore',
  'gcePersistentDisk',
  'azureDisk',
  'azureFile',
  'cephfs',
  'rbd',
  'cinder',
  'flexVolume',
  'flocker',
  'glusterfs',
  'photonPersistentDisk',
  'portworxVolume',
  'quobyte',
  'scaleIO',
  'storageos',
  'vsphereVolume',
]

function validateVolumeSpec(spec: Spec): StatusCause[] {
  const out = validateAccessModes(spec.accessModes, 'spec.accessModes', '')
  if (!spec.capacity || Object.keys(spec.capacity).length === 0)
    out.push(fieldErr.required('spec.capacity'))
  const reclaim = spec.persistentVolumeReclaimPolicy
  if (reclaim && !['Delete', 'Recycle', 'Retain'].includes(reclaim))
    out.push(
      fieldErr.notSupported('spec.persistentVolumeReclaimPolicy', reclaim, [
        'Delete',
        'Recycle',
        'Retain',
      ]),
    )
  if (!VOLUME_SOURCES.some((k) => spec[k] !== undefined))
    out.push(fieldErr.required('spec', 'must specify a volume type'))
  if (spec.storageClassName)
    for (const m of dns1123Subdomain(spec.storageClassName))
      out.push(fieldErr.invalid('spec.storageClassName', spec.storageClassName, m))
  return out
}

registerStrategy('storageclasses.storage.k8s.io', {
  defaults(obj) {
    obj.reclaimPolicy ??= 'Delete'
    obj.volumeBindingMode ??= 'Immediate'
  },
  validate(obj) {
    const out: StatusCause[] = []
    if (!obj.provisioner) out.push(fieldErr.required('provisioner'))
    if (!['Delete', 'Retain'].includes(obj.reclaimPolicy))
      out.push(fieldErr.notSupported('reclaimPolicy', obj.reclaimPolicy, ['Delete', 'Retain']))
    if (!['Immediate', 'WaitForFirstConsumer'].includes(obj.volumeBindingMode))
      out.push(
        fieldErr.notSupported('volumeBindingMode', obj.volumeBindingMode, [
          'Immediate',
          'WaitForFirstConsumer',
        ]),
      )
    return out
  },
  validateUpdate(obj, old) {
    const out: StatusCause[] = []
    if (JSON.stringify(obj.parameters ?? {}) !== JSON.stringify(old.parameters ?? {}))
      out.push(fieldErr.forbidden('parameters', 'updates to parameters are forbidden.'))
    if (obj.provisioner !== old.provisioner)
      out.push(fieldErr.forbidden('provisioner', 'updates to provisioner are forbidden.'))
    if (obj.reclaimPolicy !== old.reclaimPolicy)
      out.push(fieldErr.forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'))
    if (obj.volumeBindingMode !== old.volumeBindingMode)
      out.push(fieldErr.invalid('volumeBindingMode', obj.volumeBindingMode, 'field is immutable'))
    return out
  },
})

registerStrategy('persistentvolumes', {
  defaults(obj) {
    obj.spec ??= {}
    obj.spec.persistentVolumeReclaimPolicy ??= 'Retain'
    obj.spec.volumeMode ??= 'Filesystem'
    if (obj.spec.hostPath) obj.spec.hostPath.type ??= ''
  },
  validate: (obj) => validateVolumeSpec(obj.spec ?? {}),
  prepareCreate(obj, ctx) {
    obj.status = { phase: 'Pending', lastPhaseTransitionTime: ctx.now }
  },
})

registerStrategy('persistentvolumeclaims', {
  defaults(obj) {
    obj.spec ??= {}
    obj.spec.volumeMode ??= 'Filesystem'
  },
  validate: (obj) => validateClaimSpec(obj.spec ?? {}),
  validateUpdate(obj, old) {
    const out = validateClaimSpec(obj.spec ?? {})
    const now: Spec = structuredClone(obj.spec ?? {})
    const before: Spec = structuredClone(old.spec ?? {})
    // volumeName may be set once (binding); a bound claim may change its storage request.
    if (!before.volumeName) before.volumeName = now.volumeName
    if (obj.status?.phase === 'Bound' && now.resources?.requests)
      now.resources.requests.storage = before.resources?.requests?.storage
    if (stableJson(now) !== stableJson(before))
      out.push(
        fieldErr.forbidden(
          'spec',
          'spec is immutable after creation except resources.requests for bound claims',
        ),
      )
    const newSize = obj.spec?.resources?.requests?.storage
    const oldSize = old.spec?.resources?.requests?.storage
    if (
      newSize !== undefined &&
      oldSize !== undefined &&
      quantityValue(newSize) < quantityValue(oldSize)
    )
      out.push(
        fieldErr.forbidden(
          'spec.resources.requests.storage',
          'field can not be less than previous value',
        ),
      )
    return out
  },
  prepareCreate(obj) {
    obj.status = { phase: 'Pending' }
  },
})

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Spec)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Spec)[k])}`)
      .join(',')}}`
  return JSON.stringify(v)
}

/** PersistentVolumeClaimResize admission: growing a claim needs a class that allows expansion. */
registerAdmission({
  name: 'PersistentVolumeClaimResize',
  admit(op, obj, old, ctx) {
    if (op !== 'UPDATE' || ctx.info.id !== 'persistentvolumeclaims' || !old) return
    const newSize = obj.spec?.resources?.requests?.storage
    const oldSize = old.spec?.resources?.requests?.storage
    if (newSize === undefined || oldSize === undefined) return
    if (!(quantityValue(newSize) > quantityValue(oldSize)) || old.status?.phase !== 'Bound') return
    const cls = old.spec?.storageClassName ?? ''
    const sc =
      cls && cls === obj.spec?.storageClassName
        ? ctx.api.tryGet('storageclasses.storage.k8s.io', undefined, cls)
        : undefined
    if (sc?.allowVolumeExpansion === true) return
    throw forbidden(
      `persistentvolumeclaims "${obj.metadata.name}" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize`,
    )
  },
})

/** DefaultStorageClass admission: a claim without a class gets the default one, if there is one. */
registerAdmission({
  name: 'DefaultStorageClass',
  admit(op, obj, _old, ctx) {
    if (op !== 'CREATE' || ctx.info.id !== 'persistentvolumeclaims') return
    if (obj.spec?.storageClassName !== undefined && obj.spec.storageClassName !== null) return
    const defaults = ctx.api
      .list('storageclasses.storage.k8s.io')
      .items.filter(isDefaultClass)
      .sort((a, b) =>
        (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''),
      )
    if (defaults.length) obj.spec.storageClassName = defaults[0].metadata.name
  },
})

/** StorageObjectInUseProtection admission: claims and volumes carry their protection finalizers. */
registerAdmission({
  name: 'StorageObjectInUseProtection',
  admit(op, obj, _old, ctx) {
    if (op !== 'CREATE') return
    const f =
      ctx.info.id === 'persistentvolumeclaims'
        ? PVC_PROTECTION
        : ctx.info.id === 'persistentvolumes'
          ? PV_PROTECTION
          : undefined
    if (!f || obj.metadata.finalizers?.includes(f)) return
    obj.metadata.finalizers = [...(obj.metadata.finalizers ?? []), f]
  },
})

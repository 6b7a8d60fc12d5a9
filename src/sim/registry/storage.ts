import type { KObject, StatusCause } from '../api/types.ts'
import { fieldErr } from '../api/errors.ts'
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
    const strip = (s: Spec): string => {
      const { resources: _r, volumeName: _v, ...rest } = s ?? {}
      return JSON.stringify(rest)
    }
    // The controller may fill volumeName once; anything else but resources is fixed at creation.
    const volumeNameChanged = old.spec?.volumeName && obj.spec?.volumeName !== old.spec.volumeName
    if (strip(obj.spec) !== strip(old.spec) || volumeNameChanged)
      out.push(
        fieldErr.forbidden(
          'spec',
          'spec is immutable after creation except resources.requests for bound claims',
        ),
      )
    return out
  },
  prepareCreate(obj) {
    obj.status = { phase: 'Pending' }
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

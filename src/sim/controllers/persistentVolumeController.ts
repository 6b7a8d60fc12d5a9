import type { KObject, WatchEvent } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import { clone } from '../apiserver/store.ts'
import { matchesSelector } from '../api/selectors.ts'
import { isNotFound } from '../api/errors.ts'
import type { Controller, ControllerContext } from '../runtime/controller.ts'
import { quantityValue } from '../registry/quantity.ts'
import { PVC_PROTECTION, PV_PROTECTION } from '../registry/storage.ts'
import { isProvisionerPod, provisionVolume, runningProvisioner } from './volumeProvisioner.ts'

type Spec = Record<string, any>

const SOURCE = { component: 'persistentvolume-controller' }
export const SELECTED_NODE = 'volume.kubernetes.io/selected-node'
const BIND_COMPLETED = 'pv.kubernetes.io/bind-completed'
const BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller'
const PROVISIONER_ANNOTATIONS = [
  'volume.beta.kubernetes.io/storage-provisioner',
  'volume.kubernetes.io/storage-provisioner',
]

interface PvState {
  /** Claim key → virtual time at which the external provisioner has created the volume. */
  provisioning: Record<string, number>
}

const claimKey = (ns: string | undefined, name: string): string => `claim/${ns}/${name}`

function claimsOfPod(pod: KObject): string[] {
  const out: string[] = []
  for (const v of (pod.spec?.volumes ?? []) as Spec[]) {
    const claim = v.persistentVolumeClaim?.claimName
    if (claim) out.push(claimKey(pod.metadata.namespace, claim))
  }
  return out
}

function podUsesClaim(pod: KObject, claim: string): boolean {
  const phase = pod.status?.phase
  if (phase === 'Succeeded' || phase === 'Failed') return false
  return (pod.spec?.volumes ?? []).some((v: Spec) => v.persistentVolumeClaim?.claimName === claim)
}

function storageOf(o: Spec | undefined): number {
  return o?.storage === undefined ? 0 : quantityValue(o.storage)
}

/** Whether a static PV can satisfy a claim (findMatchingVolume). */
function matches(pv: KObject, pvc: KObject): boolean {
  const ref = pv.spec?.claimRef
  if (ref && (ref.namespace !== pvc.metadata.namespace || ref.name !== pvc.metadata.name))
    return false
  if (ref?.uid && ref.uid !== pvc.metadata.uid) return false
  if (pv.status?.phase !== 'Available' || pv.metadata.deletionTimestamp) return false
  if ((pv.spec?.storageClassName ?? '') !== (pvc.spec?.storageClassName ?? '')) return false
  if ((pv.spec?.volumeMode ?? 'Filesystem') !== (pvc.spec?.volumeMode ?? 'Filesystem')) return false
  const modes: string[] = pv.spec?.accessModes ?? []
  if (!(pvc.spec?.accessModes ?? []).every((m: string) => modes.includes(m))) return false
  if (storageOf(pv.spec?.capacity) < storageOf(pvc.spec?.resources?.requests)) return false
  if (pvc.spec?.selector && !matchesSelector(pv.metadata.labels, pvc.spec.selector)) return false
  return true
}

/**
 * kube-controller-manager's PersistentVolume binder plus the two protection controllers, and the
 * external provisioner of the default StorageClass (volumeProvisioner.ts).
 */
export class PersistentVolumeController implements Controller {
  readonly name = 'persistentvolume-binder'
  readonly watches = [
    {
      resource: 'persistentvolumeclaims',
      keys: (ev: WatchEvent) => {
        const keys = [claimKey(ev.object.metadata.namespace, ev.object.metadata.name!)]
        if (ev.object.spec?.volumeName) keys.push(`volume/${ev.object.spec.volumeName}`)
        if (ev.type === 'DELETED')
          for (const pv of this.api.list('persistentvolumes').items) {
            const ref = pv.spec?.claimRef
            if (
              ref?.namespace === ev.object.metadata.namespace &&
              ref?.name === ev.object.metadata.name
            )
              keys.push(`volume/${pv.metadata.name}`)
          }
        return keys
      },
    },
    {
      resource: 'persistentvolumes',
      keys: (ev: WatchEvent) => {
        const keys = [`volume/${ev.object.metadata.name}`]
        const ref = ev.object.spec?.claimRef
        if (ref) keys.push(claimKey(ref.namespace, ref.name))
        // A new or freed volume may satisfy a claim that waits.
        if (ev.object.status?.phase === 'Available')
          for (const c of this.api.list('persistentvolumeclaims').items)
            if (c.status?.phase === 'Pending')
              keys.push(claimKey(c.metadata.namespace, c.metadata.name!))
        return keys
      },
    },
    {
      resource: 'pods',
      keys: (ev: WatchEvent) => {
        const own = claimsOfPod(ev.object)
        const sameVolumes = !ev.old || ev.old.spec?.volumes === ev.object.spec?.volumes
        if (!own.length && sameVolumes && !isProvisionerPod(ev.object)) return own
        const keys = new Set(own)
        // A write that kept the volumes (status, binding) names no other claims.
        if (!sameVolumes) for (const c of claimsOfPod(ev.old!)) keys.add(c)
        if (isProvisionerPod(ev.object))
          for (const c of this.api.list('persistentvolumeclaims').items)
            if (c.status?.phase === 'Pending')
              keys.add(claimKey(c.metadata.namespace, c.metadata.name!))
        return [...keys]
      },
    },
  ]
  private state: PvState = { provisioning: {} }

  constructor(private readonly api: ApiServer) {}

  initialKeys(ctx: ControllerContext): string[] {
    return [
      ...ctx.api
        .list('persistentvolumeclaims')
        .items.map((c) => claimKey(c.metadata.namespace, c.metadata.name!)),
      ...ctx.api.list('persistentvolumes').items.map((v) => `volume/${v.metadata.name}`),
    ]
  }

  reconcile(key: string, ctx: ControllerContext): void {
    if (key.startsWith('volume/')) return this.syncVolume(key.slice(7), ctx)
    const [, ns, name] = key.split('/')
    this.syncClaim(ns, name, key, ctx)
  }

  private syncClaim(ns: string, name: string, key: string, ctx: ControllerContext): void {
    const pvc = ctx.api.tryGet('persistentvolumeclaims', ns, name)
    if (!pvc) {
      delete this.state.provisioning[key]
      return
    }
    if (pvc.metadata.deletionTimestamp) return this.releaseClaimProtection(pvc, ctx)
    if (pvc.status?.phase === 'Bound') return
    const volumeName = pvc.spec?.volumeName
    if (volumeName) {
      const pv = ctx.api.tryGet('persistentvolumes', undefined, volumeName)
      if (pv && (pv.status?.phase === 'Available' || pv.spec?.claimRef?.uid === pvc.metadata.uid))
        this.bind(pv, pvc, ctx)
      return
    }
    const scName: string = pvc.spec?.storageClassName ?? ''
    const sc = scName
      ? ctx.api.tryGet('storageclasses.storage.k8s.io', undefined, scName)
      : undefined
    const delayed = sc?.volumeBindingMode === 'WaitForFirstConsumer'
    const node = pvc.metadata.annotations?.[SELECTED_NODE]
    if (delayed && !node) {
      ctx.recorder.normal(
        pvc,
        'WaitForFirstConsumer',
        'waiting for first consumer to be created before binding',
        {
          source: SOURCE,
        },
      )
      return
    }
    const candidates = ctx.api
      .list('persistentvolumes')
      .items.filter((pv) => matches(pv, pvc))
      .sort((a, b) => storageOf(a.spec?.capacity) - storageOf(b.spec?.capacity))
    if (candidates.length) return this.bind(candidates[0], pvc, ctx)
    if (!scName) {
      ctx.recorder.warning(
        pvc,
        'FailedBinding',
        'no persistent volumes available for this claim and no storage class is set',
        { source: SOURCE },
      )
      return
    }
    if (!sc) {
      ctx.recorder.warning(
        pvc,
        'ProvisioningFailed',
        `storageclass.storage.k8s.io "${scName}" not found`,
        {
          source: SOURCE,
        },
      )
      return
    }
    this.provision(pvc, sc, node, key, ctx)
  }

  private provision(
    pvc: KObject,
    sc: KObject,
    node: string | undefined,
    key: string,
    ctx: ControllerContext,
  ): void {
    const provisioner: string = sc.provisioner
    if (provisioner === 'kubernetes.io/no-provisioner') {
      ctx.recorder.normal(pvc, 'WaitForPodScheduled', 'waiting for pod to be scheduled', {
        source: SOURCE,
      })
      return
    }
    if (!PROVISIONER_ANNOTATIONS.every((a) => pvc.metadata.annotations?.[a] === provisioner)) {
      const next = clone(pvc)
      next.metadata.annotations = { ...(next.metadata.annotations ?? {}) }
      for (const a of PROVISIONER_ANNOTATIONS) next.metadata.annotations[a] = provisioner
      ctx.api.update('persistentvolumeclaims', next, { internal: true })
      ctx.recorder.normal(
        pvc,
        'ExternalProvisioning',
        `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
        { source: SOURCE },
      )
      return
    }
    // The provisioner's pod wakes waiting claims when it starts (see the pods watch).
    const identity = runningProvisioner(ctx.api, provisioner)
    if (!identity) return
    const source = { component: identity }
    const due = this.state.provisioning[key]
    const delay = ctx.profile.name === 'fast' ? 0 : 1_000
    if (due === undefined) {
      ctx.recorder.normal(
        pvc,
        'Provisioning',
        `External provisioner is provisioning volume for claim "${pvc.metadata.namespace}/${pvc.metadata.name}"`,
        { source },
      )
      this.state.provisioning[key] = ctx.clock.now() + delay
      ctx.requeueAt(key, this.state.provisioning[key])
      return
    }
    if (ctx.clock.now() < due) return ctx.requeueAt(key, due)
    delete this.state.provisioning[key]
    const pv = provisionVolume(pvc, sc, node)
    if (!ctx.api.tryGet('persistentvolumes', undefined, pv.metadata.name!))
      ctx.api.create('persistentvolumes', pv, { internal: true })
    ctx.recorder.normal(
      pvc,
      'ProvisioningSucceeded',
      `Successfully provisioned volume ${pv.metadata.name}`,
      { source },
    )
  }

  private bind(pv: KObject, pvc: KObject, ctx: ControllerContext): void {
    const now = ctx.clock.iso()
    if (pv.spec?.claimRef?.uid !== pvc.metadata.uid || pv.status?.phase !== 'Bound') {
      const nextPv = clone(pv)
      const byController = !pv.spec?.claimRef
      nextPv.spec.claimRef = {
        kind: 'PersistentVolumeClaim',
        namespace: pvc.metadata.namespace,
        name: pvc.metadata.name,
        uid: pvc.metadata.uid,
        apiVersion: 'v1',
        resourceVersion: pvc.metadata.resourceVersion,
      }
      if (byController)
        nextPv.metadata.annotations = {
          ...(nextPv.metadata.annotations ?? {}),
          [BOUND_BY_CONTROLLER]: 'yes',
        }
      const stored = ctx.api.update('persistentvolumes', nextPv, { internal: true }).object
      ctx.api.updateStatus('persistentvolumes', {
        ...stored,
        status: { phase: 'Bound', lastPhaseTransitionTime: now },
      })
    }
    const nextPvc = clone(pvc)
    nextPvc.spec.volumeName = pv.metadata.name
    nextPvc.metadata.annotations = {
      ...(nextPvc.metadata.annotations ?? {}),
      [BIND_COMPLETED]: 'yes',
      ...(pvc.spec?.volumeName ? {} : { [BOUND_BY_CONTROLLER]: 'yes' }),
    }
    const stored = ctx.api.update('persistentvolumeclaims', nextPvc, { internal: true }).object
    ctx.api.updateStatus('persistentvolumeclaims', {
      ...stored,
      status: {
        phase: 'Bound',
        accessModes: pv.spec?.accessModes,
        capacity: pv.spec?.capacity,
      },
    })
  }

  /** pvc-protection: the finalizer goes once no running pod uses the claim. */
  private releaseClaimProtection(pvc: KObject, ctx: ControllerContext): void {
    if (!pvc.metadata.finalizers?.includes(PVC_PROTECTION)) return
    const inUse = ctx.api
      .list('pods', { namespace: pvc.metadata.namespace })
      .items.some((p) => podUsesClaim(p, pvc.metadata.name!))
    if (inUse) return
    const next = clone(pvc)
    next.metadata.finalizers = next.metadata.finalizers!.filter((f) => f !== PVC_PROTECTION)
    ctx.api.update('persistentvolumeclaims', next, { internal: true })
  }

  private syncVolume(name: string, ctx: ControllerContext): void {
    const pv = ctx.api.tryGet('persistentvolumes', undefined, name)
    if (!pv) return
    const phase = pv.status?.phase
    if (pv.metadata.deletionTimestamp) {
      // pv-protection: a volume leaves only when no claim is bound to it.
      if (phase !== 'Bound' && pv.metadata.finalizers?.includes(PV_PROTECTION)) {
        const next = clone(pv)
        next.metadata.finalizers = next.metadata.finalizers!.filter((f) => f !== PV_PROTECTION)
        ctx.api.update('persistentvolumes', next, { internal: true })
      }
      return
    }
    const ref = pv.spec?.claimRef
    const setPhase = (p: string): void => {
      ctx.api.updateStatus('persistentvolumes', {
        ...pv,
        status: { phase: p, lastPhaseTransitionTime: ctx.clock.iso() },
      })
    }
    if (!ref) {
      if (phase !== 'Available') setPhase('Available')
      return
    }
    const claim = ctx.api.tryGet('persistentvolumeclaims', ref.namespace, ref.name)
    const claimGone = !claim || (ref.uid && claim.metadata.uid !== ref.uid)
    if (!claimGone) {
      if (phase === 'Pending') setPhase('Available')
      return
    }
    if (!ref.uid) {
      if (phase !== 'Available') setPhase('Available')
      return
    }
    if (phase !== 'Released' && phase !== 'Failed') setPhase('Released')
    if (pv.spec?.persistentVolumeReclaimPolicy === 'Delete') {
      try {
        ctx.api.delete('persistentvolumes', undefined, name, { internal: true })
      } catch (e) {
        if (!isNotFound(e)) throw e
      }
    }
  }

  saveState(): PvState {
    return structuredClone(this.state)
  }

  loadState(state: unknown): void {
    this.state = structuredClone(state as PvState)
  }
}

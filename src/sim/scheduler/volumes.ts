import type { KObject } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import { clone } from '../apiserver/store.ts'
import { termMatches } from './nodeAffinity.ts'
import { PreFilterReject, unresolvable, type Cycle, type FilterPlugin } from './framework.ts'

export interface VolumeState {
  /** Bound PersistentVolumes whose node affinity limits where the pod can go. */
  boundPVs: KObject[]
  /** Claims that wait for the scheduler's choice (WaitForFirstConsumer) before being provisioned. */
  delayed: KObject[]
}

function claimNames(pod: KObject): { claim: string; ephemeral: boolean }[] {
  const out: { claim: string; ephemeral: boolean }[] = []
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName)
      out.push({ claim: v.persistentVolumeClaim.claimName, ephemeral: false })
    else if (v.ephemeral) out.push({ claim: `${pod.metadata.name}-${v.name}`, ephemeral: true })
  }
  return out
}

function isDelayedBinding(c: Cycle, pvc: KObject): boolean {
  const scName = pvc.spec?.storageClassName
  if (!scName) return false
  const sc = c.api.tryGet('storageclasses.storage.k8s.io', undefined, scName)
  return sc?.volumeBindingMode === 'WaitForFirstConsumer'
}

/**
 * VolumeBinding PreFilter: every claim must exist, and claims that bind immediately must already
 * be bound. Claims of a WaitForFirstConsumer class are provisioned after the node is chosen.
 */
export const volumeBindingFilter: FilterPlugin = {
  name: 'VolumeBinding',
  preFilter(c) {
    const claims = claimNames(c.pod)
    if (claims.length === 0) return false
    const state: VolumeState = { boundPVs: [], delayed: [] }
    let unboundImmediate = false
    for (const { claim, ephemeral } of claims) {
      const pvc = c.api.tryGet('persistentvolumeclaims', c.info.namespace, claim)
      if (!pvc) {
        throw new PreFilterReject(
          ephemeral
            ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${claim}"`
            : `persistentvolumeclaim "${claim}" not found`,
        )
      }
      if (pvc.metadata.deletionTimestamp)
        throw new PreFilterReject(`persistentvolumeclaim "${claim}" is being deleted`)
      const volumeName = pvc.spec?.volumeName
      if (volumeName) {
        const pv = c.api.tryGet('persistentvolumes', undefined, volumeName)
        if (pv) state.boundPVs.push(pv)
      } else if (isDelayedBinding(c, pvc)) state.delayed.push(pvc)
      else unboundImmediate = true
    }
    if (unboundImmediate)
      throw new PreFilterReject('pod has unbound immediate PersistentVolumeClaims')
    c.state.set('VolumeBinding', state)
    return state.boundPVs.some((pv) => pv.spec?.nodeAffinity?.required)
  },
  filter(c, node) {
    const state = c.state.get('VolumeBinding') as VolumeState
    for (const pv of state.boundPVs) {
      const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms
      if (!terms) continue
      if (!terms.some((t: object) => termMatches(t, node)))
        return unresolvable('node(s) had volume node affinity conflict')
    }
    return null
  },
}

/** VolumeRestrictions: a ReadWriteOncePod claim may be used by one pod in the whole cluster. */
export const volumeRestrictionsFilter: FilterPlugin = {
  name: 'VolumeRestrictions',
  preFilter(c) {
    for (const { claim } of claimNames(c.pod)) {
      const pvc = c.api.tryGet('persistentvolumeclaims', c.info.namespace, claim)
      if (!pvc?.spec?.accessModes?.includes('ReadWriteOncePod')) continue
      for (const e of c.cache.entries.values()) {
        if (e.namespace !== c.info.namespace || e.key === c.info.key) continue
        const other = c.api.tryGet('pods', e.namespace, e.key.slice(e.namespace.length + 1))
        const uses = (other?.spec?.volumes ?? []).some(
          (v: any) => v.persistentVolumeClaim?.claimName === claim,
        )
        if (uses)
          throw new PreFilterReject(
            'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode',
            'Unschedulable',
          )
      }
    }
    return false
  },
  filter: () => null,
}

/**
 * VolumeBinding PreBind: claims waiting for a consumer learn the chosen node through the
 * `volume.kubernetes.io/selected-node` annotation, which the provisioner acts on. The pod is bound
 * only once they are bound (a later attempt, woken by the claim's update).
 */
export function preBindVolumes(c: Cycle, node: string, ctx: { api: ApiServer }): boolean {
  const state = c.state.get('VolumeBinding') as VolumeState | undefined
  if (!state?.delayed.length) return true
  for (const pvc of state.delayed) {
    if (pvc.metadata.annotations?.[SELECTED_NODE] === node) continue
    const next = clone(pvc)
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [SELECTED_NODE]: node }
    ctx.api.update('persistentvolumeclaims', next, { internal: true })
  }
  return false
}

const SELECTED_NODE = 'volume.kubernetes.io/selected-node'

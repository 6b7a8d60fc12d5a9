// Revisions and the new ReplicaSet (getNewReplicaSet and SetNewReplicaSetAnnotations of sync.go
// and deployment_util.go): revision numbers, revision-history on reuse, copied annotations.
import type { KObject } from '../../api/types.ts'
import { isStatusError } from '../../api/errors.ts'
import { clone } from '../../apiserver/store.ts'
import { controllerRef } from '../podStatus.ts'
import type { DeploymentSync } from './context.ts'
import { computeHash, equalIgnoreHash, HASH_LABEL } from './hash.ts'
import {
  DESIRED_REPLICAS,
  getCondition,
  hasProgressDeadline,
  MAX_REPLICAS,
  maxRevision,
  maxSurge,
  newCondition,
  newRSNewReplicas,
  Reason,
  replicasOf,
  REVISION,
  REVISION_HISTORY,
  setCondition,
  SKIP_COPY,
} from './util.ts'

/** Limit on revision-history (maxRevHistoryLengthInChars). */
const MAX_REV_HISTORY_CHARS = 2000

function copyAnnotations(d: KObject, rs: KObject): boolean {
  let changed = false
  const annotations = { ...(rs.metadata.annotations ?? {}) }
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIP_COPY.has(k) || annotations[k] === v) continue
    annotations[k] = v
    changed = true
  }
  rs.metadata.annotations = annotations
  return changed
}

/** SetReplicasAnnotations: desired-replicas and max-replicas; true when they changed. */
export function setReplicasAnnotations(rs: KObject, desired: number, max: number): boolean {
  const a = { ...(rs.metadata.annotations ?? {}) }
  const want = [String(desired), String(max)]
  if (a[DESIRED_REPLICAS] === want[0] && a[MAX_REPLICAS] === want[1]) return false
  a[DESIRED_REPLICAS] = want[0]
  a[MAX_REPLICAS] = want[1]
  rs.metadata.annotations = a
  return true
}

export function replicasAnnotationsNeedUpdate(rs: KObject, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {}
  return a[DESIRED_REPLICAS] !== String(desired) || a[MAX_REPLICAS] !== String(max)
}

/** SetNewReplicaSetAnnotations; a ReplicaSet moving to a newer revision keeps its old numbers. */
export function setNewReplicaSetAnnotations(
  d: KObject,
  rs: KObject,
  newRevision: string,
  exists: boolean,
): boolean {
  let changed = copyAnnotations(d, rs)
  const a = rs.metadata.annotations!
  const had = Object.prototype.hasOwnProperty.call(a, REVISION)
  const oldRevision = a[REVISION] ?? ''
  let oldInt = Number(oldRevision)
  if (oldRevision === '' || !Number.isInteger(oldInt)) {
    if (oldRevision !== '') return false
    oldInt = 0
  }
  const newInt = Number(newRevision)
  if (oldInt < newInt) {
    a[REVISION] = newRevision
    changed = true
  }
  if (had && oldInt < newInt) {
    const history = a[REVISION_HISTORY] ?? ''
    if (history === '') {
      a[REVISION_HISTORY] = oldRevision
    } else {
      const parts = history.split(',')
      let total = history.length + oldRevision.length + 1
      let start = 0
      while (total > MAX_REV_HISTORY_CHARS && start < parts.length) {
        total -= parts[start].length + 1
        start++
      }
      if (total <= MAX_REV_HISTORY_CHARS)
        a[REVISION_HISTORY] = [...parts.slice(start), oldRevision].join(',')
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d)))
    changed = true
  return changed
}

/** SetDeploymentRevision on the working copy; true when it changed. */
function setDeploymentRevision(d: KObject, revision: string): boolean {
  if (d.metadata.annotations?.[REVISION] === revision) return false
  d.metadata.annotations = { ...(d.metadata.annotations ?? {}), [REVISION]: revision }
  return true
}

/**
 * getNewReplicaSet: finds the ReplicaSet matching the template (bringing its revision forward when
 * it is an old one being reused), or creates it when `create` is set.
 */
export function getNewReplicaSet(
  s: DeploymentSync,
  rsList: KObject[],
  oldRSs: KObject[],
  existing: KObject | undefined,
  create: boolean,
): KObject | undefined {
  const d = s.d
  const newRevision = String(maxRevision(oldRSs) + 1)
  if (existing) {
    // The informer cache upstream catches up with its own writes; read the stored copy so a
    // second pass in the same sync (isScalingEvent, then the rollout) does not write stale data.
    const copy = clone(
      s.ctx.api.tryGet('replicasets.apps', existing.metadata.namespace, existing.metadata.name!) ??
        existing,
    )
    const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true)
    const minReady = d.spec.minReadySeconds ?? 0
    if (annotationsUpdated || (copy.spec.minReadySeconds ?? 0) !== minReady) {
      if (minReady) copy.spec.minReadySeconds = minReady
      else delete copy.spec.minReadySeconds
      return s.ctx.api.update('replicasets.apps', copy, { internal: true }).object
    }
    let needsUpdate = setDeploymentRevision(d, copy.metadata.annotations?.[REVISION] ?? '')
    if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
      const msg = `Found new replica set "${copy.metadata.name}"`
      setCondition(d.status, newCondition('Progressing', 'True', Reason.FoundNewRS, msg, s.now()))
      needsUpdate = true
    }
    if (needsUpdate) s.writeStatus(true)
    return copy
  }
  if (!create) return undefined

  const collisionCount = d.status?.collisionCount
  const template = clone(d.spec.template)
  const hash = computeHash(template, collisionCount)
  template.metadata = template.metadata ?? {}
  template.metadata.labels = { ...(template.metadata.labels ?? {}), [HASH_LABEL]: hash }
  const selector = clone(d.spec.selector)
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash }
  const rs: KObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels: { ...template.metadata.labels },
      ownerReferences: [controllerRef(d)],
    },
    spec: { replicas: 0, selector, template },
  }
  if (d.spec.minReadySeconds) rs.spec.minReadySeconds = d.spec.minReadySeconds
  const count = newRSNewReplicas(d, [...oldRSs, rs], rs)
  rs.spec.replicas = count
  setNewReplicaSetAnnotations(d, rs, newRevision, false)

  let created: KObject
  let alreadyExisted = false
  try {
    created = s.ctx.api.create('replicasets.apps', rs, { internal: true }).object
  } catch (err) {
    if (isStatusError(err) && err.code === 409) {
      const found = s.ctx.api.tryGet('replicasets.apps', d.metadata.namespace, rs.metadata.name!)
      const ref = found?.metadata.ownerReferences?.find((r) => r.controller)
      if (
        found &&
        ref?.uid === d.metadata.uid &&
        equalIgnoreHash(d.spec.template, found.spec.template)
      ) {
        created = found
        alreadyExisted = true
      } else {
        // A hash collision: bump collisionCount so the next sync computes another name.
        d.status.collisionCount = (collisionCount ?? 0) + 1
        s.writeStatus(false)
        throw err
      }
    } else if (
      isStatusError(err) &&
      (err.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')
    ) {
      throw err
    } else {
      const message = err instanceof Error ? err.message : String(err)
      const msg = `Failed to create new replica set "${rs.metadata.name}": ${message}`
      if (hasProgressDeadline(d)) {
        setCondition(
          d.status,
          newCondition('Progressing', 'False', Reason.FailedRSCreate, msg, s.now()),
        )
        s.writeStatus(false)
      }
      s.ctx.recorder.warning(d, Reason.FailedRSCreate, msg, { source: s.source })
      throw err
    }
  }
  if (!alreadyExisted && count > 0)
    s.event(`Scaled up replica set ${created.metadata.name} to ${count}`)
  let needsUpdate = setDeploymentRevision(d, newRevision)
  if (!alreadyExisted && hasProgressDeadline(d)) {
    const msg = `Created new replica set "${created.metadata.name}"`
    setCondition(d.status, newCondition('Progressing', 'True', Reason.NewRSCreated, msg, s.now()))
    needsUpdate = true
  }
  if (needsUpdate) s.writeStatus(true)
  return created
}

// deployment_controller.go: syncDeployment, ReplicaSet adoption, and what wakes a Deployment.
import type { KObject, WatchEvent } from '../../api/types.ts'
import { isNotFound } from '../../api/errors.ts'
import { matchesSelector } from '../../api/selectors.ts'
import type { ApiServer } from '../../apiserver/apiServer.ts'
import { clone } from '../../apiserver/store.ts'
import {
  controllerOwnerKey,
  keyOf,
  splitKey,
  type Controller,
  type ControllerContext,
} from '../../runtime/controller.ts'
import { controllerOf, controllerRef } from '../podStatus.ts'
import { DeploymentSync } from './context.ts'
import { checkPausedConditions } from './progress.ts'
import { rolloutRecreate } from './recreate.ts'
import { rolloutRolling } from './rolling.ts'
import { allReplicaSets, isScalingEvent, syncDeploymentStatus, syncScale } from './sync.ts'

const RS = 'replicasets.apps'
const DEPLOY = 'deployments.apps'

/** getReplicaSetsForDeployment: ClaimReplicaSets over the namespace's ReplicaSets. */
function claimReplicaSets(ctx: ControllerContext, d: KObject): KObject[] {
  const out: KObject[] = []
  for (const rs of ctx.api.list(RS, { namespace: d.metadata.namespace }).items) {
    const ref = controllerOf(rs)
    const matches = matchesSelector(rs.metadata.labels, d.spec.selector)
    if (ref) {
      if (ref.uid !== d.metadata.uid) continue
      if (matches) out.push(rs)
      else if (!d.metadata.deletionTimestamp)
        writeRS(ctx, rs, (c) => {
          const refs = (c.metadata.ownerReferences ?? []).filter((r) => r.uid !== d.metadata.uid)
          if (refs.length) c.metadata.ownerReferences = refs
          else delete c.metadata.ownerReferences
        })
      continue
    }
    if (!matches || d.metadata.deletionTimestamp || rs.metadata.deletionTimestamp) continue
    const adopted = writeRS(ctx, rs, (c) => {
      c.metadata.ownerReferences = [...(c.metadata.ownerReferences ?? []), controllerRef(d)]
    })
    if (adopted) out.push(adopted)
  }
  return out
}

function writeRS(
  ctx: ControllerContext,
  rs: KObject,
  change: (c: KObject) => void,
): KObject | undefined {
  const copy = clone(rs)
  change(copy)
  try {
    return ctx.api.update(RS, copy, { internal: true }).object
  } catch (err) {
    if (isNotFound(err)) return undefined
    throw err
  }
}

/** Deployments a ReplicaSet event concerns: its controller, or for an orphan every selecting one. */
function replicaSetKeys(api: ApiServer) {
  return (ev: WatchEvent): string[] => {
    const keys = new Set<string>()
    for (const o of ev.old ? [ev.object, ev.old] : [ev.object]) {
      const k = controllerOwnerKey(o, 'Deployment')
      if (k) keys.add(k)
    }
    if (!controllerOf(ev.object) && ev.type !== 'DELETED') {
      for (const d of api.list(DEPLOY, { namespace: ev.object.metadata.namespace }).items)
        if (matchesSelector(ev.object.metadata.labels, d.spec?.selector)) keys.add(keyOf(d))
    }
    return [...keys]
  }
}

/** A deleted pod wakes its Deployment: Recreate waits for the last old pod to go. */
function podKeys(api: ApiServer) {
  return (ev: WatchEvent): string[] => {
    if (ev.type !== 'DELETED') return []
    const ref = controllerOf(ev.object)
    if (ref?.kind !== 'ReplicaSet') return []
    const rs = api.tryGet(RS, ev.object.metadata.namespace, ref.name)
    const k = rs && controllerOwnerKey(rs, 'Deployment')
    return k ? [k] : []
  }
}

function syncDeployment(ctx: ControllerContext, key: string): void {
  const { namespace, name } = splitKey(key)
  const stored = ctx.api.tryGet(DEPLOY, namespace, name)
  if (!stored) return
  const s = new DeploymentSync(ctx, stored)
  const rsList = claimReplicaSets(ctx, s.d)
  if (s.d.metadata.deletionTimestamp) {
    const { newRS, oldRSs } = allReplicaSets(s, rsList, false)
    syncDeploymentStatus(s, [...oldRSs, newRS], newRS)
    return
  }
  checkPausedConditions(s)
  if (s.d.spec.paused || isScalingEvent(s, rsList)) {
    syncScale(s, rsList)
    return
  }
  if (s.d.spec.strategy?.type === 'Recreate') rolloutRecreate(s, rsList)
  else rolloutRolling(s, rsList)
}

/** The controller; `api` serves the reads that decide which Deployments an event wakes. */
export function deploymentController(api: ApiServer): Controller {
  return {
    name: 'deployment',
    watches: [
      { resource: DEPLOY, keys: (ev) => (ev.type === 'DELETED' ? [] : [keyOf(ev.object)]) },
      { resource: RS, keys: replicaSetKeys(api) },
      { resource: 'pods', keys: podKeys(api) },
    ],
    initialKeys: (ctx) => ctx.api.list(DEPLOY).items.map(keyOf),
    reconcile: (key, ctx) => syncDeployment(ctx, key),
  }
}

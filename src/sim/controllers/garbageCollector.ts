// The garbage collector (pkg/controller/garbagecollector): dependents of a removed owner are
// deleted (Background), an owner with `foregroundDeletion` waits for its blocking dependents, and
// one with `orphan` strips its ownerReferences from the dependents before it goes.
import type { KObject, OwnerReference, WatchEvent } from '../api/types.ts'
import { isNotFound } from '../api/errors.ts'
import { RESOURCES, resourceForKind, storageId } from '../api/resources.ts'
import type { ApiServer, PropagationPolicy } from '../apiserver/apiServer.ts'
import { clone, objectKey } from '../apiserver/store.ts'
import type { Controller, ControllerContext } from '../runtime/controller.ts'

const FOREGROUND = 'foregroundDeletion'
const ORPHAN = 'orphan'
const SEP = '\u0000'

/** Every stored resource that objects can own or depend on (events never take part). */
function watchedResources(): string[] {
  return RESOURCES.filter(
    (r) => storageId(r) === r.id && r.id !== 'events' && r.verbs.includes('delete'),
  ).map((r) => r.id)
}

function hasFinalizer(o: KObject, f: string): boolean {
  return o.metadata.finalizers?.includes(f) ?? false
}

function deletingDependents(o: KObject): boolean {
  return !!o.metadata.deletionTimestamp && hasFinalizer(o, FOREGROUND)
}

function itemKey(resource: string, o: KObject): string {
  return ['item', resource, objectKey(o.metadata.namespace, o.metadata.name!)].join(SEP)
}

function ownerKey(o: KObject, ref: OwnerReference): string {
  return ['owner', ref.apiVersion, ref.kind, o.metadata.namespace ?? '', ref.name, ref.uid].join(
    SEP,
  )
}

function keysFor(api: ApiServer) {
  return (ev: WatchEvent): string[] => {
    const o = ev.object
    const keys: string[] = []
    if (ev.type === 'DELETED') {
      if (api.store.dependents(o.metadata.uid!).length)
        keys.push(['gone', o.metadata.uid].join(SEP))
    } else if (hasFinalizer(o, ORPHAN) || hasFinalizer(o, FOREGROUND)) {
      if (o.metadata.deletionTimestamp) keys.push(itemKey(ev.resource, o))
    }
    // A dependent that appears, changes owners, starts or finishes deleting: its owners re-check.
    const oldRefs = ev.old?.metadata.ownerReferences
    // Most writes (status) keep the stored references array itself: no text to compare.
    const refsChanged =
      ev.type !== 'MODIFIED' ||
      (o.metadata.ownerReferences !== oldRefs &&
        JSON.stringify(o.metadata.ownerReferences) !== JSON.stringify(oldRefs)) ||
      o.metadata.deletionTimestamp !== ev.old?.metadata.deletionTimestamp
    if (refsChanged) for (const ref of o.metadata.ownerReferences ?? []) keys.push(ownerKey(o, ref))
    return keys
  }
}

type Resolution = { state: 'solid' | 'dangling' | 'waiting' | 'unknown'; owner?: KObject }

function resolveOwner(api: ApiServer, dependent: KObject, ref: OwnerReference): Resolution {
  const info = resourceForKind(ref.apiVersion, ref.kind)
  if (!info) return { state: 'unknown' }
  const owner = api.tryGet(
    info.id,
    info.namespaced ? dependent.metadata.namespace : undefined,
    ref.name,
  )
  if (!owner || owner.metadata.uid !== ref.uid) return { state: 'dangling' }
  return { state: deletingDependents(owner) ? 'waiting' : 'solid', owner }
}

function lookup(api: ApiServer, resource: string, key: string): KObject | undefined {
  return api.store.get(resource, key)
}

function write(ctx: ControllerContext, resource: string, o: KObject): void {
  try {
    ctx.api.update(resource, o, { internal: true })
  } catch (err) {
    if (!isNotFound(err)) throw err
  }
}

function remove(
  ctx: ControllerContext,
  resource: string,
  o: KObject,
  policy: PropagationPolicy,
): void {
  try {
    ctx.api.delete(resource, o.metadata.namespace, o.metadata.name!, {
      propagationPolicy: policy,
      internal: true,
    })
  } catch (err) {
    if (!isNotFound(err)) throw err
  }
}

/** attemptToDeleteItem: delete a dependent whose owners are all gone or all deleting in foreground. */
function attemptToDelete(ctx: ControllerContext, resource: string, item: KObject): void {
  if (item.metadata.deletionTimestamp && !deletingDependents(item)) return
  const refs = item.metadata.ownerReferences ?? []
  if (refs.length === 0) return
  const solid: OwnerReference[] = []
  const dangling: OwnerReference[] = []
  const waiting: OwnerReference[] = []
  for (const ref of refs) {
    const r = resolveOwner(ctx.api, item, ref)
    if (r.state === 'dangling') dangling.push(ref)
    else if (r.state === 'waiting') waiting.push(ref)
    else solid.push(ref)
  }
  if (solid.length) {
    if (dangling.length === 0 && waiting.length === 0) return
    // Another owner still holds it: only the references to the departing owners go.
    const drop = new Set([...dangling, ...waiting].map((r) => r.uid))
    const copy = clone(item)
    copy.metadata.ownerReferences = refs.filter((r) => !drop.has(r.uid))
    write(ctx, resource, copy)
    return
  }
  const deps = waiting.length ? dependentsOf(ctx, item.metadata.uid!) : []
  if (deps.length) {
    // It blocks a foreground deletion and has dependents itself: cascade in foreground. A
    // dependent already deleting its own dependents hints at a cycle; then stop blocking the
    // owners first, as upstream does, so nothing waits on itself.
    if (deps.some(([, dep]) => deletingDependents(dep))) {
      const copy = clone(item)
      copy.metadata.ownerReferences = refs.map((r) =>
        r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r,
      )
      write(ctx, resource, copy)
    }
    remove(ctx, resource, item, 'Foreground')
    return
  }
  const policy: PropagationPolicy = hasFinalizer(item, ORPHAN)
    ? 'Orphan'
    : hasFinalizer(item, FOREGROUND)
      ? 'Foreground'
      : 'Background'
  remove(ctx, resource, item, policy)
}

function dependentsOf(ctx: ControllerContext, uid: string): [string, KObject][] {
  const out: [string, KObject][] = []
  for (const [res, key] of ctx.api.store.dependents(uid)) {
    const o = lookup(ctx.api, res, key)
    if (o) out.push([res, o])
  }
  return out
}

function removeFinalizer(ctx: ControllerContext, resource: string, o: KObject, f: string): void {
  const copy = clone(o)
  copy.metadata.finalizers = (copy.metadata.finalizers ?? []).filter((x) => x !== f)
  if (copy.metadata.finalizers.length === 0) delete copy.metadata.finalizers
  write(ctx, resource, copy)
}

/** processDeletingDependentsItem: the owner goes once no dependent blocks it any more. */
function processForeground(ctx: ControllerContext, resource: string, owner: KObject): void {
  const uid = owner.metadata.uid!
  const blocking = dependentsOf(ctx, uid).filter(([, dep]) =>
    dep.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion),
  )
  if (blocking.length === 0) {
    removeFinalizer(ctx, resource, owner, FOREGROUND)
    return
  }
  for (const [res, dep] of blocking) if (!deletingDependents(dep)) attemptToDelete(ctx, res, dep)
}

/** orphanDependents, then the orphan finalizer comes off. */
function orphan(ctx: ControllerContext, resource: string, owner: KObject): void {
  const uid = owner.metadata.uid!
  for (const [res, dep] of dependentsOf(ctx, uid)) {
    const copy = clone(dep)
    const refs = (copy.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid)
    if (refs.length) copy.metadata.ownerReferences = refs
    else delete copy.metadata.ownerReferences
    write(ctx, res, copy)
  }
  removeFinalizer(ctx, resource, owner, ORPHAN)
}

function reconcile(key: string, ctx: ControllerContext): void {
  const parts = key.split(SEP)
  if (parts[0] === 'gone') {
    for (const [res, dep] of dependentsOf(ctx, parts[1])) attemptToDelete(ctx, res, dep)
    return
  }
  if (parts[0] === 'item') {
    const o = lookup(ctx.api, parts[1], parts[2])
    if (!o?.metadata.deletionTimestamp) return
    if (hasFinalizer(o, ORPHAN)) orphan(ctx, parts[1], o)
    const latest = lookup(ctx.api, parts[1], parts[2])
    if (latest && deletingDependents(latest)) processForeground(ctx, parts[1], latest)
    return
  }
  const [, apiVersion, kind, namespace, name, uid] = parts
  const info = resourceForKind(apiVersion, kind)
  if (!info) return
  const owner = ctx.api.tryGet(info.id, info.namespaced ? namespace : undefined, name)
  if (!owner || owner.metadata.uid !== uid) {
    for (const [res, dep] of dependentsOf(ctx, uid)) attemptToDelete(ctx, res, dep)
  } else if (deletingDependents(owner)) {
    processForeground(ctx, info.id, owner)
  }
}

/** The collector; `api` answers, at event time, whether a removed object left dependents. */
export function garbageCollector(api: ApiServer): Controller {
  const keys = keysFor(api)
  return {
    name: 'garbagecollector',
    watches: watchedResources().map((resource) => ({ resource, keys })),
    initialKeys(ctx) {
      // Owners caught mid-deletion when the engine starts resume their cascade.
      const out: string[] = []
      for (const resource of watchedResources()) {
        for (const o of ctx.api.store.table(resource).values()) {
          if (
            o.metadata.deletionTimestamp &&
            (hasFinalizer(o, ORPHAN) || hasFinalizer(o, FOREGROUND))
          )
            out.push(itemKey(resource, o))
        }
      }
      return out
    },
    reconcile,
  }
}

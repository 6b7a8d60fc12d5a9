import type { KObject } from '../api/types.ts'
import { controllerRef } from './podStatus.ts'
import type { ControllerContext } from '../runtime/controller.ts'
import { SAFE_ALPHANUMS } from '../runtime/rng.ts'
import { isNotFound, isStatusError } from '../api/errors.ts'

/** FNV-1a 32-bit over a string's UTF-16 code units folded to bytes (deterministic across runs). */
export function fnv1a32(text: string, extra?: number): number {
  let h = 0x811c9dc5
  const bytes = new TextEncoder().encode(text)
  for (const b of bytes) {
    h ^= b
    h = Math.imul(h, 0x01000193) >>> 0
  }
  if (extra !== undefined) {
    // collisionCount is hashed as four little-endian bytes, as upstream's hashutil does.
    for (let i = 0; i < 4; i++) {
      h ^= (extra >>> (8 * i)) & 0xff
      h = Math.imul(h, 0x01000193) >>> 0
    }
  }
  return h >>> 0
}

/** rand.SafeEncodeString: each character of the decimal string mapped into the safe alphabet. */
export function safeEncode(s: string): string {
  let out = ''
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHANUMS[s.charCodeAt(i) % SAFE_ALPHANUMS.length]
  return out
}

/** Canonical JSON (sorted keys) so equal templates hash equally whatever their key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']'
  if (v && typeof v === 'object') {
    const keys = Object.keys(v as object)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
    return (
      '{' +
      keys
        .map((k) => JSON.stringify(k) + ':' + canonicalJson((v as Record<string, unknown>)[k]))
        .join(',') +
      '}'
    )
  }
  return JSON.stringify(v)
}

/** The hash kube-controller-manager puts in controller-revision-hash: shape `7d4b9c8f6d`. */
export function revisionHash(data: unknown, collisionCount?: number): string {
  return safeEncode(String(fnv1a32(canonicalJson(data), collisionCount ?? undefined)))
}

/**
 * The revision payload upstream stores for DaemonSets and StatefulSets: a strategic-merge patch that
 * replaces the pod template (`getPatch`).
 */
export function templatePatch(owner: KObject): Record<string, unknown> {
  return { spec: { template: { ...owner.spec.template, $patch: 'replace' } } }
}

/** ControllerRevisions controlled by `owner`, oldest revision first. */
export function ownedRevisions(ctx: ControllerContext, owner: KObject): KObject[] {
  return ctx.api
    .list('controllerrevisions.apps', { namespace: owner.metadata.namespace })
    .items.filter((r) =>
      r.metadata.ownerReferences?.some((o) => o.controller && o.uid === owner.metadata.uid),
    )
    .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0) || cmp(a.metadata.name, b.metadata.name))
}

function cmp(a?: string, b?: string): number {
  return (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0
}

export interface RevisionResult {
  /** The revision matching the owner's current template. */
  update: KObject
  /** All owned revisions after the call, oldest first. */
  revisions: KObject[]
  /** Possibly bumped collision count to store in status. */
  collisionCount: number
}

/**
 * Finds or creates the ControllerRevision for the owner's current template (`<owner>-<hash>`),
 * renumbering an equal older revision to the newest number (a rollback), as upstream does.
 */
export function ensureRevision(
  ctx: ControllerContext,
  owner: KObject,
  existing: KObject[],
  hashOf: (collisionCount: number) => string,
): RevisionResult {
  const data = templatePatch(owner)
  const dataKey = canonicalJson(data)
  let collisionCount: number = owner.status?.collisionCount ?? 0
  const maxRevision = existing.reduce((m, r) => Math.max(m, r.revision ?? 0), 0)
  const equal = existing.filter((r) => canonicalJson(r.data) === dataKey)
  if (equal.length > 0) {
    const latest = equal[equal.length - 1]
    if ((latest.revision ?? 0) === maxRevision)
      return { update: latest, revisions: existing, collisionCount }
    const bumped = { ...latest, revision: maxRevision + 1 }
    const { object } = ctx.api.update('controllerrevisions.apps', bumped, { internal: true })
    const revisions = existing.map((r) => (r === latest ? object : r))
    revisions.sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0))
    return { update: object, revisions, collisionCount }
  }
  for (;;) {
    const hash = hashOf(collisionCount)
    const name = `${owner.metadata.name}-${hash}`
    const cr: KObject = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name,
        namespace: owner.metadata.namespace,
        labels: {
          ...(owner.spec.template?.metadata?.labels ?? {}),
          'controller-revision-hash': hash,
        },
        // Both DaemonSets and StatefulSets copy their own annotations onto each revision.
        ...(owner.metadata.annotations ? { annotations: { ...owner.metadata.annotations } } : {}),
        ownerReferences: [controllerRef(owner)],
      },
      data,
      revision: maxRevision + 1,
    }
    try {
      const { object } = ctx.api.create('controllerrevisions.apps', cr, { internal: true })
      return { update: object, revisions: [...existing, object], collisionCount }
    } catch (e) {
      if (!isStatusError(e) || e.code !== 409) throw e
      const clash = ctx.api.get('controllerrevisions.apps', owner.metadata.namespace, name)
      if (
        canonicalJson(clash.data) === dataKey &&
        clash.metadata.ownerReferences?.some((o) => o.uid === owner.metadata.uid)
      )
        return { update: clash, revisions: [...existing, clash], collisionCount }
      // A different revision owns this name: bump the collision count and hash again.
      collisionCount++
    }
  }
}

/**
 * Deletes the oldest revisions not in use. DaemonSets keep `limit` unused ones; StatefulSets keep
 * `limit` in total (`countAll`), the two upstream rules.
 */
export function truncateHistory(
  ctx: ControllerContext,
  revisions: KObject[],
  inUse: Set<string>,
  limit: number,
  countAll = false,
): void {
  const removable = revisions.filter((r) => !inUse.has(r.metadata.name!))
  const excess = Math.min(
    removable.length,
    (countAll ? revisions.length : removable.length) - limit,
  )
  for (let i = 0; i < excess; i++) {
    try {
      ctx.api.delete(
        'controllerrevisions.apps',
        removable[i].metadata.namespace,
        removable[i].metadata.name!,
        {
          internal: true,
        },
      )
    } catch (e) {
      if (!isNotFound(e)) throw e
    }
  }
}

import type { KObject } from '../sim/api/types.ts'
import type { ObjectChange } from '../worker/protocol.ts'

/** Objects by storage resource id, then `namespace/name`. */
export type ObjectTable = Record<string, Record<string, KObject>>

const keyOf = (o: KObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`

/**
 * Applies a batch of watch changes. Only touched resources get new table objects, so views that
 * select other resources do not re-render. Older versions never overwrite newer ones.
 */
export function applyChanges(objects: ObjectTable, changes: ObjectChange[]): ObjectTable {
  if (!changes.length) return objects
  const next: ObjectTable = { ...objects }
  const copied = new Set<string>()
  for (const c of changes) {
    if (!copied.has(c.resource)) {
      next[c.resource] = { ...(objects[c.resource] ?? {}) }
      copied.add(c.resource)
    }
    const table = next[c.resource]
    const key = keyOf(c.object)
    const current = table[key]
    if (
      current &&
      Number(current.metadata.resourceVersion) > Number(c.object.metadata.resourceVersion)
    )
      continue
    if (c.type === 'DELETED') delete table[key]
    else table[key] = c.object
  }
  return next
}

export function tableFrom(changes: ObjectChange[]): ObjectTable {
  return applyChanges({}, changes)
}

/** Lists per resource, for the pure graph builder. */
export function asLists(objects: ObjectTable): Record<string, KObject[]> {
  const out: Record<string, KObject[]> = {}
  for (const [r, t] of Object.entries(objects)) out[r] = Object.values(t)
  return out
}

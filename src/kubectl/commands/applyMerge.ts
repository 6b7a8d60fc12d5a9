import type { KObject } from '../../sim/api/types.ts'

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

type Json = any

function isObj(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** JSON with keys sorted at every level, as Go's encoding/json writes maps. */
export function sortedJson(v: Json): string {
  return JSON.stringify(sortKeys(v))
}

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (!isObj(v)) return v
  const out: Record<string, Json> = {}
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k])
  return out
}

/**
 * The object kubectl sends: the manifest plus the last-applied annotation holding the manifest
 * itself (without that annotation), key-sorted JSON ending in a newline.
 */
export function withLastApplied(obj: KObject): KObject {
  const annotations = { ...(obj.metadata.annotations ?? {}) }
  delete annotations[LAST_APPLIED]
  const bare = { ...obj, metadata: { ...obj.metadata, annotations } }
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      annotations: { ...annotations, [LAST_APPLIED]: sortedJson(bare) + '\n' },
    },
  }
}

/** Merge keys of strategic-merge lists in the built-in types, by field name. */
function mergeKeyFor(field: string, items: Json[]): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
    case 'readinessGates':
      return field === 'readinessGates' ? 'conditionType' : 'name'
    case 'volumeMounts':
      return 'mountPath'
    case 'volumeDevices':
      return 'devicePath'
    case 'hostAliases':
      return 'ip'
    case 'ownerReferences':
      return 'uid'
    case 'conditions':
      return 'type'
    case 'ports':
      return items.some((i) => isObj(i) && 'containerPort' in i) ? 'containerPort' : 'port'
  }
  return undefined
}

/**
 * Three-way strategic merge applied directly: fields the user removed since the last apply are
 * deleted, fields in the new manifest win, everything else the cluster set stays.
 */
export function threeWay(original: Json, modified: Json, current: Json, field = ''): Json {
  if (!isObj(modified) || !isObj(current)) {
    if (Array.isArray(modified) && Array.isArray(current))
      return mergeList(Array.isArray(original) ? original : [], modified, current, field)
    return modified
  }
  const orig = isObj(original) ? original : {}
  const out: Record<string, Json> = { ...current }
  for (const k of Object.keys(orig)) if (!(k in modified)) delete out[k]
  for (const [k, v] of Object.entries(modified)) {
    if (v === null) delete out[k]
    else out[k] = k in current ? threeWay(orig[k], v, current[k], k) : v
  }
  return out
}

function mergeList(original: Json[], modified: Json[], current: Json[], field: string): Json[] {
  const key = mergeKeyFor(field, [...modified, ...current])
  if (!key || !modified.every(isObj) || !current.every(isObj)) return modified
  const id = (x: Json): string => JSON.stringify(x[key])
  const origBy = new Map(original.filter(isObj).map((x) => [id(x), x]))
  const curBy = new Map(current.map((x) => [id(x), x]))
  const modIds = new Set(modified.map(id))
  const out: Json[] = []
  // Items the user never listed (added by the cluster or another client) stay, in their place.
  for (const c of current) {
    const k = id(c)
    if (modIds.has(k) || origBy.has(k)) continue
    out.push(c)
  }
  const merged = modified.map((m) => {
    const c = curBy.get(id(m))
    return c ? threeWay(origBy.get(id(m)), m, c) : m
  })
  return [...merged, ...out]
}

import type { KObject } from '../api/types.ts'
import type { ResourceInfo } from '../api/resources.ts'
import { badRequest, unprocessable } from '../api/errors.ts'
import { clone } from './store.ts'

export type PatchType = 'merge' | 'json' | 'strategic'

type Json = any

export function applyPatch(
  type: PatchType,
  target: KObject,
  patch: unknown,
  info: ResourceInfo,
): KObject {
  const base = clone(target)
  if (type === 'json') return jsonPatch(base, patch) as KObject
  if (!isObject(patch))
    throw badRequest(
      `json: cannot unmarshal ${typeName(patch)} into Go value of type map[string]interface {}`,
    )
  if (type === 'merge') return mergePatch(base, patch) as KObject
  // CRD-like kinds we do not model would refuse strategic merge; every built-in kind accepts it.
  void info
  return strategicMerge(base, patch, '') as KObject
}

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'array'
  if (v === null) return 'null'
  return typeof v
}

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return clone(patch)
  const out: Record<string, Json> = isObject(target) ? { ...target } : {}
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k]
    else out[k] = mergePatch(out[k], v)
  }
  return out
}

/** RFC 6902 JSON patch. */
export function jsonPatch(doc: Json, ops: unknown): Json {
  if (!Array.isArray(ops))
    throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch')
  let root = doc
  for (const op of ops) {
    if (!isObject(op) || typeof op.op !== 'string')
      throw badRequest('Unexpected kind: ' + JSON.stringify(op))
    const path = parsePointer(String(op.path ?? ''))
    switch (op.op) {
      case 'add':
        root = setAt(root, path, clone(op.value), true)
        break
      case 'replace':
        getAt(root, path, op.path)
        root = setAt(root, path, clone(op.value), false)
        break
      case 'remove':
        getAt(root, path, op.path)
        root = removeAt(root, path)
        break
      case 'move': {
        const from = parsePointer(String(op.from ?? ''))
        const v = getAt(root, from, op.from)
        root = setAt(removeAt(root, from), path, v, true)
        break
      }
      case 'copy':
        root = setAt(
          root,
          path,
          clone(getAt(root, parsePointer(String(op.from ?? '')), op.from)),
          true,
        )
        break
      case 'test':
        if (JSON.stringify(getAt(root, path, op.path)) !== JSON.stringify(op.value)) {
          throw unprocessable(`the server rejected our request due to an error in our request`)
        }
        break
      default:
        throw badRequest(`Unexpected kind: ${op.op}`)
    }
  }
  return root
}

function parsePointer(p: string): string[] {
  if (p === '') return []
  if (!p.startsWith('/')) throw badRequest(`JSON pointer must be empty or start with a "/": ${p}`)
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

function getAt(root: Json, path: string[], raw: unknown): Json {
  let cur = root
  for (const seg of path) {
    if (Array.isArray(cur)) cur = cur[Number(seg)]
    else if (isObject(cur)) cur = cur[seg]
    else cur = undefined
    if (cur === undefined)
      throw unprocessable(`the server rejected our request due to an error in our request`)
  }
  void raw
  return cur
}

function setAt(root: Json, path: string[], value: Json, insert: boolean): Json {
  if (path.length === 0) return value
  const parent = getAt(root, path.slice(0, -1), '')
  const last = path[path.length - 1]
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last)
    if (!Number.isInteger(i) || i < 0 || i > parent.length)
      throw unprocessable('the server rejected our request due to an error in our request')
    if (insert) parent.splice(i, 0, value)
    else parent[i] = value
  } else if (isObject(parent)) {
    parent[last] = value
  } else {
    throw unprocessable('the server rejected our request due to an error in our request')
  }
  return root
}

function removeAt(root: Json, path: string[]): Json {
  const parent = getAt(root, path.slice(0, -1), '')
  const last = path[path.length - 1]
  if (Array.isArray(parent)) parent.splice(Number(last), 1)
  else delete parent[last]
  return root
}

/** patchMergeKey of the built-in types' lists (patchStrategy=merge); other lists are replaced whole. */
function mergeKeyFor(field: string, items: Json[]): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
    case 'secrets':
      return 'name'
    case 'volumeMounts':
      return 'mountPath'
    case 'volumeDevices':
      return 'devicePath'
    case 'ports': {
      const sample = items.find((i) => isObject(i))
      return sample && 'containerPort' in sample ? 'containerPort' : 'port'
    }
    case 'hostAliases':
      return 'ip'
    case 'conditions':
      return 'type'
    case 'ownerReferences':
      return 'uid'
    case 'topologySpreadConstraints':
      return 'topologyKey'
    case 'addresses':
      return 'type'
    default:
      return undefined
  }
}

/** Lists of scalars merged as sets (patchStrategy=merge without a key). */
const MERGED_SCALAR_LISTS = new Set(['finalizers'])

export function strategicMerge(target: Json, patch: Json, field: string): Json {
  if (!isObject(patch)) return clone(patch)
  if (patch['$patch'] === 'replace') {
    const { $patch: _p, ...rest } = patch
    return clone(rest)
  }
  if (patch['$patch'] === 'delete') return undefined
  const out: Record<string, Json> = isObject(target) ? { ...target } : {}
  const retain = Array.isArray(patch['$retainKeys'])
    ? new Set<string>(patch['$retainKeys'])
    : undefined
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$retainKeys' || k === '$patch' || k.startsWith('$setElementOrder/')) continue
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const listName = k.slice('$deleteFromPrimitiveList/'.length)
      const remove = new Set((v as Json[]) ?? [])
      if (Array.isArray(out[listName]))
        out[listName] = out[listName].filter((x: Json) => !remove.has(x))
      continue
    }
    if (v === null) {
      delete out[k]
      continue
    }
    if (Array.isArray(v)) {
      out[k] = mergeList(Array.isArray(out[k]) ? out[k] : [], v, k)
      continue
    }
    const merged = strategicMerge(out[k], v, k)
    if (merged === undefined) delete out[k]
    else out[k] = merged
  }
  if (retain) for (const k of Object.keys(out)) if (!retain.has(k) && !(k in patch)) delete out[k]
  void field
  return out
}

function mergeList(current: Json[], patch: Json[], field: string): Json[] {
  if (patch.some((p) => isObject(p) && p['$patch'] === 'replace')) {
    return patch.filter((p) => !(isObject(p) && p['$patch'] === 'replace')).map(clone)
  }
  if (MERGED_SCALAR_LISTS.has(field)) {
    const out = [...current]
    for (const p of patch) if (!out.includes(p)) out.push(p)
    return out
  }
  const key = mergeKeyFor(field, [...patch, ...current])
  if (!key) return patch.map(clone)
  const out = current.map(clone)
  for (const p of patch) {
    if (!isObject(p)) continue
    const idx = out.findIndex((c: Json) => isObject(c) && c[key] === p[key])
    if (p['$patch'] === 'delete') {
      if (idx >= 0) out.splice(idx, 1)
      continue
    }
    if (idx >= 0) out[idx] = strategicMerge(out[idx], p, field)
    else out.push(strategicMerge({}, p, field))
  }
  return out
}

/** Builds a strategic merge patch from two versions (used by apply's three-way merge). */
export function diffToMergePatch(original: Json, modified: Json): Json {
  if (!isObject(original) || !isObject(modified)) return clone(modified)
  const patch: Record<string, Json> = {}
  for (const k of Object.keys(original)) if (!(k in modified)) patch[k] = null
  for (const [k, v] of Object.entries(modified)) {
    const o = original[k]
    if (JSON.stringify(o) === JSON.stringify(v)) continue
    patch[k] = isObject(o) && isObject(v) ? diffToMergePatch(o, v) : clone(v)
  }
  return patch
}

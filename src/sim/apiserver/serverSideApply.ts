import type { KObject, Status } from '../api/types.ts'
import { apiVersionOf, type ResourceInfo } from '../api/resources.ts'
import { badRequest, invalid, fieldErr, StatusError } from '../api/errors.ts'
import {
  compareObjects,
  entriesOf,
  entryOf,
  isSameManager,
  sortEntries,
  sortedFields,
  type ManagedFieldsEntry,
  type ManagerId,
} from './managedFields.ts'
import {
  difference,
  fieldSetOf,
  intersection,
  isEmpty,
  itemElements,
  paths,
  union,
  type At,
  type Fields,
} from './managedFieldsSet.ts'
import { isAtomicStruct, listTypeOf, zeroObject } from './managedFieldsSchema.ts'
import { clone } from './store.ts'

type Obj = Record<string, unknown>

function isMap(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

export interface ApplyRequest {
  info: ResourceInfo
  namespace?: string
  name: string
  config: unknown
  fieldManager?: string
  force?: boolean
  /** For scale, `config` is the parent object holding only spec.replicas. */
  subresource?: 'status' | 'scale'
}

export interface ApplyPlan {
  /** The object to write (created when `live` is absent). */
  object: KObject
  managed: ManagedFieldsEntry[]
  live?: KObject
}

/** The request checks kube-apiserver makes before merging, with its messages. */
function checkRequest(req: ApplyRequest): Obj {
  if (!req.fieldManager)
    throw invalid({ kind: 'PatchOptions', group: 'meta.k8s.io' }, '', [
      fieldErr.required('fieldManager', 'is required for apply patch'),
    ])
  const config = req.config
  if (!isMap(config))
    throw badRequest(
      `error decoding YAML: json: cannot unmarshal ${Array.isArray(config) ? 'array' : typeof config} into Go value of type map[string]interface {}`,
    )
  const { info } = req
  const apiVersion = typeof config.apiVersion === 'string' ? config.apiVersion : ''
  const kind = typeof config.kind === 'string' ? config.kind : ''
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion]
  if (kind !== info.kind || group !== info.group || !info.versions.includes(version))
    throw badRequest(`invalid object type: ${group}/${version}, Kind=${kind}`)
  const meta = isMap(config.metadata) ? config.metadata : {}
  if (meta.managedFields !== undefined && meta.managedFields !== null)
    throw badRequest('metadata.managedFields must be nil')
  const objName = typeof meta.name === 'string' ? meta.name : ''
  if (objName !== req.name)
    throw badRequest(
      `the name of the object (${objName}) does not match the name on the URL (${req.name})`,
    )
  const objNs = typeof meta.namespace === 'string' ? meta.namespace : ''
  if (info.namespaced && objNs && req.namespace && objNs !== req.namespace)
    throw badRequest(
      `the namespace of the object (${objNs}) does not match the namespace on the request (${req.namespace})`,
    )
  return config
}

/**
 * Server-side apply (structured-merge-diff's Updater.Apply): merges the configuration into the
 * live object, removes what this manager applied last time but no longer does (unless someone
 * else owns it), and refuses with a 409 when it would change fields other managers own, unless
 * forced, in which case they lose those fields.
 */
export function planApply(req: ApplyRequest, live: KObject | undefined, now: string): ApplyPlan {
  const input = checkRequest(req)
  const { info } = req
  const kind = info.kind
  const root: At = { kind, parent: '', field: '' }
  const status = req.subresource === 'status'
  const hasStatus = info.subresources?.includes('status') ?? false
  // A status apply takes only status from the configuration; a main apply leaves status alone.
  const config: Obj = status
    ? { apiVersion: input.apiVersion, kind, metadata: {}, status: input.status }
    : hasStatus
      ? withoutKey(input, 'status')
      : input
  const base: Obj = live ?? {
    ...zeroObject(kind),
    apiVersion: apiVersionOf(info),
    kind,
    metadata: { name: req.name, ...(info.namespaced ? { namespace: req.namespace } : {}) },
  }
  const id: ManagerId = {
    manager: req.fieldManager!,
    operation: 'Apply',
    apiVersion: String(input.apiVersion),
    subresource: req.subresource,
  }
  const configSet = ownedBy(fieldSetOf(config, root))
  const entries = live ? entriesOf(live) : []
  const previous = entries.find((e) => isSameManager(e, id))
  const others = entries.filter((e) => e !== previous)
  const merged = mergeValue(base, config, root) as Obj
  const othersSet = others.reduce<Fields | undefined>((acc, e) => union(acc, e.fieldsV1), undefined)
  const dropped = difference(difference(previous?.fieldsV1, configSet), othersSet)
  const next = (dropped ? removePaths(merged, dropped, root) : merged) as KObject
  const cmp = compareObjects(kind, base, next, status ? 'status' : 'main', hasStatus && !status)

  const conflicts = others
    .map((e) => ({ entry: e, fields: intersection(e.fieldsV1, cmp.changed) }))
    .filter((c) => !isEmpty(c.fields))
  if (conflicts.length && !req.force && !allowedByLastApplied(req, live, conflicts))
    throw applyConflict(conflicts)

  const kept: ManagedFieldsEntry[] = []
  for (const e of others) {
    const f = difference(difference(e.fieldsV1, cmp.changed), cmp.removed)
    if (!isEmpty(f)) kept.push(f === e.fieldsV1 ? e : { ...e, fieldsV1: f! })
  }
  const changed = !isEmpty(cmp.changed) || !isEmpty(cmp.removed)
  const time = changed || !previous ? now : previous.time
  if (!isEmpty(configSet)) kept.push(entryOf(id, sortedFields(configSet!), time))
  const object = clone(next)
  if (req.fieldManager === 'kubectl' && live?.metadata.annotations?.[LAST_APPLIED] !== undefined)
    syncLastApplied(object, input)
  return { object, managed: sortEntries(kept), live }
}

/** Fields no manager owns: apiVersion, kind and the server's metadata. */
function ownedBy(f: Fields | undefined): Fields | undefined {
  return difference(f, {
    'f:apiVersion': {},
    'f:kind': {},
    'f:metadata': {
      'f:name': {},
      'f:namespace': {},
      'f:creationTimestamp': {},
      'f:uid': {},
      'f:resourceVersion': {},
      'f:generation': {},
      'f:selfLink': {},
    },
  })
}

function withoutKey(o: Obj, key: string): Obj {
  const { [key]: _drop, ...rest } = o
  return rest
}

/**
 * `kubectl apply --server-side` taking over from client-side apply: conflicts only on fields the
 * last-applied annotation holds with their live values are forced (the field manager's
 * lastAppliedManager), so a first server-side apply of the same manifest succeeds.
 */
function allowedByLastApplied(
  req: ApplyRequest,
  live: KObject | undefined,
  conflicts: { fields: Fields | undefined }[],
): boolean {
  const raw = live?.metadata.annotations?.[LAST_APPLIED]
  if (req.fieldManager !== 'kubectl' || !raw || !live) return false
  let last: unknown
  try {
    last = JSON.parse(raw)
  } catch {
    return false
  }
  if (!isMap(last)) return false
  const root: At = { kind: req.info.kind, parent: '', field: '' }
  const lastSet = fieldSetOf(last, root)
  const cmp = compareObjects(req.info.kind, last, live, 'main', false)
  const allowed = difference(lastSet, cmp.changed)
  return conflicts.every((c) => isEmpty(difference(c.fields, allowed)))
}

/** The annotation rewritten from the applied configuration, as the API server encodes it. */
function syncLastApplied(object: KObject, config: Obj): void {
  const meta = isMap(config.metadata) ? { ...config.metadata } : {}
  if (isMap(meta.annotations)) {
    const annotations = withoutKey(meta.annotations, LAST_APPLIED)
    if (Object.keys(annotations).length) meta.annotations = annotations
    else delete meta.annotations
  }
  const text = JSON.stringify(sortKeys({ ...config, metadata: meta })) + '\n'
  object.metadata.annotations = { ...(object.metadata.annotations ?? {}), [LAST_APPLIED]: text }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (!isMap(v)) return v
  const out: Obj = {}
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k])
  return out
}

/** `"kubectl-edit" using apps/v1` or `"kubectl"`: how the conflict message names a manager. */
function printManager(e: ManagedFieldsEntry): string {
  let s = JSON.stringify(e.manager)
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`
  if (e.operation === 'Update') s += ` using ${e.apiVersion}`
  return s
}

function applyConflict(conflicts: { entry: ManagedFieldsEntry; fields: Fields | undefined }[]) {
  const causes = conflicts.flatMap((c) =>
    paths(c.fields).map((field) => ({
      reason: 'FieldManagerConflict',
      message: `conflict with ${printManager(c.entry)}`,
      field,
    })),
  )
  let message: string
  if (causes.length === 1) {
    message = `Apply failed with 1 conflict: ${causes[0].message}: ${causes[0].field}`
  } else {
    const byManager = new Map<string, string[]>()
    for (const c of conflicts) {
      const name = printManager(c.entry)
      byManager.set(name, [...(byManager.get(name) ?? []), ...paths(c.fields)])
    }
    const lines: string[] = []
    for (const name of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${name}:`)
      for (const p of byManager.get(name)!) lines.push(`- ${p}`)
    }
    message = `Apply failed with ${causes.length} conflicts: ${lines.join('\n')}`
  }
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'Conflict',
    details: { causes },
    code: 409,
  }
  return new StatusError(status)
}

function child(at: At, field: string): At {
  return { kind: at.kind, parent: at.field, field }
}

/** structured-merge-diff's merge: maps and keyed lists merge, everything else is replaced. */
function mergeValue(live: unknown, config: unknown, at: At): unknown {
  if (config === undefined) return live
  if (isMap(config) && isMap(live) && !isAtomicStruct(at.kind, at.field)) {
    const out: Obj = { ...live }
    for (const k of Object.keys(config)) {
      // A null in the configuration leaves the field unset once decoded.
      if (config[k] === null) delete out[k]
      else if (config[k] !== undefined) out[k] = mergeValue(live[k], config[k], child(at, k))
    }
    return out
  }
  if (Array.isArray(config) && Array.isArray(live)) {
    const lt = listTypeOf(at.kind, at.parent, at.field)
    const liveKeys = itemElements(live, lt)
    const configKeys = itemElements(config, lt)
    if (liveKeys && configKeys) {
      const itemAt = child(at, '[]')
      const byKey = new Map(configKeys.map((k, i) => [k, config[i]]))
      const out = live.map((item, i) => {
        const c = byKey.get(liveKeys[i])
        if (c === undefined) return item
        return lt.type === 'map' && !lt.atomicItems ? mergeValue(item, c, itemAt) : c
      })
      const seen = new Set(liveKeys)
      configKeys.forEach((k, i) => {
        if (!seen.has(k)) out.push(config[i])
        seen.add(k)
      })
      return out
    }
  }
  return config
}

/** The value without the member paths of `f` (the prune step). */
function removePaths(v: unknown, f: Fields, at: At): unknown {
  if (isMap(v)) {
    const out: Obj = { ...v }
    for (const pe of Object.keys(f)) {
      if (!pe.startsWith('f:')) continue
      const k = pe.slice(2)
      if (!(k in out)) continue
      if (isMemberNode(f[pe])) delete out[k]
      else out[k] = removePaths(out[k], f[pe], child(at, k))
    }
    return out
  }
  if (Array.isArray(v)) {
    const pes = itemElements(v, listTypeOf(at.kind, at.parent, at.field))
    if (!pes) return v
    const out: unknown[] = []
    v.forEach((item, i) => {
      const sub = f[pes[i]]
      if (!sub) out.push(item)
      else if (!isMemberNode(sub)) out.push(removePaths(item, sub, child(at, '[]')))
    })
    return out
  }
  return v
}

function isMemberNode(n: Fields): boolean {
  return Object.keys(n).length === 0 || '.' in n
}

import type { KObject, StatusCause, WatchEvent } from '../api/types.ts'
import { apiVersionOf, resourceById, storageId, type ResourceInfo } from '../api/resources.ts'
import {
  alreadyExists,
  badRequest,
  conflict,
  fieldErr,
  forbidden,
  gone,
  invalid,
  methodNotAllowed,
  notFound,
} from '../api/errors.ts'
import { labelValue, nameRuleFor, qualifiedName } from '../api/names.ts'
import {
  matchesFields,
  matchesRequirements,
  parseFieldSelector,
  parseLabelSelector,
  SelectorParseError,
  unsupportedField,
  type FieldRequirement,
  type Requirement,
} from '../api/selectors.ts'
import type { Rng } from '../runtime/rng.ts'
import type { VirtualClock } from '../runtime/clock.ts'
import type { ObjectStore } from './store.ts'
import { clone, type WatchListener } from './store.ts'
import { cloneSharing, jsonEqual, jsonEqualExcept } from './jsonData.ts'
import {
  admissionPlugins,
  checkObjectFields,
  strategyFor,
  type StrategyContext,
} from './strategy.ts'
import { applyPatch, type PatchType } from './patch.ts'
import {
  compareObjects,
  decodeEntries,
  defaultManager,
  entriesOf,
  FACADE_MANAGER,
  recordUpdate,
  type ManagedFieldsEntry,
} from './managedFields.ts'
import { zeroObject } from './managedFieldsSchema.ts'
import { planApply } from './serverSideApply.ts'

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore'
export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan'

export interface WriteOptions {
  dryRun?: boolean
  fieldValidation?: FieldValidation
  /** Set by controllers so admission and defaulting know the write is internal. */
  internal?: boolean
  fieldManager?: string
  /**
   * The subresource a write came through when it is not the one written (scale → spec, a CSR's
   * approval → status).
   */
  managerSubresource?: 'scale' | 'approval'
}

export interface DeleteOptions {
  dryRun?: boolean
  gracePeriodSeconds?: number
  propagationPolicy?: PropagationPolicy
  preconditions?: { uid?: string; resourceVersion?: string }
  internal?: boolean
}

export interface ListOptions {
  namespace?: string
  labelSelector?: string | Requirement[]
  fieldSelector?: string | FieldRequirement[]
  limit?: number
  continue?: string
}

/** Set by server-side apply, which works out the managed fields itself. */
interface ManagedWrite {
  managed?: readonly ManagedFieldsEntry[]
  /**
   * The caller built the object for this create alone and keeps no reference to it: the server
   * takes it as it is instead of copying it (controllers create thousands of pods and events).
   */
  owned?: boolean
}

export interface ApplyOptions {
  dryRun?: boolean
  fieldValidation?: FieldValidation
  fieldManager?: string
  force?: boolean
  subresource?: 'status' | 'scale'
}

export interface WriteResult {
  object: KObject
  warnings: string[]
}

/** Resources whose metadata.generation the API server maintains (those with a spec and status). */
const GENERATION = new Set([
  'deployments.apps',
  'replicasets.apps',
  'statefulsets.apps',
  'daemonsets.apps',
  'jobs.batch',
  'cronjobs.batch',
  'replicationcontrollers',
  'horizontalpodautoscalers.autoscaling',
  'poddisruptionbudgets.policy',
  'ingresses.networking.k8s.io',
  'networkpolicies.networking.k8s.io',
  'customresourcedefinitions.apiextensions.k8s.io',
])

/** Resources that have a status subresource: a main-resource update keeps the stored status. */
function hasStatus(info: ResourceInfo): boolean {
  return info.subresources?.includes('status') ?? false
}

/**
 * API server semantics over the object store: defaulting, admission, validation, optimistic
 * concurrency, graceful deletion, finalizers and watches. Every write, from kubectl or from a
 * controller, goes through here.
 */
export class ApiServer {
  constructor(
    readonly store: ObjectStore,
    private readonly clock: VirtualClock,
    private readonly rng: Rng,
  ) {}

  now(): string {
    return this.clock.iso()
  }

  private ctx(info: ResourceInfo, internal?: boolean): StrategyContext {
    return { api: this, info, now: this.clock.iso(), fromUser: !internal }
  }

  // ---- reads -------------------------------------------------------------------------------

  tryGet(resourceId: string, namespace: string | undefined, name: string): KObject | undefined {
    const info = resourceById(resourceId)
    return this.store.getNamed(storageId(info), info.namespaced ? namespace : undefined, name)
  }

  get(resourceId: string, namespace: string | undefined, name: string): KObject {
    const o = this.tryGet(resourceId, namespace, name)
    if (!o) throw notFound(resourceById(resourceId), name)
    return o
  }

  /** All objects of a resource, optionally filtered; sorted by namespace then name like etcd keys. */
  list(
    resourceId: string,
    opts: ListOptions = {},
  ): { items: KObject[]; resourceVersion: string; continue?: string } {
    const info = resourceById(resourceId)
    let labelReqs: Requirement[] | undefined
    let fieldReqs: FieldRequirement[] | undefined
    try {
      labelReqs =
        typeof opts.labelSelector === 'string'
          ? parseLabelSelector(opts.labelSelector)
          : opts.labelSelector
      fieldReqs =
        typeof opts.fieldSelector === 'string'
          ? parseFieldSelector(opts.fieldSelector)
          : opts.fieldSelector
    } catch (e) {
      if (e instanceof SelectorParseError) throw badRequest(e.message)
      throw e
    }
    if (fieldReqs?.length) {
      const bad = unsupportedField(info.kind, fieldReqs)
      if (bad) throw badRequest(bad)
    }
    const resource = storageId(info)
    const table = this.store.table(resource)
    const items: KObject[] = []
    const prefix = info.namespaced && opts.namespace ? opts.namespace + '/' : undefined
    // Storage keys are "namespace/name" (or "name"), so their order is the etcd key order.
    for (const key of this.store.sortedKeys(resource)) {
      if (prefix && !key.startsWith(prefix)) continue
      const o = table.get(key)!
      if (labelReqs?.length && !matchesRequirements(o.metadata.labels, labelReqs)) continue
      if (fieldReqs?.length && !matchesFields(o, fieldReqs)) continue
      items.push(o)
    }
    let start = 0
    if (opts.continue) {
      const n = Number(Buffer_fromBase64(opts.continue))
      if (!Number.isFinite(n)) throw badRequest('invalid continue token')
      start = n
    }
    if (opts.limit && opts.limit > 0 && start + opts.limit < items.length) {
      return {
        items: items.slice(start, start + opts.limit),
        resourceVersion: String(this.store.rv),
        continue: Buffer_toBase64(String(start + opts.limit)),
      }
    }
    return { items: start ? items.slice(start) : items, resourceVersion: String(this.store.rv) }
  }

  /** Subscribes to every change; with `sinceRv`, replays what happened after it first (or throws 410). */
  watch(listener: WatchListener, sinceRv?: string): () => void {
    if (sinceRv !== undefined && sinceRv !== '' && sinceRv !== '0') {
      const past = this.store.eventsSince(Number(sinceRv))
      if (past === null) throw gone(`too old resource version: ${sinceRv} (${this.store.rv})`)
      for (const ev of past) listener(ev)
    }
    return this.store.watch(listener)
  }

  // ---- writes ------------------------------------------------------------------------------

  create(resourceId: string, input: KObject, opts: WriteOptions & ManagedWrite = {}): WriteResult {
    const info = resourceById(resourceId)
    if (!info.verbs.includes('create'))
      throw methodNotAllowed('the server does not allow this method on the requested resource')
    const ctx = this.ctx(info, opts.internal)
    const obj = opts.owned ? input : clone(input)
    obj.apiVersion = obj.apiVersion || apiVersionOf(info)
    obj.kind = obj.kind || info.kind
    obj.metadata = obj.metadata ?? {}
    const warnings = this.checkUnknownFields(info, obj, opts)
    const meta = obj.metadata
    if (!info.namespaced) delete meta.namespace
    else meta.namespace = meta.namespace || 'default'

    if (!meta.name && meta.generateName)
      meta.name = this.generateName(info, meta.namespace, meta.generateName)
    if (!meta.name)
      throw invalid(info, '', [
        fieldErr.required('metadata.name', 'name or generateName is required'),
      ])

    if (info.namespaced) this.checkNamespaceWritable(meta.namespace!)
    if (this.store.getNamed(storageId(info), meta.namespace, meta.name))
      throw alreadyExists(info, meta.name)

    const strategy = strategyFor(info.id)
    strategy.defaults?.(obj, ctx)
    // Ownership is worked out before admission, so fields admission adds belong to nobody.
    const managed =
      opts.managed ??
      this.recordManaged(info, zeroObject(info.kind), obj, decodeEntries(meta.managedFields), opts)
    for (const a of admissionPlugins()) a.admit('CREATE', obj, undefined, ctx)
    const causes = [...validateMeta(info, obj), ...(strategy.validate?.(obj, ctx) ?? [])]
    if (causes.length) throw invalid(info, meta.name, causes)
    warnings.push(...(strategy.warnings?.(obj, ctx) ?? []))

    meta.uid = this.rng.uuid()
    meta.creationTimestamp = this.clock.iso()
    delete meta.deletionTimestamp
    delete meta.deletionGracePeriodSeconds
    if (GENERATION.has(info.id)) meta.generation = 1
    else delete meta.generation
    strategy.prepareCreate?.(obj, ctx)
    meta.managedFields = managed.length ? (managed as unknown[]) : undefined
    if (opts.dryRun) {
      meta.resourceVersion = undefined
      return { object: orderObject(obj), warnings }
    }
    meta.resourceVersion = this.store.nextRv()
    const stored = orderObject(obj)
    this.store.put(storageId(info), stored, 'ADDED')
    return { object: stored, warnings }
  }

  update(
    resourceId: string,
    input: KObject,
    opts: WriteOptions & ManagedWrite & { subresource?: 'status' } = {},
  ): WriteResult {
    const info = resourceById(resourceId)
    const ctx = this.ctx(info, opts.internal)
    const name = input.metadata?.name
    const ns = info.namespaced ? input.metadata?.namespace || 'default' : undefined
    if (!name) throw badRequest('name is required')
    const old = this.tryGet(resourceId, ns, name)
    if (!old) throw notFound(info, name)
    const rv = input.metadata.resourceVersion
    if (rv && rv !== old.metadata.resourceVersion) {
      throw conflict(
        info,
        name,
        'the object has been modified; please apply your changes to the latest version and try again',
      )
    }
    const warnings = opts.subresource ? [] : this.checkUnknownFields(info, input, opts)
    let obj: KObject
    if (opts.subresource === 'status') {
      // Only metadata and status change here, so the rest is shared with the stored version
      // (stored objects are never mutated in place, as bindPod relies on too): copying whole
      // pods for every kubelet status write was a large share of scale-up time. The status keeps
      // the stored parts it leaves unchanged, so the compares below skip them by identity.
      obj = {
        ...old,
        metadata: { ...old.metadata },
        status: cloneSharing(input.status, old.status),
      }
    } else {
      obj = clone(input)
      obj.apiVersion = old.apiVersion
      // With a status subresource, status changes only through it.
      if (hasStatus(info)) obj.status = clone(old.status)
    }
    const meta = obj.metadata
    // Fields the server owns are kept whatever the client sent.
    meta.uid = old.metadata.uid
    meta.creationTimestamp = old.metadata.creationTimestamp
    meta.namespace = old.metadata.namespace
    meta.name = old.metadata.name
    if (old.metadata.deletionTimestamp) {
      meta.deletionTimestamp = old.metadata.deletionTimestamp
      if (old.metadata.deletionGracePeriodSeconds !== undefined)
        meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds
    } else {
      delete meta.deletionTimestamp
      delete meta.deletionGracePeriodSeconds
    }
    if (old.metadata.deletionTimestamp && addsFinalizer(old, obj)) {
      throw forbidden(
        `no new finalizers can be added if the object is being deleted, found new finalizers []string{${newFinalizers(old, obj)}}`,
      )
    }

    const strategy = strategyFor(info.id)
    if (!opts.subresource) strategy.defaults?.(obj, ctx)
    const managed =
      opts.managed ?? this.recordManaged(info, old, obj, this.sentEntries(input, old, opts), opts)
    if (!opts.subresource) {
      for (const a of admissionPlugins()) a.admit('UPDATE', obj, old, ctx)
      const causes = [
        ...validateMeta(info, obj),
        ...(strategy.validateUpdate?.(obj, old, ctx) ?? strategy.validate?.(obj, ctx) ?? []),
      ]
      if (causes.length) throw invalid(info, name, causes)
    }
    if (GENERATION.has(info.id)) {
      meta.generation = old.metadata.generation ?? 1
      if (!opts.subresource && specChanged(old, obj)) meta.generation += 1
    }
    if (!opts.subresource) strategy.prepareUpdate?.(obj, old, ctx)
    meta.managedFields = managed.length ? (managed as unknown[]) : undefined
    if (opts.dryRun) return { object: orderObject(obj), warnings }
    if (sameContent(old, obj)) return { object: old, warnings }
    meta.resourceVersion = this.store.nextRv()
    const stored = orderObject(obj)
    if (
      stored.metadata.deletionTimestamp &&
      !stored.metadata.finalizers?.length &&
      !this.waitsForKubelet(info, stored)
    ) {
      this.finalRemove(info, stored)
      return { object: stored, warnings }
    }
    this.store.put(storageId(info), stored, 'MODIFIED')
    return { object: stored, warnings }
  }

  updateStatus(resourceId: string, obj: KObject): WriteResult {
    return this.update(resourceId, obj, { subresource: 'status', internal: true })
  }

  patch(
    resourceId: string,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    opts: WriteOptions & { subresource?: 'status' } = {},
  ): WriteResult {
    const info = resourceById(resourceId)
    const old = this.get(resourceId, namespace, name)
    const patched = applyPatch(type, old, patch, info)
    if (patched.metadata?.resourceVersion === undefined)
      patched.metadata.resourceVersion = old.metadata.resourceVersion
    if (opts.subresource === 'status')
      return this.update(resourceId, patched, { ...opts, subresource: 'status' })
    // The main resource ignores status changes; kinds without a status keep none.
    const body = hasStatus(info) ? { ...patched, status: old.status } : patched
    const result = this.update(resourceId, body, opts)
    return result
  }

  /** Server-side apply (PATCH application/apply-patch+yaml); creates the object when missing. */
  apply(
    resourceId: string,
    namespace: string | undefined,
    name: string,
    config: unknown,
    opts: ApplyOptions = {},
  ): WriteResult {
    const info = resourceById(resourceId)
    const ns = info.namespaced ? namespace || 'default' : undefined
    const live = this.tryGet(resourceId, ns, name)
    if (!live && opts.subresource) throw notFound(info, name)
    const plan = planApply({ info, namespace: ns, name, config, ...opts }, live, this.clock.iso())
    const { subresource, ...rest } = opts
    const write = { ...rest, managed: plan.managed }
    if (!live) return this.create(resourceId, plan.object, write)
    plan.object.metadata.resourceVersion = live.metadata.resourceVersion
    return this.update(resourceId, plan.object, {
      ...write,
      subresource: subresource === 'status' ? 'status' : undefined,
    })
  }

  delete(
    resourceId: string,
    namespace: string | undefined,
    name: string,
    opts: DeleteOptions = {},
  ): KObject {
    const info = resourceById(resourceId)
    const current = this.get(resourceId, namespace, name)
    if (opts.preconditions?.uid && opts.preconditions.uid !== current.metadata.uid) {
      throw conflict(
        info,
        name,
        `Precondition failed: UID in precondition: ${opts.preconditions.uid}, UID in object meta: ${current.metadata.uid}`,
      )
    }
    if (
      opts.preconditions?.resourceVersion &&
      opts.preconditions.resourceVersion !== current.metadata.resourceVersion
    ) {
      throw conflict(
        info,
        name,
        'the object has been modified; please apply your changes to the latest version and try again',
      )
    }
    if (opts.dryRun) return current
    const obj = clone(current)
    const meta = obj.metadata
    const grace = this.gracePeriodFor(info, current, opts)

    if (info.id === 'namespaces') return this.deleteNamespace(info, obj, current)

    const finalizers = new Set(meta.finalizers ?? [])
    const policy = opts.propagationPolicy ?? 'Background'
    const hasDependents = this.store.dependents(meta.uid!).length > 0
    if (!meta.deletionTimestamp) {
      if (policy === 'Foreground' && hasDependents) finalizers.add('foregroundDeletion')
      if (policy === 'Orphan' && hasDependents) finalizers.add('orphan')
    }
    const finalizerList = [...finalizers]

    if (grace > 0 || finalizerList.length > 0) {
      const deadline = this.clock.now() + grace * 1000
      const existing = meta.deletionTimestamp ? Date.parse(meta.deletionTimestamp) : undefined
      // A shorter grace period may replace a longer one, never the other way round.
      if (existing === undefined || deadline < existing) {
        meta.deletionTimestamp = this.clock.iso(deadline)
        if (info.id === 'pods') meta.deletionGracePeriodSeconds = grace
      }
      if (finalizerList.length) meta.finalizers = finalizerList
      if (info.id === 'pods' && grace === 0 && finalizerList.length === 0) {
        this.finalRemove(info, obj)
        return obj
      }
      if (existing !== undefined && sameContent(current, obj)) return current
      meta.resourceVersion = this.store.nextRv()
      const stored = orderObject(obj)
      this.store.put(storageId(info), stored, 'MODIFIED')
      return stored
    }
    this.finalRemove(info, obj)
    return obj
  }

  /** Whether a deleted object stays until the kubelet confirms its containers stopped. */
  private waitsForKubelet(info: ResourceInfo, obj: KObject): boolean {
    return info.id === 'pods' && (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0
  }

  private gracePeriodFor(info: ResourceInfo, obj: KObject, opts: DeleteOptions): number {
    if (info.id !== 'pods') return 0
    // Pods that never reached a node, or already finished, have nothing to stop.
    if (!obj.spec?.nodeName) return 0
    const phase = obj.status?.phase
    if (phase === 'Succeeded' || phase === 'Failed') return 0
    if (opts.gracePeriodSeconds !== undefined) return Math.max(0, opts.gracePeriodSeconds)
    return obj.spec?.terminationGracePeriodSeconds ?? 30
  }

  private deleteNamespace(info: ResourceInfo, obj: KObject, current: KObject): KObject {
    if (current.metadata.deletionTimestamp) return current
    obj.metadata.deletionTimestamp = this.clock.iso()
    obj.status = { ...(obj.status ?? {}), phase: 'Terminating' }
    obj.metadata.resourceVersion = this.store.nextRv()
    const stored = orderObject(obj)
    this.store.put(storageId(info), stored, 'MODIFIED')
    return stored
  }

  /** Removes an object from storage (after grace and finalizers); releases what it allocated. */
  finalRemove(info: ResourceInfo, obj: KObject): void {
    const copy = clone(obj)
    copy.metadata.resourceVersion = this.store.nextRv()
    this.store.remove(storageId(info), copy)
    strategyFor(info.id).afterDelete?.(copy, this.ctx(info, true))
  }

  // ---- helpers -----------------------------------------------------------------------------

  /**
   * The entries an update starts from: the request's own only when it changes them (an empty or
   * absent list keeps the stored ones); otherwise the stored ones themselves, so objects keep
   * sharing their entries from version to version instead of holding copies.
   */
  private sentEntries(
    input: KObject,
    old: KObject,
    opts: { subresource?: 'status' },
  ): readonly ManagedFieldsEntry[] {
    const sent = input.metadata.managedFields
    const stored = old.metadata.managedFields
    if (opts.subresource || !sent || sent === stored || jsonEqual(sent, stored))
      return entriesOf(old)
    return decodeEntries(clone(sent)) ?? entriesOf(old)
  }

  private recordManaged(
    info: ResourceInfo,
    old: KObject | Record<string, unknown>,
    obj: KObject,
    entries: readonly ManagedFieldsEntry[] | undefined,
    opts: WriteOptions & { subresource?: 'status' },
  ): readonly ManagedFieldsEntry[] {
    const status = opts.subresource === 'status'
    const cmp = compareObjects(info.kind, old, obj, status ? 'status' : 'main', hasStatus(info))
    const manager =
      opts.fieldManager ??
      (opts.internal ? defaultManager(info.id, opts.subresource) : FACADE_MANAGER)
    const id = {
      manager,
      operation: 'Update' as const,
      apiVersion: obj.apiVersion,
      subresource: opts.managerSubresource ?? opts.subresource,
    }
    return recordUpdate(entries ?? [], cmp, id, this.clock.iso())
  }

  private generateName(info: ResourceInfo, namespace: string | undefined, prefix: string): string {
    const base = prefix.length > 58 ? prefix.slice(0, 58) : prefix
    for (;;) {
      const name = base + this.rng.suffix(5)
      if (!this.tryGet(info.id, namespace, name)) return name
    }
  }

  private checkNamespaceWritable(namespace: string): void {
    const ns = this.tryGet('namespaces', undefined, namespace)
    if (!ns) throw notFound(resourceById('namespaces'), namespace)
    if (ns.metadata.deletionTimestamp) {
      throw forbidden(
        `unable to create new content in namespace ${namespace} because it is being terminated`,
        {
          name: namespace,
          kind: 'namespaces',
          causes: [
            {
              reason: 'NamespaceTerminating',
              message: `namespace ${namespace} is being terminated`,
              field: 'metadata.namespace',
            },
          ],
        },
      )
    }
  }

  private checkUnknownFields(info: ResourceInfo, obj: KObject, opts: WriteOptions): string[] {
    // Controllers write objects they built from already-decoded ones, so there is nothing to find
    // (unknown fields are ignored for them anyway); walking every pod write against the schema was
    // a large share of scale-up time. Writes from users are always checked.
    if (opts.internal && !opts.fieldValidation) return []
    const { unknown, decodeError } = checkObjectFields(info, obj)
    const version = (obj.apiVersion ?? '').split('/').pop()
    const prefix = `${info.kind} in version "${version}" cannot be handled as a ${info.kind}: `
    if (decodeError) throw badRequest(prefix + decodeError)
    const mode = opts.fieldValidation ?? (opts.internal ? 'Ignore' : 'Strict')
    if (mode === 'Ignore' || !unknown.length) return []
    if (mode === 'Warn') return unknown.map((f) => `unknown field "${f}"`)
    throw badRequest(
      prefix + 'strict decoding error: ' + unknown.map((f) => `unknown field "${f}"`).join(', '),
    )
  }

  /** Dispatches a watch event to a listener only for one resource: small helper for controllers. */
  static forResource(resourceId: string, fn: (ev: WatchEvent) => void): WatchListener {
    const id = storageId(resourceById(resourceId))
    return (ev) => {
      if (ev.resource === id) fn(ev)
    }
  }
}

function validateMeta(info: ResourceInfo, obj: KObject): StatusCause[] {
  const causes: StatusCause[] = []
  const meta = obj.metadata
  const name = meta.name ?? ''
  for (const msg of nameRuleFor(info.id)(name))
    causes.push(fieldErr.invalid('metadata.name', name, msg))
  const labels = meta.labels
  if (labels)
    for (const k of Object.keys(labels)) {
      const v = labels[k] as unknown
      for (const msg of qualifiedName(k)) causes.push(fieldErr.invalid('metadata.labels', k, msg))
      if (typeof v !== 'string')
        causes.push(fieldErr.invalid(`metadata.labels`, v, 'must be a string'))
      else for (const msg of labelValue(v)) causes.push(fieldErr.invalid('metadata.labels', v, msg))
    }
  const annotations = meta.annotations
  if (annotations) {
    let annSize = 0
    for (const k of Object.keys(annotations)) {
      for (const msg of qualifiedName(k.toLowerCase()))
        causes.push(fieldErr.invalid('metadata.annotations', k, msg))
      annSize += k.length + String(annotations[k]).length
    }
    if (annSize > 256 * 1024) causes.push(fieldErr.tooLong('metadata.annotations', 256 * 1024))
  }
  return causes
}

// Both compare as JSON text would (key order included) but without writing the text out.
function specChanged(old: KObject, obj: KObject): boolean {
  const strip = (o: KObject): Record<string, unknown> => {
    const { metadata: _m, status: _s, ...rest } = o
    return rest
  }
  return !jsonEqual(strip(old), strip(obj))
}

/** Equal as JSON but for the resourceVersion. */
function sameContent(a: KObject, b: KObject): boolean {
  return jsonEqualExcept(a, b, 'metadata', 'resourceVersion')
}

function addsFinalizer(old: KObject, obj: KObject): boolean {
  return newFinalizers(old, obj).length > 0
}

function newFinalizers(old: KObject, obj: KObject): string {
  const before = new Set(old.metadata.finalizers ?? [])
  return (obj.metadata.finalizers ?? [])
    .filter((f) => !before.has(f))
    .map((f) => JSON.stringify(f))
    .join(', ')
}

const TOP_ORDER = ['apiVersion', 'kind', 'metadata']
/** After apiVersion, kind and metadata: these in this order, then any others as they come. */
const REST_ORDER = ['spec', 'data', 'stringData', 'binaryData', 'type', 'status']
const META_ORDER = [
  'annotations',
  'creationTimestamp',
  'deletionGracePeriodSeconds',
  'deletionTimestamp',
  'finalizers',
  'generateName',
  'generation',
  'labels',
  'managedFields',
  'name',
  'namespace',
  'ownerReferences',
  'resourceVersion',
  'uid',
]

const META_KEYS = new Set(META_ORDER)
const ORDERED_KEYS = new Set([...TOP_ORDER, ...REST_ORDER])

const REST_INDEX = new Map(REST_ORDER.map((k, i) => [k, i]))
const META_INDEX = new Map(META_ORDER.map((k, i) => [k, i]))

/** Whether orderObject would build the same keys in the same order, with no undefined values. */
function isOrdered(obj: KObject): boolean {
  let top = 0
  let rest = -1
  let others = false
  for (const k in obj) {
    if (obj[k] === undefined) return false
    if (top < TOP_ORDER.length) {
      if (k !== TOP_ORDER[top++]) return false
      continue
    }
    const r = REST_INDEX.get(k)
    if (r === undefined) others = true
    else if (others || r < rest) return false
    else rest = r
  }
  if (top < TOP_ORDER.length) return false
  const meta = obj.metadata
  let last = -1
  for (const k in meta) {
    const m = META_INDEX.get(k)
    if (m === undefined || m < last || meta[k] === undefined) return false
    last = m
  }
  return true
}

/**
 * Key order as the API server serialises: apiVersion, kind, metadata (alphabetical), then the rest.
 * The object itself when it is in order already (a status write keeps the stored order): callers
 * hand over an object of their own.
 */
export function orderObject(obj: KObject): KObject {
  if (isOrdered(obj)) return obj
  const metadata: Record<string, unknown> = {}
  const out: KObject = { apiVersion: obj.apiVersion, kind: obj.kind, metadata }
  const meta = obj.metadata
  for (let i = 0; i < META_ORDER.length; i++) {
    const k = META_ORDER[i]
    if (meta[k] !== undefined) metadata[k] = meta[k]
  }
  // Only keys outside META_ORDER need sorting, and there rarely are any: sorting every key on
  // every write showed up at scale.
  let extra: string[] | undefined
  for (const k in meta) if (!META_KEYS.has(k)) (extra ??= []).push(k)
  if (extra) for (const k of extra.sort()) if (meta[k] !== undefined) metadata[k] = meta[k]
  for (let i = 0; i < REST_ORDER.length; i++) {
    const k = REST_ORDER[i]
    if (obj[k] !== undefined) out[k] = obj[k]
  }
  for (const k in obj) if (!ORDERED_KEYS.has(k) && obj[k] !== undefined) out[k] = obj[k]
  return out
}

// Continue tokens are opaque to clients; plain base64 of an offset keeps them deterministic.
function Buffer_toBase64(s: string): string {
  return btoa(s)
}
function Buffer_fromBase64(s: string): string {
  try {
    return atob(s)
  } catch {
    return 'NaN'
  }
}

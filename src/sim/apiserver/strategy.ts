import type { KObject, StatusCause } from '../api/types.ts'
import type { ResourceInfo } from '../api/resources.ts'
import type { ApiServer } from './apiServer.ts'

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE'

export interface StrategyContext {
  api: ApiServer
  info: ResourceInfo
  /** Current virtual time, RFC 3339. */
  now: string
  /** True when the request came from a user (kubectl, API) rather than a controller. */
  fromUser: boolean
}

/**
 * Per-resource behaviour of the API server (the registry "strategy" in kube-apiserver): defaulting,
 * validation and what an update may change. Every hook is optional.
 */
export interface Strategy {
  /** Defaulting on create (and on update, for fields the user removed). Mutates `obj`. */
  defaults?(obj: KObject, ctx: StrategyContext): void
  /** Field errors for a new object. */
  validate?(obj: KObject, ctx: StrategyContext): StatusCause[]
  /** Field errors for an update; includes immutability checks. */
  validateUpdate?(obj: KObject, old: KObject, ctx: StrategyContext): StatusCause[]
  /** Runs after validation on create: allocations (cluster IPs, node ports) and status init. */
  prepareCreate?(obj: KObject, ctx: StrategyContext): void
  /** Runs after validation on update. */
  prepareUpdate?(obj: KObject, old: KObject, ctx: StrategyContext): void
  /** Releases allocations when the object is finally removed. */
  afterDelete?(obj: KObject, ctx: StrategyContext): void
  /** Warnings returned to the client (deprecated fields and the like). */
  warnings?(obj: KObject, ctx: StrategyContext): string[]
}

const strategies = new Map<string, Strategy>()

export function registerStrategy(resourceId: string, s: Strategy): void {
  const existing = strategies.get(resourceId)
  strategies.set(resourceId, existing ? mergeStrategies(existing, s) : s)
}

export function strategyFor(resourceId: string): Strategy {
  return strategies.get(resourceId) ?? {}
}

function mergeStrategies(a: Strategy, b: Strategy): Strategy {
  return {
    defaults: chain(a.defaults, b.defaults),
    validate: concat(a.validate, b.validate),
    validateUpdate: concat(a.validateUpdate, b.validateUpdate),
    prepareCreate: chain(a.prepareCreate, b.prepareCreate),
    prepareUpdate: chain(a.prepareUpdate, b.prepareUpdate),
    afterDelete: chain(a.afterDelete, b.afterDelete),
    warnings: concat(a.warnings, b.warnings),
  }
}

function chain<A extends unknown[]>(
  f?: (...a: A) => void,
  g?: (...a: A) => void,
): ((...a: A) => void) | undefined {
  if (!f) return g
  if (!g) return f
  return (...a) => {
    f(...a)
    g(...a)
  }
}

function concat<A extends unknown[], R>(
  f?: (...a: A) => R[],
  g?: (...a: A) => R[],
): ((...a: A) => R[]) | undefined {
  if (!f) return g
  if (!g) return f
  return (...a) => [...f(...a), ...g(...a)]
}

/** Admission plugins run after defaulting and before validation, in registration order. */
export interface AdmissionPlugin {
  name: string
  /** May mutate `obj`, or throw a StatusError (Forbidden) to refuse. */
  admit(op: Operation, obj: KObject, old: KObject | undefined, ctx: StrategyContext): void
}

const admission: AdmissionPlugin[] = []

export function registerAdmission(p: AdmissionPlugin): void {
  if (!admission.some((a) => a.name === p.name)) admission.push(p)
}

export function admissionPlugins(): readonly AdmissionPlugin[] {
  return admission
}

/**
 * Schema check supplied by the schema module: unknown fields as dotted paths (`spec.replica`) and
 * the first JSON type mismatch in the strict decoder's words.
 */
export type FieldCheck = (
  info: ResourceInfo,
  obj: KObject,
) => { unknown: string[]; decodeError?: string }
let fieldCheck: FieldCheck = () => ({ unknown: [] })

export function setFieldCheck(f: FieldCheck): void {
  fieldCheck = f
}

export function checkObjectFields(
  info: ResourceInfo,
  obj: KObject,
): { unknown: string[]; decodeError?: string } {
  return fieldCheck(info, obj)
}

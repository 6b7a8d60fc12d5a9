/** Loosely typed Kubernetes objects: the engine stores what the user sent, as the API server does. */
export interface OwnerReference {
  apiVersion: string
  kind: string
  name: string
  uid: string
  controller?: boolean
  blockOwnerDeletion?: boolean
}

export interface ObjectMeta {
  name?: string
  generateName?: string
  namespace?: string
  uid?: string
  resourceVersion?: string
  generation?: number
  creationTimestamp?: string
  deletionTimestamp?: string
  deletionGracePeriodSeconds?: number
  labels?: Record<string, string>
  annotations?: Record<string, string>
  ownerReferences?: OwnerReference[]
  finalizers?: string[]
  managedFields?: unknown[]
  [extra: string]: unknown
}

export interface KObject {
  apiVersion: string
  kind: string
  metadata: ObjectMeta
  spec?: any
  status?: any
  [field: string]: any
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED'

export interface WatchEvent {
  type: WatchEventType
  /** Resource id such as `pods` or `deployments.apps`. */
  resource: string
  object: KObject
  /** The previous version for MODIFIED events (not sent to external watchers). */
  old?: KObject
}

export interface StatusCause {
  reason?: string
  message: string
  field?: string
}

export interface Status {
  kind: 'Status'
  apiVersion: 'v1'
  metadata: Record<string, never>
  status: 'Failure' | 'Success'
  message: string
  reason: string
  details?: {
    name?: string
    group?: string
    kind?: string
    causes?: StatusCause[]
    retryAfterSeconds?: number
  }
  code: number
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue }

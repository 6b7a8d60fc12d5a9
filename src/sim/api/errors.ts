import type { Status, StatusCause } from './types.ts'
import type { ResourceInfo } from './resources.ts'

/** An API failure carrying the same Status body a v1.32 API server returns. */
export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message)
    this.name = 'StatusError'
  }

  get code(): number {
    return this.status.code
  }

  get reason(): string {
    return this.status.reason
  }
}

function status(
  code: number,
  reason: string,
  message: string,
  details?: Status['details'],
): StatusError {
  const s: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  }
  if (details) s.details = details
  return new StatusError(s)
}

/** `pods` or `deployments.apps`: how the API server names a resource in messages. */
export function qualifiedResource(info: Pick<ResourceInfo, 'plural' | 'group'>): string {
  return info.group ? `${info.plural}.${info.group}` : info.plural
}

export function notFound(info: Pick<ResourceInfo, 'plural' | 'group'>, name: string): StatusError {
  return status(404, 'NotFound', `${qualifiedResource(info)} "${name}" not found`, {
    name,
    group: info.group || undefined,
    kind: info.plural,
  })
}

export function alreadyExists(
  info: Pick<ResourceInfo, 'plural' | 'group'>,
  name: string,
): StatusError {
  return status(409, 'AlreadyExists', `${qualifiedResource(info)} "${name}" already exists`, {
    name,
    group: info.group || undefined,
    kind: info.plural,
  })
}

export function conflict(
  info: Pick<ResourceInfo, 'plural' | 'group'>,
  name: string,
  detail: string,
): StatusError {
  return status(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(info)} "${name}": ${detail}`,
    { name, group: info.group || undefined, kind: info.plural },
  )
}

/** `The Deployment "x" is invalid: spec.replicas: Invalid value: -1: must be ...` */
export function invalid(
  info: Pick<ResourceInfo, 'kind' | 'group'>,
  name: string,
  causes: StatusCause[],
): StatusError {
  const parts = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message))
  const body = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`
  return status(
    422,
    'Invalid',
    `${info.kind}${info.group ? '.' + info.group : ''} "${name}" is invalid: ${body}`,
    {
      name,
      group: info.group || undefined,
      kind: info.kind,
      causes: causes.map((c) => ({
        reason: c.reason ?? 'FieldValueInvalid',
        message: c.message,
        field: c.field,
      })),
    },
  )
}

export function forbidden(message: string, details?: Status['details']): StatusError {
  return status(403, 'Forbidden', message, details)
}

export function badRequest(message: string): StatusError {
  return status(400, 'BadRequest', message)
}

export function methodNotAllowed(message: string): StatusError {
  return status(405, 'MethodNotAllowed', message)
}

export function gone(message: string): StatusError {
  return status(410, 'Expired', message)
}

export function internalError(message: string): StatusError {
  return status(500, 'InternalError', `Internal error occurred: ${message}`)
}

export function unprocessable(message: string): StatusError {
  return status(422, 'Invalid', message)
}

export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError
}

export function isNotFound(e: unknown): boolean {
  return isStatusError(e) && e.code === 404
}

/** Field error helpers worded like apimachinery's field.ErrorList. */
export const fieldErr = {
  required: (field: string, detail = ''): StatusCause => ({
    reason: 'FieldValueRequired',
    field,
    message: 'Required value' + (detail ? ': ' + detail : ''),
  }),
  invalid: (field: string, value: unknown, detail: string): StatusCause => ({
    reason: 'FieldValueInvalid',
    field,
    message: `Invalid value: ${formatValue(value)}: ${detail}`,
  }),
  notSupported: (field: string, value: unknown, allowed: string[]): StatusCause => ({
    reason: 'FieldValueNotSupported',
    field,
    message: `Unsupported value: ${formatValue(value)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`,
  }),
  forbidden: (field: string, detail: string): StatusCause => ({
    reason: 'FieldValueForbidden',
    field,
    message: 'Forbidden: ' + detail,
  }),
  duplicate: (field: string, value: unknown): StatusCause => ({
    reason: 'FieldValueDuplicate',
    field,
    message: `Duplicate value: ${formatValue(value)}`,
  }),
  tooLong: (field: string, max: number): StatusCause => ({
    reason: 'FieldValueTooLong',
    field,
    message: `Too long: may not be more than ${max} bytes`,
  }),
}

/** How field.Invalid prints values: strings quoted, numbers bare, objects in Go %#v-like form. */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v)
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (v === null || v === undefined) return 'null'
  if (Array.isArray(v)) return `[]string{${v.map((x) => JSON.stringify(x)).join(', ')}}`
  if (typeof v === 'object') {
    return `map[string]string{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`)
      .join(', ')}}`
  }
  return String(v)
}

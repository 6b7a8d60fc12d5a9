import type { ResponseSink } from './handler.ts'
import type { Status } from '../sim/api/types.ts'

export function sendJson(
  res: ResponseSink,
  code: number,
  body: unknown,
  warnings: string[] = [],
): void {
  const headers: Record<string, string | string[]> = {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
  }
  if (warnings.length) headers['Warning'] = warnings.map((w) => `299 - ${JSON.stringify(w)}`)
  res.writeHead(code, headers)
  res.end(JSON.stringify(body) + '\n')
}

export function sendStatus(res: ResponseSink, status: Status): void {
  sendJson(res, status.code, status)
}

export function notFoundStatus(): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the server could not find the requested resource',
    reason: 'NotFound',
    details: {},
    code: 404,
  }
}

export function status(code: number, reason: string, message: string): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  }
}

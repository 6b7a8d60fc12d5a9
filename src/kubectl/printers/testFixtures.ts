/** Object builders for printer and describe tests: just the fields the printers read. */
import type { KObject } from '../../sim/api/types.ts'
import { resourceById, type ResourceInfo } from '../../sim/api/resources.ts'

export const NOW = Date.UTC(2026, 10, 23, 8, 0, 0)

/** An RFC 3339 time `seconds` before NOW. */
export function ago(seconds: number): string {
  return new Date(NOW - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export function obj(
  apiVersion: string,
  kind: string,
  name: string,
  ageSeconds: number,
  rest: Partial<KObject> = {},
  meta: Record<string, unknown> = {},
): KObject {
  return {
    apiVersion,
    kind,
    ...rest,
    metadata: { name, namespace: 'default', creationTimestamp: ago(ageSeconds), ...meta },
  }
}

export function info(id: string): ResourceInfo {
  return resourceById(id)
}

export function runningPod(
  name: string,
  ageSeconds: number,
  extra: { ip?: string; node?: string } = {},
): KObject {
  return obj('v1', 'Pod', name, ageSeconds, {
    spec: { containers: [{ name: 'app', image: 'nginx' }], nodeName: extra.node },
    status: {
      phase: 'Running',
      podIP: extra.ip,
      podIPs: extra.ip ? [{ ip: extra.ip }] : undefined,
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        {
          name: 'app',
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: ago(ageSeconds) } },
        },
      ],
    },
  })
}

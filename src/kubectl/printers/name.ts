import type { KObject } from '../../sim/api/types.ts'
import type { ResourceInfo } from '../../sim/api/resources.ts'
import { kindPrefix } from './table.ts'

/** kubectl -o name: `pod/nginx`, `deployment.apps/web` (lower-cased Kind.group, not the plural). */
export function nameLine(obj: KObject, info: ResourceInfo): string {
  return `${kindPrefix(info)}/${obj.metadata.name ?? ''}`
}

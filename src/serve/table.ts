import type { KObject } from '../sim/api/types.ts'
import type { ResourceInfo } from '../sim/api/resources.ts'
import { tableFor } from '../kubectl/printers/columns/index.ts'

/** Human descriptions are optional in Table columns; kubectl only prints names. */
function column(name: string, priority: number | undefined): Record<string, unknown> {
  return {
    name,
    type: name === 'Name' ? 'string' : 'string',
    format: name === 'Name' ? 'name' : '',
    description: '',
    priority: priority ?? 0,
  }
}

function partial(obj: KObject): Record<string, unknown> {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata }
}

/** The server-side Table kubectl asks for with `as=Table`, from the same cells our kubectl prints. */
export function toTable(
  info: ResourceInfo,
  objects: KObject[],
  now: number,
  rv: string,
  includeObject: string,
  cont?: string,
): Record<string, unknown> {
  const t = tableFor(info.group, info.kind)
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: rv, ...(cont ? { continue: cont } : {}) },
    columnDefinitions: t.columns.map((c) => column(c.name, c.priority)),
    rows: objects.map((o) => ({
      cells: t.row(o, { now, wide: true }),
      object: includeObject === 'None' ? undefined : includeObject === 'Object' ? o : partial(o),
    })),
  }
}

export function wantsTable(accept: string | undefined): boolean {
  return Boolean(accept && /as=Table/.test(accept))
}

// The scale subresource as the HPA reads it: replicas and the selector of the target's pods.
import type { KObject } from '../api/types.ts'
import { resourceForKind, splitApiVersion } from '../api/resources.ts'
import {
  formatSelector,
  matchesMapSelector,
  matchesSelector,
  type LabelSelector,
} from '../api/selectors.ts'
import type { ControllerContext } from '../runtime/controller.ts'

export interface Scale {
  target: KObject
  resource: string
  replicas: number
  matches: (labels: Record<string, string> | undefined) => boolean
  selector: string
}

/** The scale subresource of the target: replicas and the pod selector. */
export function getScale(ctx: ControllerContext, hpa: KObject): Scale {
  const ref = hpa.spec.scaleTargetRef ?? {}
  const info = resourceForKind(ref.apiVersion ?? '', ref.kind ?? '')
  if (!info || !info.subresources?.includes('scale')) {
    throw new Error(
      `no matches for kind "${ref.kind}" in group "${splitApiVersion(ref.apiVersion ?? '').group}"`,
    )
  }
  const target = ctx.api.tryGet(info.id, hpa.metadata.namespace, ref.name)
  if (!target) {
    const group = info.group ? `.${info.group}` : ''
    throw new Error(`${info.plural}/scale${group} "${ref.name}" not found`)
  }
  const sel = target.spec?.selector
  if (info.id === 'replicationcontrollers') {
    const text = Object.keys(sel ?? {})
      .sort()
      .map((k) => `${k}=${sel[k]}`)
      .join(',')
    return {
      target,
      resource: info.id,
      replicas: target.spec?.replicas ?? 0,
      matches: (l) => matchesMapSelector(l, sel),
      selector: text,
    }
  }
  return {
    target,
    resource: info.id,
    replicas: target.spec?.replicas ?? 0,
    matches: (l) => matchesSelector(l, sel as LabelSelector),
    selector: sel ? formatSelector(sel).replace('<none>', '') : '',
  }
}

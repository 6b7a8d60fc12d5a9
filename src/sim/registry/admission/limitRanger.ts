import type { KObject } from '../../api/types.ts'
import { forbidden } from '../../api/errors.ts'
import { registerAdmission } from '../../apiserver/strategy.ts'
import { formatQuantity, parseQuantity, quantityValue } from '../quantity.ts'

type Res = Record<string, string>
interface Item {
  type?: string
  max?: Res
  min?: Res
  default?: Res
  defaultRequest?: Res
  maxLimitRequestRatio?: Res
}

/** The defaulted item (SetDefaults_LimitRangeItem): default ← max, defaultRequest ← default, min. */
function defaulted(item: Item): Item {
  const def: Res = { ...(item.max ?? {}), ...(item.default ?? {}) }
  const req: Res = { ...(item.min ?? {}), ...def, ...(item.defaultRequest ?? {}) }
  return { ...item, default: def, defaultRequest: req }
}

function canon(q: string): string {
  const p = parseQuantity(q)
  return formatQuantity(p.value, p.format)
}

function applyDefaults(c: Record<string, any>, item: Item, kind: string): string[] {
  const res = { ...(c.resources ?? {}) }
  const limits: Res = { ...(res.limits ?? {}) }
  const requests: Res = { ...(res.requests ?? {}) }
  const setReq: string[] = []
  const setLim: string[] = []
  for (const [r, q] of Object.entries(item.default ?? {})) {
    if (limits[r] === undefined) {
      limits[r] = q
      setLim.push(r)
    }
  }
  for (const [r, q] of Object.entries(item.defaultRequest ?? {})) {
    if (requests[r] === undefined) {
      // A container with only a limit gets that limit as request, not the namespace default.
      requests[r] = c.resources?.limits?.[r] ?? q
      setReq.push(r)
    }
  }
  if (Object.keys(limits).length) res.limits = limits
  if (Object.keys(requests).length) res.requests = requests
  c.resources = res
  const notes: string[] = []
  if (setReq.length) notes.push(`${setReq.join(', ')} request for ${kind} ${c.name}`)
  if (setLim.length) notes.push(`${setLim.join(', ')} limit for ${kind} ${c.name}`)
  return notes
}

function check(kindLabel: string, item: Item, requests: Res, limits: Res, errs: string[]): void {
  for (const [r, min] of Object.entries(item.min ?? {})) {
    const req = requests[r]
    if (req === undefined)
      errs.push(`minimum ${r} usage per ${kindLabel} is ${canon(min)}.  No request is specified`)
    else if (quantityValue(req) < quantityValue(min))
      errs.push(
        `minimum ${r} usage per ${kindLabel} is ${canon(min)}, but request is ${canon(req)}`,
      )
  }
  for (const [r, max] of Object.entries(item.max ?? {})) {
    const lim = limits[r]
    if (lim === undefined)
      errs.push(`maximum ${r} usage per ${kindLabel} is ${canon(max)}.  No limit is specified`)
    else if (quantityValue(lim) > quantityValue(max))
      errs.push(`maximum ${r} usage per ${kindLabel} is ${canon(max)}, but limit is ${canon(lim)}`)
  }
  for (const [r, ratio] of Object.entries(item.maxLimitRequestRatio ?? {})) {
    const lim = limits[r]
    const req = requests[r]
    if (lim === undefined || req === undefined || quantityValue(req) === 0) continue
    const actual = quantityValue(lim) / quantityValue(req)
    if (actual > quantityValue(ratio))
      errs.push(
        `${r} max limit to request ratio per ${kindLabel} is ${canon(ratio)}, but provided ratio is ${actual.toFixed(6)}`,
      )
  }
}

function sum(containers: Record<string, any>[], field: 'requests' | 'limits'): Res {
  const totals: Record<string, number> = {}
  for (const c of containers)
    for (const [r, q] of Object.entries<string>(c.resources?.[field] ?? {}))
      totals[r] = (totals[r] ?? 0) + quantityValue(q)
  return Object.fromEntries(
    Object.entries(totals).map(([r, v]) => [
      r,
      formatQuantity(v, r === 'cpu' ? 'DecimalSI' : 'BinarySI'),
    ]),
  )
}

/** plugin/pkg/admission/limitranger for pods: defaults from LimitRanges, then min/max/ratio checks. */
registerAdmission({
  name: 'LimitRanger',
  admit(op, obj: KObject, _old, ctx) {
    if (op !== 'CREATE' || ctx.info.id !== 'pods' || !obj.spec) return
    if (!ctx.api.store.countInNamespace('limitranges', obj.metadata.namespace)) return
    const ranges = ctx.api.list('limitranges', { namespace: obj.metadata.namespace }).items
    const notes: string[] = []
    const errs: string[] = []
    for (const lr of ranges) {
      for (const raw of (lr.spec?.limits ?? []) as Item[]) {
        const item = defaulted(raw)
        if (item.type === 'Container') {
          for (const c of obj.spec.containers ?? [])
            notes.push(...applyDefaults(c, item, 'container'))
          for (const c of obj.spec.initContainers ?? [])
            notes.push(...applyDefaults(c, item, 'init container'))
          for (const c of [...(obj.spec.containers ?? []), ...(obj.spec.initContainers ?? [])])
            check('Container', raw, c.resources?.requests ?? {}, c.resources?.limits ?? {}, errs)
        } else if (item.type === 'Pod') {
          const cs = obj.spec.containers ?? []
          check('Pod', raw, sum(cs, 'requests'), sum(cs, 'limits'), errs)
        }
      }
    }
    if (errs.length) {
      const msg = errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`
      throw forbidden(`pods "${obj.metadata.name}" is forbidden: ${msg}`, {
        name: obj.metadata.name,
        kind: 'pods',
      })
    }
    if (notes.length) {
      obj.metadata.annotations = {
        ...(obj.metadata.annotations ?? {}),
        'kubernetes.io/limit-ranger': `LimitRanger plugin set: ${notes.join('; ')}`,
      }
    }
  },
})

import type { KObject } from '../../sim/api/types.ts'
import type { ApiServer } from '../../sim/apiserver/apiServer.ts'
import { humanDuration, parseTime, since } from '../printers/age.ts'
import type { PrefixWriter } from './writer.ts'
import { goSorted } from '../commands/goSort.ts'

/** What a describer may read: the API (related objects, events) and the virtual time. */
export interface DescribeContext {
  api: ApiServer
  now: number
  /** --show-events (default true). */
  showEvents?: boolean
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** time.RFC1123Z in UTC: `Mon, 23 Nov 2026 07:30:48 +0000`. */
export function rfc1123z(ts: unknown): string {
  const t = parseTime(ts) ?? Date.UTC(1, 0, 1)
  const d = new Date(t)
  const p = (n: number) => String(n).padStart(2, '0')
  const year = String(d.getUTCFullYear()).padStart(4, '0')
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${year} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`
}

/** Go's time.Time.String() for UTC times, as describe prints some timestamps with %v. */
export function goTimeString(ts: unknown): string {
  const d = new Date(parseTime(ts) ?? Date.UTC(1, 0, 1))
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000 UTC`
}

export function printLabelsMultiline(
  w: PrefixWriter,
  title: string,
  labels: Record<string, string> | undefined,
  initialIndent = '',
  innerIndent = '\t',
): void {
  w.write(0, `${initialIndent}${title}:${innerIndent}`)
  const keys = Object.keys(labels ?? {}).sort()
  if (keys.length === 0) return w.line('<none>')
  keys.forEach((k, i) => {
    if (i !== 0) w.write(0, initialIndent + innerIndent)
    w.write(0, `${k}=${labels![k]}\n`)
  })
}

const MAX_ANNOTATION_LEN = 140
const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration'])

export function printAnnotationsMultiline(
  w: PrefixWriter,
  title: string,
  annotations: Record<string, string> | undefined,
): void {
  w.write(0, `${title}:\t`)
  const keys = Object.keys(annotations ?? {})
    .filter((k) => !SKIP_ANNOTATIONS.has(k))
    .sort()
  if (keys.length === 0) return w.line('<none>')
  keys.forEach((k, i) => {
    if (i !== 0) w.write(0, '\t')
    const value = annotations![k].replace(/\n$/, '')
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`)
      for (const s of value.split('\n'))
        w.write(
          0,
          `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? s.slice(0, MAX_ANNOTATION_LEN - 2) + '...' : s}\n`,
        )
    } else w.write(0, `${k}: ${value}\n`)
  })
}

export function printTolerations(
  w: PrefixWriter,
  title: string,
  tolerations: any[] | undefined,
  initialIndent = '',
): void {
  w.write(0, `${initialIndent}${title}:\t`)
  const ts = [...(tolerations ?? [])].sort((a, b) =>
    (a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0,
  )
  if (ts.length === 0) return w.line('<none>')
  ts.forEach((t, i) => {
    if (i !== 0) w.write(0, initialIndent + '\t')
    let s = t.key ?? ''
    if (t.value) s += `=${t.value}`
    if (t.effect) s += `:${t.effect}`
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists'
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null)
      s += ` for ${t.tolerationSeconds}s`
    w.write(0, s + '\n')
  })
}

/** Taint.ToString: `key=value:Effect`, `key:Effect`. */
export function taintString(t: any): string {
  return `${t.key}${t.value ? '=' + t.value : ''}${t.effect ? ':' + t.effect : ''}`
}

export function printTaints(w: PrefixWriter, title: string, taints: any[] | undefined): void {
  w.write(0, `${title}:\t`)
  const ts = [...(taints ?? [])].sort((a, b) => {
    const ka = `${a.effect},${a.key}`
    const kb = `${b.effect},${b.key}`
    return ka < kb ? -1 : ka > kb ? 1 : 0
  })
  if (ts.length === 0) return w.line('<none>')
  ts.forEach((t, i) => {
    if (i !== 0) w.write(0, '\t')
    w.write(0, taintString(t) + '\n')
  })
}

export function controllerRef(obj: KObject): string {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller)
  return ref ? `${ref.kind}/${ref.name}` : ''
}

export function stringOrNone(s: unknown): string {
  return typeof s === 'string' && s !== '' ? s : '<none>'
}

/**
 * searchEvents: the events whose involvedObject is `obj` (name, namespace, kind unless `anyKind`,
 * uid), as kubectl asks with a field selector.
 */
export function searchEvents(
  obj: KObject,
  ctx: DescribeContext,
  opts: { anyKind?: boolean; uids?: string[] } = {},
): KObject[] {
  const ns = obj.metadata.namespace ?? ''
  const uids = opts.uids ?? (obj.metadata.uid ? [obj.metadata.uid] : [])
  const all = ctx.api.list('events', ns ? { namespace: ns } : {}).items
  return all.filter((e) => {
    const io = e.involvedObject ?? {}
    if (io.name !== obj.metadata.name) return false
    if ((io.namespace ?? '') !== ns) return false
    if (!opts.anyKind && io.kind !== obj.kind) return false
    if (uids.length > 0 && io.uid && !uids.includes(io.uid)) return false
    return true
  })
}

/** DescribeEvents: the Events table, sorted by last time, `Events:  <none>` when there are none. */
export function describeEvents(events: KObject[] | undefined, w: PrefixWriter, now: number): void {
  if (events === undefined) return
  if (events.length === 0) {
    w.write(0, 'Events:\t<none>\n')
    return
  }
  const lastOf = (e: KObject) => parseTime(e.lastTimestamp) ?? Number.NEGATIVE_INFINITY
  // describe sorts with Go's unstable sort.Sort: events of one second come out in its order
  const sorted = goSorted(events, (a, b) => lastOf(a) < lastOf(b))
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n')
  w.write(1, '----\t------\t----\t----\t-------\n')
  for (const e of sorted) {
    const eventTime = parseTime(e.eventTime)
    const first =
      eventTime !== undefined ? humanDuration(now - eventTime) : since(e.firstTimestamp, now)
    let interval = first
    if (e.series)
      interval = `${since(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`
    else if ((e.count ?? 0) > 1)
      interval = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`
    const source = e.source?.component || e.reportingController || e.reportingComponent || ''
    w.write(
      1,
      `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${String(e.message ?? '').trim()}\n`,
    )
  }
}

/** metav1.FormatLabelSelector re-exported for describers. */
export { formatLabelSelector, formatLabels } from '../printers/columns/util.ts'

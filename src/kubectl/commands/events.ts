import type { Proc } from '../../shell/types.ts'
import type { KObject, WatchEvent } from '../../sim/api/types.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { humanDuration, KUBECTL_TABWRITER, TabWriter } from '../printers/index.ts'
import { resolveType } from '../resolve/types.ts'
import { requestTimeoutMs, waitFor } from './getWatch.ts'
import { goSorted } from './goSort.ts'

function ms(ts: unknown): number | undefined {
  if (typeof ts !== 'string' || !ts) return undefined
  const t = Date.parse(ts)
  return Number.isNaN(t) ? undefined : t
}

function ago(ts: unknown, now: number): string {
  const t = ms(ts)
  return t === undefined ? '<unknown>' : humanDuration(now - t)
}

/** kubectl events' LAST SEEN cell: `5m (x3 over 10m)` for repeated events. */
function interval(e: KObject, now: number): string {
  const first = e.eventTime ? ago(e.eventTime, now) : ago(e.firstTimestamp, now)
  if (e.series) return `${ago(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`
  if ((e.count ?? 0) > 1) return `${ago(e.lastTimestamp, now)} (x${e.count} over ${first})`
  return first
}

function lastTime(e: KObject): number {
  return ms(e.series?.lastObservedTime) ?? ms(e.lastTimestamp) ?? ms(e.eventTime) ?? 0
}

function row(e: KObject, now: number, allNs: boolean): string {
  const o = e.involvedObject ?? e.regarding ?? {}
  const cells = [
    interval(e, now),
    e.type ?? '',
    e.reason ?? '',
    `${o.kind ?? ''}/${o.name ?? ''}`,
    String(e.message ?? e.note ?? '').trim(),
  ]
  if (allNs) cells.unshift(e.metadata.namespace ?? '')
  return cells.join('\t') + '\n'
}

function* events(inv: Invocation): Proc {
  inv.connect()
  const allNs = inv.flags.bool('all-namespaces')
  const types = inv.flags.list('types')
  for (const t of types)
    if (t !== 'Normal' && t !== 'Warning') throw new CliError('valid --types are Normal or Warning')
  let forKind: string | undefined
  let forName: string | undefined
  const forFlag = inv.flags.str('for')
  if (forFlag) {
    const [type, name] = forFlag.split('/')
    if (!name) throw new CliError(`--for must be in resource/name form`)
    forKind = resolveType(type).kind
    forName = name
  }
  const ns = allNs ? undefined : inv.namespace()
  const keep = (e: KObject): boolean => {
    const o = e.involvedObject ?? e.regarding ?? {}
    if (ns && e.metadata.namespace !== ns) return false
    if (types.length && !types.includes(e.type)) return false
    if (forKind && (o.kind !== forKind || o.name !== forName)) return false
    return true
  }
  // Go's unstable sort.Sort, as kubectl events uses: ties come out in its order
  const list = goSorted(
    inv.api.list('events', { namespace: ns }).items.filter(keep),
    (a, b) => lastTime(a) < lastTime(b),
  )
  const header = `${allNs ? 'NAMESPACE\t' : ''}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n`
  const noHeaders = inv.flags.bool('no-headers')
  const output = inv.flags.str('output')
  if (output)
    throw new CliError(
      `kubectl events -o ${output} is not available in this simulated cluster; use kubectl get events -o ${output}`,
    )
  const w = new TabWriter(KUBECTL_TABWRITER)
  const watching = inv.flags.bool('watch')
  if (list.length) {
    w.write((noHeaders ? '' : header) + list.map((e) => row(e, inv.ctx.now(), allNs)).join(''))
    inv.io.out(w.flush())
  } else if (!watching) {
    inv.io.err(allNs ? 'No events found.\n' : `No events found in ${ns} namespace.\n`)
    return 0
  }
  if (!watching) return 0
  let headerDone = list.length > 0 || noHeaders
  const queue: KObject[] = []
  const stop = inv.sim.watch((ev: WatchEvent) => {
    if (ev.resource === 'events' && ev.type !== 'DELETED' && keep(ev.object)) queue.push(ev.object)
  })
  try {
    const deadline = inv.ctx.now() + requestTimeoutMs(inv)
    for (;;) {
      const more = yield* waitFor(inv, () => queue.length > 0, deadline)
      if (queue.length) {
        w.write(
          (headerDone ? '' : header) +
            queue
              .splice(0)
              .map((e) => row(e, inv.ctx.now(), allNs))
              .join(''),
        )
        headerDone = true
        inv.io.out(w.flush())
      }
      if (!more) return inv.io.interrupted() ? 130 : 0
    }
  } finally {
    stop()
  }
}

registerCommand('events', events)

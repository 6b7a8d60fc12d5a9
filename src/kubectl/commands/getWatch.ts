import type { Effect, Proc } from '../../shell/types.ts'
import type { KObject, WatchEvent } from '../../sim/api/types.ts'
import { storageId, type ResourceInfo } from '../../sim/api/resources.ts'
import { matchesRequirements, parseLabelSelector } from '../../sim/api/selectors.ts'
import type { Invocation } from '../cli/command.ts'
import { parseDuration } from '../cli/flags.ts'
import { tableOptions, watchPrinter } from './output.ts'

/** How long a streaming command may run: --request-timeout, else until interrupted. */
export function requestTimeoutMs(inv: Invocation): number {
  const raw = inv.flags.str('request-timeout', '0')
  const ms = /^\d+$/.test(raw) ? Number(raw) * 1000 : (parseDuration(raw) ?? 0)
  return ms > 0 ? ms : Number.POSITIVE_INFINITY
}

/** Waits for the next thing to print, up to `deadline` (virtual ms); false when time ran out. */
export function* waitFor(
  inv: Invocation,
  ready: () => boolean,
  deadline: number,
): Generator<Effect, boolean, void> {
  for (;;) {
    if (ready()) return true
    if (inv.io.interrupted()) return false
    const left = deadline - inv.ctx.now()
    if (left <= 0) return false
    yield { type: 'wait', until: () => ready() || inv.io.interrupted(), maxMs: left }
  }
}

/** `kubectl get -w`: the current rows, then one row per change until interrupted. */
export function* watchRows(
  inv: Invocation,
  group: { info: ResourceInfo; objs: KObject[] },
  sel: { allNs: boolean; labelSelector?: string; fieldSelector?: string; names?: string[] },
): Proc {
  const { info } = group
  const ns = info.namespaced && !sel.allNs ? inv.namespace() : undefined
  const reqs = sel.labelSelector ? parseLabelSelector(sel.labelSelector) : []
  const queue: { type: string; obj: KObject }[] = []
  const id = storageId(info)
  const stop = inv.sim.watch((ev: WatchEvent) => {
    if (ev.resource !== id) return
    const o = ev.object
    if (ns && o.metadata.namespace !== ns) return
    if (sel.names && !sel.names.includes(o.metadata.name ?? '')) return
    if (reqs.length && !matchesRequirements(o.metadata.labels, reqs)) return
    queue.push({ type: ev.type, obj: o })
  })
  try {
    const printer = watchPrinter(inv, info, tableOptions(inv, { withNamespace: sel.allNs }))
    let header = true
    if (!inv.flags.bool('watch-only') && group.objs.length) {
      inv.io.out(printer.rows(group.objs, true))
      header = false
    } else if (!inv.flags.bool('watch-only') && !group.objs.length && !sel.names) {
      inv.io.err(ns ? `No resources found in ${ns} namespace.\n` : 'No resources found\n')
    }
    const deadline = inv.ctx.now() + requestTimeoutMs(inv)
    for (;;) {
      const more = yield* waitFor(inv, () => queue.length > 0, deadline)
      if (!more) return inv.io.interrupted() ? 130 : 0
      for (const ev of queue.splice(0)) {
        inv.io.out(header ? printer.rows([ev.obj], true, ev.type) : printer.event(ev.type, ev.obj))
        header = false
      }
    }
  } finally {
    stop()
  }
}

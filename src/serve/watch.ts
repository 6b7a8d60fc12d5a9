import type { ApiRequestHead, ResponseSink } from './handler.ts'
import type { Sim } from '../sim/sim.ts'
import type { WatchEvent } from '../sim/api/types.ts'
import { storageId } from '../sim/api/resources.ts'
import {
  matchesFields,
  matchesRequirements,
  parseFieldSelector,
  parseLabelSelector,
} from '../sim/api/selectors.ts'
import { gone } from '../sim/api/errors.ts'
import type { ResourceTarget } from './resources.ts'
import { asVersion } from './resources.ts'
import { toTable, wantsTable } from './table.ts'

/**
 * A watch as a chunked stream of JSON events. From resourceVersion N it replays what happened
 * after N (or sends 410 Gone as an ERROR event when N is too old); without one it starts with
 * ADDED events for what exists, as the API server does.
 */
export function streamWatch(
  sim: Sim,
  req: ApiRequestHead,
  res: ResponseSink,
  url: URL,
  t: ResourceTarget,
): void {
  const { info } = t
  const id = storageId(info)
  const labels = parseLabelSelector(url.searchParams.get('labelSelector') ?? '')
  const fields = parseFieldSelector(url.searchParams.get('fieldSelector') ?? '')
  const table = wantsTable(req.headers.accept)
  const includeObject = url.searchParams.get('includeObject') ?? 'Metadata'
  const bookmarks = url.searchParams.get('allowWatchBookmarks') === 'true'
  const timeout = Number(url.searchParams.get('timeoutSeconds') ?? 1800)
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache, private',
  })
  // Clients wait for the headers before they start reading events.
  res.flushHeaders()

  const matches = (ev: WatchEvent): boolean => {
    if (ev.resource !== id) return false
    const o = ev.object
    if (t.namespace && o.metadata.namespace !== t.namespace) return false
    if (t.name && o.metadata.name !== t.name) return false
    return matchesRequirements(o.metadata.labels, labels) && matchesFields(o, fields)
  }
  const send = (type: string, object: unknown): void => {
    res.write(JSON.stringify({ type, object }) + '\n')
  }
  const sendEvent = (ev: WatchEvent): void => {
    const obj = asVersion(ev.object, info, t.version)
    send(
      ev.type,
      table
        ? toTable(info, [obj], sim.now(), obj.metadata.resourceVersion ?? '', includeObject)
        : obj,
    )
  }

  const rv = url.searchParams.get('resourceVersion') ?? ''
  let unwatch: () => void = () => {}
  try {
    if (rv === '' || rv === '0') {
      for (const o of sim.api.list(info.id, { namespace: t.namespace }).items)
        sendEvent({ type: 'ADDED', resource: id, object: o })
    }
    unwatch = sim.api.watch(
      (ev) => {
        if (matches(ev)) sendEvent(ev)
      },
      rv === '' || rv === '0' ? undefined : rv,
    )
  } catch (e) {
    const err =
      e instanceof Error && 'status' in e
        ? (e as { status: unknown }).status
        : gone(String(e)).status
    send('ERROR', err)
    res.end()
    return
  }
  const bookmarkTimer = bookmarks
    ? setInterval(
        () =>
          send('BOOKMARK', {
            kind: info.kind,
            apiVersion: asVersion(
              { apiVersion: '', kind: info.kind, metadata: {} },
              info,
              t.version,
            ).apiVersion,
            metadata: { resourceVersion: String(sim.store.rv) },
          }),
        60_000,
      )
    : undefined
  const end = (): void => {
    unwatch()
    if (bookmarkTimer) clearInterval(bookmarkTimer)
    clearTimeout(stopTimer)
    res.end()
  }
  const stopTimer = setTimeout(end, timeout * 1000)
  void req
  res.on('close', end)
}

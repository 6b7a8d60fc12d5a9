import type { ResponseSink } from './handler.ts'
import type { Sim } from '../sim/sim.ts'
import type { KObject } from '../sim/api/types.ts'
import type { ContainerRuntime, LogLine } from '../sim/kubelet/runtimeApi.ts'
import { badRequest } from '../sim/api/errors.ts'

/** Real milliseconds between looks for new lines while following. */
const FOLLOW_POLL_MS = 50

function statusOf(pod: KObject, container: string): any {
  return [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.ephemeralContainerStatuses ?? []),
  ].find((c: any) => c.name === container)
}

/** RFC 3339 with nanoseconds, as the kubelet stamps lines for `timestamps=true`. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z')
}

/**
 * pods/log: the container's lines with `container`, `previous`, `sinceSeconds`, `sinceTime`,
 * `tailLines` and `timestamps`; with `follow=true` the response stays open and carries lines as
 * the simulated container writes them, until that container instance ends or the client leaves.
 */
export function sendLogs(sim: Sim, res: ResponseSink, url: URL, pod: KObject): void {
  const runtime = sim.services.get('runtime') as ContainerRuntime | undefined
  const containers = (pod.spec?.containers ?? []).map((c: any) => c.name as string)
  let container = url.searchParams.get('container') ?? ''
  if (!container) {
    if (containers.length !== 1) {
      throw badRequest(
        `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${containers.join(' ')}]`,
      )
    }
    container = containers[0]
  }
  if (
    !containers.includes(container) &&
    !(pod.spec?.initContainers ?? []).some((c: any) => c.name === container)
  ) {
    throw badRequest(`container ${container} is not valid for pod ${pod.metadata.name}`)
  }
  const previous = url.searchParams.get('previous') === 'true'
  const st = statusOf(pod, container)
  if (!runtime) throw badRequest('container logs are not available')
  let lines: LogLine[]
  try {
    lines = runtime.logs(pod, container, { previous })
  } catch (e) {
    throw badRequest((e as Error).message)
  }
  const total = lines.length
  const since = Number(url.searchParams.get('sinceSeconds') ?? 0)
  if (since > 0) lines = lines.filter((l) => l.time >= sim.now() - since * 1000)
  const sinceTime = Date.parse(url.searchParams.get('sinceTime') ?? '')
  if (!Number.isNaN(sinceTime)) lines = lines.filter((l) => l.time >= sinceTime)
  const tail = Number(url.searchParams.get('tailLines') ?? -1)
  if (tail >= 0) lines = lines.slice(Math.max(0, lines.length - tail))
  const stamps = url.searchParams.get('timestamps') === 'true'
  const text = (ls: LogLine[]): string =>
    ls.map((l) => (stamps ? stamp(l.time) + ' ' : '') + l.text + '\n').join('')

  // Following a running container: the kubelet keeps the stream open for that instance only.
  const followed = url.searchParams.get('follow') === 'true' && !previous && st?.state?.running
  if (!followed) {
    res.writeHead(200, { 'Content-Type': 'text/plain' })
    res.end(text(lines))
    return
  }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' })
  res.flushHeaders()
  if (lines.length) res.write(text(lines))
  followInstance(sim, runtime, res, pod, container, st.containerID, total, text)
}

function followInstance(
  sim: Sim,
  runtime: ContainerRuntime,
  res: ResponseSink,
  pod: KObject,
  container: string,
  containerID: string,
  sent: number,
  text: (ls: LogLine[]) => string,
): void {
  const read = (p: KObject, previous: boolean): LogLine[] => {
    try {
      return runtime.logs(p, container, { previous })
    } catch {
      return []
    }
  }
  const flush = (ls: LogLine[]): void => {
    if (ls.length > sent) res.write(text(ls.slice(sent)))
    sent = Math.max(sent, ls.length)
  }
  const stop = (): void => {
    clearInterval(timer)
    if (!res.writableEnded) res.end()
  }
  const timer = setInterval(() => {
    const live = sim.api.tryGet('pods', pod.metadata.namespace, pod.metadata.name!)
    if (!live || live.metadata.uid !== pod.metadata.uid) return stop()
    const st = statusOf(live, container)
    if (st?.state?.running && st.containerID === containerID) return flush(read(live, false))
    // The instance ended: its last lines, from wherever the runtime now keeps them.
    if (st?.state?.terminated?.containerID === containerID) flush(read(live, false))
    else if (st?.lastState?.terminated?.containerID === containerID) flush(read(live, true))
    stop()
  }, FOLLOW_POLL_MS)
  res.on('close', stop)
}

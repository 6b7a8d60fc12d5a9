import type { Proc } from '../../shell/types.ts'
import type { KObject } from '../../sim/api/types.ts'
import type { LogLine } from '../../sim/kubelet/runtimeApi.ts'
import { badRequest, isNotFound, isStatusError, type StatusError } from '../../sim/api/errors.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError } from '../cli/errors.ts'
import { parseDuration } from '../cli/flags.ts'
import { registerCommand } from '../cli/run.ts'
import {
  checkLogsAvailable,
  containerStatus,
  pickContainer,
  podForArg,
  podsBySelector,
  runtimeOf,
} from './pods.ts'
import { requestTimeoutMs, waitFor } from './getWatch.ts'

const USAGE = `error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.
POD or TYPE/NAME is a required argument for the logs command
See 'kubectl logs -h' for help and examples`

interface Source {
  pod: KObject
  container: string
}

/** RFC 3339 with nanoseconds, as the kubelet stamps lines for --timestamps. */
function stamp(ms: number): string {
  const iso = new Date(ms).toISOString()
  return iso.replace(/\.(\d{3})Z$/, (_, f: string) => `.${f}000000Z`)
}

function* logs(inv: Invocation): Proc {
  const selector = inv.flags.str('selector')
  if (!inv.args.length && !selector) throw new CliError(USAGE, true)
  if (inv.args.length > 2) throw new CliError(USAGE, true)
  inv.connect()
  const explicit = inv.flags.str('container') || (inv.args.length === 2 ? inv.args[1] : '')
  const allContainers = inv.flags.bool('all-containers')
  const previous = inv.flags.bool('previous')
  const follow = inv.flags.bool('follow')
  let pods: KObject[]
  if (selector) {
    if (inv.args.length) throw new CliError('only a selector (-l) or a POD name is allowed')
    pods = podsBySelector(inv, selector, inv.flags.bool('all-namespaces'))
    const max = inv.flags.int('max-log-requests', 5)
    if (follow && pods.length > max)
      throw new CliError(
        `you are attempting to follow ${pods.length} log streams, but maximum allowed concurrency is ${max}, use --max-log-requests to increase the limit`,
      )
    if (!pods.length) {
      inv.io.err(`No resources found in ${inv.namespace()} namespace.\n`)
      return 0
    }
  } else {
    try {
      pods = [podForArg(inv, inv.args[0], true)]
    } catch (e) {
      if (isNotFound(e))
        throw new CliError(
          `error from server (NotFound): ${(e as StatusError).status.message} in namespace "${inv.namespace()}"`,
        )
      throw e
    }
  }
  const sources: Source[] = []
  for (const pod of pods) {
    if (allContainers) {
      for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])])
        sources.push({ pod, container: c.name })
    } else sources.push({ pod, container: pickContainer(inv, pod, explicit) })
  }
  const prefix = inv.flags.bool('prefix')
  const tailFlag = inv.flags.int('tail', -1)
  const tail = tailFlag === -1 && selector ? 10 : tailFlag
  const sinceMs = inv.flags.has('since') ? parseDuration(inv.flags.str('since')) : undefined
  const sinceTime = inv.flags.str('since-time')
    ? Date.parse(inv.flags.str('since-time'))
    : undefined
  const from = sinceMs !== undefined ? inv.ctx.now() - sinceMs : sinceTime
  const rt = runtimeOf(inv)
  const printed = new Map<Source, number>()
  const render = (s: Source, lines: LogLine[]): void => {
    for (const l of lines) {
      let text = l.text + '\n'
      if (inv.flags.bool('timestamps')) text = `${stamp(l.time)} ${text}`
      if (prefix) text = `[pod/${s.pod.metadata.name}/${s.container}] ${text}`
      inv.io.out(text)
    }
  }
  const read = (s: Source): LogLine[] => {
    const live =
      inv.api.tryGet('pods', s.pod.metadata.namespace, s.pod.metadata.name ?? '') ?? s.pod
    if (!live.spec?.nodeName) return []
    checkLogsAvailable(live, s.container, previous)
    try {
      return rt.logs(live, s.container, { previous })
    } catch (e) {
      if (isStatusError(e)) throw e
      throw badRequest((e as Error).message)
    }
  }
  for (const s of sources) {
    let lines = read(s)
    const total = lines.length
    if (from !== undefined) lines = lines.filter((l) => l.time >= from)
    if (tail >= 0) lines = lines.slice(Math.max(0, lines.length - tail))
    render(s, lines)
    printed.set(s, total)
  }
  if (!follow || previous) return 0
  const deadline = inv.ctx.now() + requestTimeoutMs(inv)
  const running = (s: Source): boolean => {
    const live = inv.api.tryGet('pods', s.pod.metadata.namespace, s.pod.metadata.name ?? '')
    if (!live || live.metadata.uid !== s.pod.metadata.uid) return false
    const st = containerStatus(live, s.container)
    return !st?.state?.terminated
  }
  const fresh = (): boolean => sources.some((s) => safeCount(() => read(s)) > (printed.get(s) ?? 0))
  for (;;) {
    const more = yield* waitFor(inv, () => fresh() || !sources.some(running), deadline)
    for (const s of sources) {
      const lines = safeLines(() => read(s))
      render(s, lines.slice(printed.get(s) ?? 0))
      printed.set(s, lines.length)
    }
    if (!more) return inv.io.interrupted() ? 130 : 0
    if (!sources.some(running)) return 0
  }
}

function safeLines(f: () => LogLine[]): LogLine[] {
  try {
    return f()
  } catch {
    return []
  }
}

function safeCount(f: () => LogLine[]): number {
  return safeLines(f).length
}

registerCommand('logs', logs)

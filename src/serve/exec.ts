import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Sim } from '../sim/sim.ts'
import type { KObject } from '../sim/api/types.ts'
import type { CommandContext, IO } from '../shell/types.ts'
import { attachOutput, type ContainerRuntime } from '../sim/kubelet/runtimeApi.ts'
import { badRequest, StatusError } from '../sim/api/errors.ts'
import { createFs } from '../shell/fs.ts'
import { ChannelStream, V4, V5, webSocketChannels, type ChannelTransport } from './channels.ts'
import { acceptSpdyChannels } from './spdyChannels.ts'
import { driveRealTime } from './drive.ts'
import { TtyShell } from './ttyShell.ts'
import { isWebSocketUpgrade, offeredProtocols, WebSocketConn } from './websocket.ts'

const SHELL = /(^|\/)(ba|a|da)?sh$/

/** The container a stream request names, checked as the API server's streamLocation does. */
export function streamContainer(pod: KObject, requested: string): string {
  const name = pod.metadata.name
  const names = (list: any[] | undefined): string[] => (list ?? []).map((c) => c.name as string)
  const containers = names(pod.spec?.containers)
  let container = requested
  if (!container) {
    if (containers.length !== 1) {
      const init = names(pod.spec?.initContainers)
      throw badRequest(
        `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]` +
          (init.length ? ` or one of the init containers: [${init.join(' ')}]` : ''),
      )
    }
    container = containers[0]
  }
  const all = [
    ...containers,
    ...names(pod.spec?.initContainers),
    ...names(pod.spec?.ephemeralContainers),
  ]
  if (!all.includes(container))
    throw badRequest(`container ${container} is not valid for pod ${name}`)
  if (!pod.spec?.nodeName) throw badRequest(`pod ${name} does not have a host assigned`)
  return container
}

function running(pod: KObject, container: string): boolean {
  const all = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.ephemeralContainerStatuses ?? []),
  ]
  return !!all.find((s: any) => s.name === container)?.state?.running
}

function flag(url: URL, name: string): boolean {
  const v = url.searchParams.get(name)
  return v === 'true' || v === '1'
}

/**
 * `exec` and `attach` as kube-apiserver v1.32 serves kubectl v1.32: a WebSocket upgrade with
 * the v5 (or v4) channel protocol, or kubectl's fallback, a SPDY upgrade with v4. Errors found
 * before the upgrade are HTTP Status responses (thrown as StatusError); after it they arrive on
 * the error channel.
 */
export function serveRemoteCommand(
  sim: Sim,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  url: URL,
  pod: KObject,
  kind: 'exec' | 'attach',
): void {
  const container = streamContainer(pod, url.searchParams.get('container') ?? '')
  const tty = flag(url, 'tty')
  const opts = { stdout: flag(url, 'stdout'), stderr: flag(url, 'stderr'), tty }
  const begin = (t: ChannelTransport, translated: boolean): void =>
    session(sim, new ChannelStream(t, { ...opts, translated }), url, pod, container, kind)
  if (isWebSocketUpgrade(req)) {
    const offered = offeredProtocols(req)
    const protocol = [V5, V4].find((p) => offered.includes(p))
    if (!protocol)
      throw badRequest(
        `kubeplay serve streams ${kind} over WebSocket with the ${V5} or ${V4} subprotocol only`,
      )
    return begin(webSocketChannels(WebSocketConn.accept(req, socket, head, protocol)), true)
  }
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'spdy/3.1')
    throw badRequest('Upgrade request required')
  // Over SPDY the API server proxies the kubelet's own answer: a refused upgrade is plain text.
  if (!sim.services.get('runtime') || !running(pod, container)) {
    const body = `container not found ("${container}")\n`
    socket.end(
      'HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\n' +
        `X-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    )
    return
  }
  const wanted = ['error', 'stdin', 'stdout', 'stderr', 'resize'].filter((w) =>
    w === 'error' ? true : w === 'resize' ? tty : flag(url, w),
  )
  acceptSpdyChannels(req, socket, head, wanted, (t) => begin(t, false))
}

/** What runs once the streams are open: an interactive shell, a command, or attached output. */
function session(
  sim: Sim,
  ch: ChannelStream,
  url: URL,
  pod: KObject,
  container: string,
  kind: 'exec' | 'attach',
): void {
  const tty = flag(url, 'tty')
  const stdin = flag(url, 'stdin')
  const rt = sim.services.get('runtime') as ContainerRuntime | undefined
  if (!rt || !running(pod, container)) {
    ch.failWith(`unable to upgrade connection: container not found ("${container}")`)
    return
  }
  const command = url.searchParams.getAll('command')
  const target: Target = { sim, rt, ch, pod, container, tty }
  const exec = (argv: string[], input: string, interrupted: () => boolean) =>
    runIn(target, argv, input, interrupted)
  const shellSession =
    tty && stdin && (kind === 'attach' || (command.length === 1 && SHELL.test(command[0])))
  if (shellSession) {
    const shell = kind === 'exec' ? command[0] : 'sh'
    // A shell the image lacks fails at once, before any prompt, as the runtime's exec does.
    const missing = startError(target, [shell])
    if (missing) return ch.failWith(missing)
    // Attached to the container's own shell: its end is the shell's end, or stdin closing.
    let ended = kind !== 'attach'
    const attachEnded = (end: { code: number } | 'detached'): void => {
      if (ended) return
      ended = true
      const live = sim.api.tryGet('pods', pod.metadata.namespace, pod.metadata.name!) ?? pod
      rt.attachEnded?.(live, container, end)
    }
    new TtyShell(ch, {
      prompt: rt.prompt(pod, container),
      promptFirst: kind === 'exec',
      run: (line, interrupted) => exec([shell, '-c', line], '', interrupted),
      onExit: (code) => attachEnded({ code }),
    })
    const shellInput = ch.onStdinEnd
    ch.onStdinEnd = () => {
      // The client left without ending the shell.
      if (!ch.open) attachEnded('detached')
      shellInput()
    }
    return
  }
  const reads = kind === 'attach' && stdin && !tty ? rt.inputCommand?.(pod, container) : undefined
  if (reads) return feedInput(target, reads)
  if (kind === 'attach') return followOutput(target)
  const start = (input: string): void => {
    void exec(command, input, () => false).then((code) => {
      if (code !== undefined) ch.exit(code)
    })
  }
  if (tty) {
    // A raw terminal sends Ctrl-C as a byte; the line discipline turns it into SIGINT.
    let interrupted = false
    ch.onStdin = (d) => {
      if (!interrupted && d.includes(3)) {
        interrupted = true
        ch.raw('^C')
      }
    }
    void exec(command, '', () => interrupted).then((code) => {
      if (code !== undefined) ch.exit(code)
    })
    return
  }
  if (!stdin) return start('')
  // Commands read their standard input whole, so it is gathered until the client closes it.
  const chunks: Buffer[] = []
  ch.onStdin = (d) => chunks.push(Buffer.from(d))
  ch.onStdinEnd = () => {
    if (ch.open) start(Buffer.concat(chunks).toString('utf8'))
  }
}

/** The container a stream is connected to, and the stream. */
interface Target {
  sim: Sim
  rt: ContainerRuntime
  ch: ChannelStream
  pod: KObject
  container: string
  tty: boolean
}

function contextFor(
  { sim, ch, tty }: Target,
  stdin: string,
  interrupted: () => boolean,
): CommandContext {
  const io: IO = { stdin, out: (t) => ch.out(t), err: (t) => ch.err(t), interrupted, isTTY: tty }
  return { io, env: {}, cwd: '/', fs: createFs(), now: () => sim.now(), resolve: (p) => p }
}

/**
 * Why the runtime would refuse to start argv, if it would: it checks the executable when the
 * process is created, before the process runs (the process created here never runs).
 */
function startError(t: Target, argv: string[]): string | undefined {
  try {
    t.rt.exec(
      t.pod,
      t.container,
      argv,
      contextFor(t, '', () => false),
    )
    return undefined
  } catch (e) {
    return e instanceof StatusError ? e.status.message : String(e)
  }
}

/** Runs argv in the container; failures go to the error channel. Undefined when abandoned. */
async function runIn(
  target: Target,
  argv: string[],
  stdin: string,
  interrupted: () => boolean,
): Promise<number | undefined> {
  const { sim, rt, ch, pod, container } = target
  const ctx = contextFor(target, stdin, interrupted)
  try {
    const live = sim.api.tryGet('pods', pod.metadata.namespace, pod.metadata.name!) ?? pod
    return await driveRealTime(sim, rt.exec(live, container, argv, ctx), {
      interrupted,
      cancelled: () => !ch.open,
    })
  } catch (e) {
    const message = e instanceof StatusError ? e.status.message : String(e)
    ch.failWith(message)
    return undefined
  }
}

/**
 * `attach -i` without a terminal to a process blocked on its stdin (`kubectl run -i … -- cat`):
 * what the client sends, to its end, is what the process reads; its output reaches the client
 * through the container's log, as the rest of an attach's output does.
 */
function feedInput(target: Target, argv: string[]): void {
  const { sim, rt, ch, pod, container } = target
  const chunks: Buffer[] = []
  ch.onStdin = (d) => chunks.push(Buffer.from(d))
  ch.onStdinEnd = () => {
    const live = sim.api.tryGet('pods', pod.metadata.namespace, pod.metadata.name!) ?? pod
    if (!ch.open) return rt.attachEnded?.(live, container, 'detached')
    const { output, keep } = attachOutput()
    const io: IO = {
      stdin: Buffer.concat(chunks).toString('utf8'),
      out: (t) => keep('stdout', t),
      err: (t) => keep('stderr', t),
      interrupted: () => false,
      isTTY: false,
    }
    const ctx: CommandContext = {
      io,
      env: {},
      cwd: '/',
      fs: createFs(),
      now: () => sim.now(),
      resolve: (p) => p,
    }
    const run = { interrupted: () => false, cancelled: () => false }
    void driveRealTime(sim, rt.exec(live, container, argv, ctx), run).then(
      (code) => rt.attachEnded?.(live, container, { code: code ?? 130, output }),
      () => rt.attachEnded?.(live, container, { code: 1, output }),
    )
  }
  followOutput(target)
}

/** Non-interactive attach: the container's output from now on, until it exits or the client leaves. */
function followOutput({ sim, rt, ch, pod, container }: Target): void {
  const live = (): KObject | undefined => {
    const p = sim.api.tryGet('pods', pod.metadata.namespace, pod.metadata.name!)
    return p && p.metadata.uid === pod.metadata.uid ? p : undefined
  }
  const read = (p: KObject) => {
    try {
      return rt.logs(p, container)
    } catch {
      return []
    }
  }
  let shown = read(pod).length
  const timer = setInterval(() => {
    const p = live()
    if (p) {
      const lines = read(p)
      for (const l of lines.slice(shown))
        (l.stream === 'stderr' ? ch.err : ch.out).call(ch, l.text + '\n')
      shown = lines.length
    }
    if (!ch.open || !p || !running(p, container)) {
      clearInterval(timer)
      ch.exit(0)
    }
  }, 50)
}

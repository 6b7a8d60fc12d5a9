import { writeFileSync } from 'node:fs'
import { startServer } from '../serve/server.ts'
import { kubeconfigFor } from '../serve/kubeconfig.ts'
import { createSession, type Session } from '../session/session.ts'
import { sessionFromLink } from '../share/sessionLink.ts'
import { parseCommon, UsageError, type CommonOptions } from './options.ts'
import { applyScenario } from './run.ts'
import { courseLesson } from './linkLesson.ts'

const USAGE = `Usage: kubeplay serve [options]

Serves the simulated cluster as a Kubernetes API on 127.0.0.1, so the real kubectl can drive it:
  kubectl --kubeconfig FILE get nodes

Options:
  --port N              port on 127.0.0.1 (default 6443; 0 picks a free one)
  --kubeconfig FILE     write the kubeconfig to FILE instead of printing it
  --speed N             time runs N times faster than the wall clock (default 1)
  --seed N              seed for the cluster (default 1)
  --cluster NAME        kubeadm (default), minikube, tutorial-001 or large
  --profile NAME        realistic (default) or fast (no image pull or start delays)
  --files DIR           files for the scenario's set-up commands (copied into /root)
  --scenario FILE       start from a lesson scenario (YAML/JSON: cluster, seed, files, setup,
                        settleSeconds)
  --link URL            start from the cluster a Kubeplay share link holds

The cluster's clock is the wall clock: a scenario or link that lets time pass is replayed so that
it ends now. Streams exec, attach, logs -f and port-forward as kubectl 1.32 expects (WebSocket,
SPDY). What is not served, and how it answers, is listed in docs/serve.md.
`

/**
 * The cluster to serve, its clock ending at the wall clock's now: kubectl prints ages against its
 * own clock, so a set-up that lets virtual time pass is replayed once to learn how much, then
 * again from that much earlier. Replays are deterministic, so both runs build the same cluster.
 */
export function servedSession(opts: CommonOptions): Session {
  const build = (start: number): Session => {
    if (opts.link) {
      const opened = sessionFromLink(opts.link, courseLesson, start)
      if (!opened.ok) throw new UsageError(opened.error)
      return opened.session
    }
    const session = createSession({ seed: 1, ...opts.session, start })
    applyScenario(session, opts.scenario)
    return session
  }
  const now = Date.now()
  const first = build(now)
  const elapsed = first.sim.now() - now
  return elapsed > 0 ? build(Date.now() - elapsed) : first
}

/** `kubeplay serve`: a Kubernetes API endpoint over a fresh simulated cluster. */
export async function serveCommand(argv: string[]): Promise<number> {
  const opts = parseCommon(argv)
  let port = 6443
  let speed = 1
  let kubeconfig: string | undefined
  const rest = opts.rest
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]
    const val = (): string => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : rest[++i]
      if (v === undefined) throw new UsageError(`${a} needs a value`)
      return v
    }
    if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE)
      return 0
    } else if (a === '--port' || a.startsWith('--port=')) port = Number(val())
    else if (a === '--speed' || a.startsWith('--speed=')) speed = Number(val())
    else if (a === '--kubeconfig' || a.startsWith('--kubeconfig=')) kubeconfig = val()
    else throw new UsageError(`unknown option "${a}"`)
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port must be a port number')
  if (!(speed > 0)) throw new UsageError('--speed must be positive')
  const sim = servedSession(opts).sim
  if (opts.link && sim.now() < Date.now() - 60_000)
    process.stderr.write(
      `kubeplay serve: the link holds a saved cluster whose clock is at ${new Date(sim.now()).toISOString()}; kubectl will print ages against your clock\n`,
    )
  let server: Awaited<ReturnType<typeof startServer>>
  try {
    server = await startServer(sim, { port, speed })
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw e
    const why = code === 'EADDRINUSE' ? 'address already in use' : 'permission denied'
    process.stderr.write(
      `kubeplay serve: listen tcp 127.0.0.1:${port}: bind: ${why} (choose another with --port)\n`,
    )
    return 1
  }
  const config = kubeconfigFor(server.url)
  if (kubeconfig) {
    writeFileSync(kubeconfig, config)
    process.stdout.write(
      `Serving the simulated cluster at ${server.url}\nkubeconfig written to ${kubeconfig}:  kubectl --kubeconfig ${kubeconfig} get nodes\n`,
    )
  } else {
    process.stdout.write(
      `Serving the simulated cluster at ${server.url}\nSave this kubeconfig and use it with kubectl --kubeconfig FILE:\n\n${config}`,
    )
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      void server.stop().then(resolve)
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  return 0
}

import { writeFileSync } from 'node:fs'
import { createSim } from '../sim/sim.ts'
import { presetCluster, type PresetName, PRESET_NAMES } from '../sim/cluster/presets.ts'
import { startServer } from '../serve/server.ts'
import { kubeconfigFor } from '../serve/kubeconfig.ts'
import { CLUSTER_UP_FOR_MS } from '../session/session.ts'
import { UsageError } from './options.ts'

const USAGE = `Usage: kubeplay serve [--port 6443] [--seed N] [--cluster kubeadm|minikube|tutorial-001] [--speed N] [--kubeconfig FILE]

Serves the simulated cluster as a Kubernetes API on 127.0.0.1, so the real kubectl can drive it:
  kubectl --kubeconfig FILE get nodes
Time runs with the wall clock (--speed N makes it N times faster).
Streams exec, attach, logs -f and port-forward as kubectl 1.32 expects (WebSocket, SPDY).
Not served: CBOR bodies, server-side apply (see docs/serve.md).
`

/** `kubeplay serve`: a Kubernetes API endpoint over a fresh simulated cluster. */
export async function serveCommand(argv: string[]): Promise<number> {
  let port = 6443
  let seed = 1
  let speed = 1
  let cluster: PresetName = 'kubeadm'
  let kubeconfig: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const val = (): string => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]
      if (v === undefined) throw new UsageError(`${a} needs a value`)
      return v
    }
    if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE)
      return 0
    } else if (a.startsWith('--port')) port = Number(val())
    else if (a.startsWith('--seed')) seed = Number(val())
    else if (a.startsWith('--speed')) speed = Number(val())
    else if (a.startsWith('--kubeconfig')) kubeconfig = val()
    else if (a.startsWith('--cluster')) {
      const c = val()
      if (!PRESET_NAMES.includes(c as PresetName)) throw new UsageError(`unknown cluster "${c}"`)
      cluster = c as PresetName
    } else throw new UsageError(`unknown option "${a}"`)
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port must be a port number')
  if (!(speed > 0)) throw new UsageError('--speed must be positive')
  const sim = createSim({ seed, start: Date.now(), cluster: presetCluster(cluster), upForMs: CLUSTER_UP_FOR_MS })
  const server = await startServer(sim, { port, speed })
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

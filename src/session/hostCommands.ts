import type { Command, CommandContext, Effect, Proc } from '../shell/types.ts'
import type { CommandTable } from '../shell/state.ts'
import type { Sim } from '../sim/sim.ts'
import type { ClusterNetwork } from '../sim/network/networkApi.ts'
import type { KObject } from '../sim/api/types.ts'
import type { AttachRequest } from '../kubectl/index.ts'
import { coreUtils } from '../shell/coreUtils.ts'
import { netCommands } from '../shell/net/tools.ts'
import { localHttp } from '../kubectl/forwards.ts'
import { kubectl } from '../kubectl/index.ts'
import { minikubeTunnel } from '../sim/controllers/serviceLoadBalancer.ts'

type Gen = Generator<Effect, number, void>

export interface HostOptions {
  /** The terminal's hook for `kubectl exec -it` and friends (the REPL and the app provide one). */
  attach?: (req: AttachRequest) => Proc
}

/** The programs on the control-plane node: core utilities, kubectl, network clients, editors, minikube. */
export function hostCommands(sim: Sim, node: string, opts: HostOptions = {}): CommandTable {
  const table: CommandTable = {
    ...coreUtils,
    ...netCommands({
      origin: () => ({ node }),
      network: () => sim.services.get('network') as ClusterNetwork | undefined,
      localHttp: (port, req) => localHttp(sim, port, req),
    }),
    kubectl: (args, ctx) => kubectl(args, { ...ctx, sim, attach: opts.attach }),
    vi: editor('vi'),
    vim: editor('vim'),
    nano: editor('nano'),
  }
  if (sim.cluster.flavor === 'minikube') table.minikube = (args, ctx) => minikube(args, ctx, sim)
  return table
}

function editor(name: string): Command {
  return function* (args, ctx) {
    const file = args.find((a) => !a.startsWith('-') && !a.startsWith('+'))
    if (!file) {
      ctx.io.err(
        `${name}: give the file to edit (${name} FILE): the editor here opens files, not empty buffers\n`,
      )
      return 1
    }
    const path = ctx.resolve(file)
    if (ctx.fs.isDir(path)) {
      ctx.io.err(`${name}: ${file} is a directory\n`)
      return 1
    }
    yield { type: 'edit', path }
    return 0
  }
}

function nodePorts(svc: KObject): number[] {
  const ports = ((svc.spec as { ports?: { nodePort?: number }[] } | undefined)?.ports ?? []).map(
    (p) => p.nodePort,
  )
  return ports.filter((p): p is number => typeof p === 'number')
}

/** The parts of minikube a learner uses once the cluster is running. */
function* minikube(args: string[], ctx: CommandContext, sim: Sim): Gen {
  const sub = args[0]
  const nodeIp = sim.cluster.nodes[0].ip
  const ns = flagValue(args, '-n', '--namespace') ?? 'default'
  switch (sub) {
    case 'ip':
      ctx.io.out(nodeIp + '\n')
      return 0
    case 'status':
      ctx.io.out(
        `${sim.cluster.nodes[0].name}\ntype: Control Plane\nhost: Running\nkubelet: Running\napiserver: Running\nkubeconfig: Configured\n\n`,
      )
      return 0
    case 'service': {
      const name = args
        .slice(1)
        .find(
          (a, i, all) => !a.startsWith('-') && all[i - 1] !== '-n' && all[i - 1] !== '--namespace',
        )
      if (name === 'list' || !name) {
        ctx.io.err(
          `minikube service${name ? ' list' : ''}: only \`minikube service NAME --url\` is simulated here\n`,
        )
        return 1
      }
      const svc = sim.api.tryGet('services', ns, name)
      if (!svc) {
        ctx.io.err(
          `\n❌  Exiting due to SVC_NOT_FOUND: Service '${name}' was not found in '${ns}' namespace.\nYou may select another namespace by using 'minikube service ${name} -n <namespace>'. Or list out all the services using 'minikube service list'\n\n`,
        )
        return 1
      }
      const ports = nodePorts(svc)
      if (!ports.length) {
        ctx.io.err(`😿  service ${ns}/${name} has no node port\n`)
        return 1
      }
      if (!args.includes('--url')) {
        ctx.io.err(
          'minikube service without --url would open a browser; use `minikube service ' +
            name +
            ' --url` here\n',
        )
        return 1
      }
      for (const p of ports) ctx.io.out(`http://${nodeIp}:${p}\n`)
      return 0
    }
    case 'tunnel': {
      const keys = minikubeTunnel(sim, true)
      ctx.io.out(
        '✅  Tunnel successfully started\n\n📌  NOTE: Please do not close this terminal as this process must stay alive for the tunnel to be accessible ...\n\n',
      )
      for (const k of keys) ctx.io.out(`🏃  Starting tunnel for service ${k.split('/')[1]}.\n`)
      try {
        while (!ctx.io.interrupted())
          yield { type: 'wait', until: () => ctx.io.interrupted(), maxMs: Number.POSITIVE_INFINITY }
      } finally {
        minikubeTunnel(sim, false)
      }
      return 130
    }
    default:
      ctx.io.err(
        `minikube ${sub ?? ''}: not simulated here; the cluster is already running (try: minikube ip, status, service NAME --url, tunnel)\n`.replace(
          'minikube : ',
          'minikube: ',
        ),
      )
      return 1
  }
}

function flagValue(args: string[], short: string, long: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === short || args[i] === long) return args[i + 1]
    if (args[i].startsWith(long + '=')) return args[i].slice(long.length + 1)
  }
  return undefined
}

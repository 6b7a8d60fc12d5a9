import type { Proc } from '../../shell/types.ts'
import type { KObject } from '../../sim/api/types.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError, usageError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { listen, listeners, unlisten, type Listener } from '../forwards.ts'
import { podForArg } from './pods.ts'
import { waitFor } from './getWatch.ts'
import { requestTimeoutMs } from './getWatch.ts'

interface Mapping {
  local: number
  remote: number
}

/** A service port names the pod port through targetPort (a number, or a container port name). */
function remotePortFor(inv: Invocation, arg: string, port: string, pod: KObject): number {
  const slash = arg.indexOf('/')
  const type = slash < 0 ? '' : arg.slice(0, slash).toLowerCase()
  if (!['svc', 'service', 'services'].includes(type)) {
    if (/^\d+$/.test(port)) return Number(port)
    for (const c of pod.spec?.containers ?? [])
      for (const p of c.ports ?? []) if (p.name === port) return p.containerPort
    throw new CliError(`Pod '${pod.metadata.name}' does not have a named port '${port}'`)
  }
  const svc = inv.api.get('services', inv.namespace(), arg.slice(slash + 1))
  const sp = (svc.spec?.ports ?? []).find((p: any) => String(p.port) === port || p.name === port)
  if (!sp) throw new CliError(`Service ${svc.metadata.name} does not have a service port ${port}`)
  const target = sp.targetPort ?? sp.port
  if (typeof target === 'number') return target
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? []) if (p.name === target) return p.containerPort
  throw new CliError(`Pod '${pod.metadata.name}' does not have a named port '${target}'`)
}

function* portForward(inv: Invocation): Proc {
  if (inv.args.length < 2)
    throw usageError(inv.path, 'TYPE/NAME and list of ports are required for port-forward')
  inv.connect()
  const [target, ...specs] = inv.args
  const pod = podForArg(inv, target, false)
  if (pod.status?.phase !== 'Running')
    throw new CliError(
      `unable to forward port because pod is not running. Current status=${pod.status?.phase ?? 'Pending'}`,
    )
  const mappings: Mapping[] = specs.map((s) => {
    const [l, r] = s.includes(':') ? s.split(':') : [s, s]
    const remote = remotePortFor(inv, target, r, pod)
    let local = l === '' ? 0 : Number(l)
    if (local === 0) {
      local = 30000 + inv.sim.rng.int(30000)
      while (listeners(inv.sim).has(local)) local++
    }
    return { local, remote }
  })
  const addresses = (
    inv.flags.list('address').length ? inv.flags.list('address') : ['localhost']
  ).flatMap((a) => (a === 'localhost' ? ['127.0.0.1', '[::1]'] : [a]))
  const claimed: number[] = []
  try {
    for (const m of mappings) {
      const l: Listener = {
        kind: 'port-forward',
        namespace: pod.metadata.namespace ?? '',
        pod: pod.metadata.name ?? '',
        podPort: m.remote,
        connections: 0,
      }
      if (!listen(inv.sim, m.local, l)) {
        inv.io.err(
          `Unable to listen on port ${m.local}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:${m.local}: bind: address already in use unable to create listener: Error listen tcp6 [::1]:${m.local}: bind: address already in use]\n`,
        )
        throw new CliError(
          `unable to listen on any of the requested ports: [{${m.local} ${m.remote}}]`,
        )
      }
      claimed.push(m.local)
      for (const a of addresses) inv.io.out(`Forwarding from ${a}:${m.local} -> ${m.remote}\n`)
    }
    const seen = new Map(claimed.map((p) => [p, 0]))
    const deadline = inv.ctx.now() + requestTimeoutMs(inv)
    const podGone = (): boolean =>
      inv.api.tryGet('pods', pod.metadata.namespace, pod.metadata.name ?? '')?.metadata.uid !==
      pod.metadata.uid
    const activity = (): boolean =>
      podGone() ||
      claimed.some((p) => (listeners(inv.sim).get(p)?.connections ?? 0) > (seen.get(p) ?? 0))
    for (;;) {
      const more = yield* waitFor(inv, activity, deadline)
      for (const p of claimed) {
        const n = listeners(inv.sim).get(p)?.connections ?? 0
        for (let i = seen.get(p) ?? 0; i < n; i++) inv.io.out(`Handling connection for ${p}\n`)
        seen.set(p, n)
      }
      if (!more) return inv.io.interrupted() ? 130 : 0
      if (podGone()) throw new CliError('lost connection to pod')
    }
  } finally {
    for (const p of claimed) unlisten(inv.sim, p)
  }
}

function* proxy(inv: Invocation): Proc {
  inv.connect()
  const port = inv.flags.int('port', 8001)
  const address = inv.flags.str('address', '127.0.0.1') || '127.0.0.1'
  if (!listen(inv.sim, port, { kind: 'proxy', connections: 0 }))
    throw new CliError(`listen tcp ${address}:${port}: bind: address already in use`)
  try {
    inv.io.out(`Starting to serve on ${address}:${port}\n`)
    yield* waitFor(inv, () => false, inv.ctx.now() + requestTimeoutMs(inv))
    return inv.io.interrupted() ? 130 : 0
  } finally {
    unlisten(inv.sim, port)
  }
}

registerCommand('port-forward', portForward)
registerCommand('proxy', proxy)

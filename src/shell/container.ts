/* eslint-disable require-yield -- commands are generators by contract, also those that never wait */
import type { Command, CommandContext, Proc } from './types.ts'
import type { ImageDef, Program, ProgramContext } from '../sim/images/types.ts'
import type { KObject } from '../sim/api/types.ts'
import type { ClusterNetwork } from '../sim/network/networkApi.ts'
import type { Sim } from '../sim/sim.ts'
import type { CommandTable, Dialect } from './state.ts'
import { setScriptRunner, setToolProvider } from '../sim/kubelet/programs.ts'
import { coreUtils } from './coreUtils.ts'
import { netCommands } from './net/tools.ts'
import { newState } from './state.ts'
import { runScript } from './interpreter.ts'
import { joinPath } from './fs.ts'

/**
 * Shells and tools inside containers: the kubelet runs `sh -c '…'` container commands through the
 * interpreter, and `kubectl exec` finds the image's tools (ls, cat, wget, curl) here. Only what the
 * image ships is available; anything else is "not found", as in the real image.
 */

/** Builtins every POSIX shell has, whatever else the image ships. */
const SHELL_BUILTINS = ['echo', 'printf', 'test', '[', 'true', 'false', 'pwd']
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash'])

/** What `kubectl exec` may add to the command context so network tools know where they run. */
export interface ContainerExecContext extends CommandContext {
  pod?: KObject
  services?: Map<string, unknown>
}

function dialectOf(image: ImageDef, shell: string): Dialect {
  if (shell === 'bash') return 'bash'
  return image.shell === 'bash' ? 'bash' : image.shell === 'dash' ? 'dash' : 'ash'
}

/** The command table of a container: the image's tools we implement, its programs, network clients. */
export function containerCommands(
  image: ImageDef,
  net: { pod(): KObject | undefined; network(): ClusterNetwork | undefined },
  programs: Record<string, Command> = {},
): CommandTable {
  const table: CommandTable = {}
  const nets = netCommands({
    origin: () => ({ pod: net.pod() as KObject }),
    network: () => net.network(),
  })
  for (const [name, c] of Object.entries(nets)) {
    nets[name] = (args, ctx) =>
      net.pod()
        ? c(args, ctx)
        : failing(ctx, `${name}: the cluster network is not reachable from this exec session`, 1)
  }
  const available: CommandTable = { ...coreUtils, ...nets }
  for (const name of [...SHELL_BUILTINS, ...image.tools])
    if (available[name]) table[name] = available[name]
  return { ...table, ...programs }
}

/** `sh [-c script [name args…]] [file]`: a shell process in the container. */
export function shellCommand(
  image: ImageDef,
  shell: string,
  commands: () => CommandTable,
): Command {
  return (args, ctx) => {
    let i = 0
    let script: string | undefined
    while (i < args.length && args[i].startsWith('-')) {
      if (args[i] === '-c') script = args[++i] ?? ''
      i++
    }
    let rest = args.slice(i)
    let name = shell
    if (script === undefined && rest.length) {
      const text = ctx.fs.read(ctx.resolve(rest[0]))
      if (text === undefined)
        return failing(
          ctx,
          `${shell}: can't open '${rest[0]}': No such file or directory`,
          dialectOf(image, shell) === 'bash' ? 127 : 2,
        )
      name = rest[0]
      script = text
      rest = rest.slice(1)
    } else if (script !== undefined && rest.length) {
      name = rest[0]
      rest = rest.slice(1)
    }
    const state = newState({
      env: ctx.env,
      cwd: ctx.cwd,
      name: name === shell ? shell : name,
      dialect: dialectOf(image, shell),
      pid: 1,
    })
    state.interactive = false
    state.positional = rest
    return runScript(
      script ?? ctx.io.stdin,
      { ...ctx, io: { ...ctx.io, stdin: script === undefined ? '' : ctx.io.stdin } },
      commands(),
      state,
    )
  }
}

function* failing(ctx: CommandContext, msg: string, code: number): Proc {
  ctx.io.err(msg + '\n')
  return code
}

function programCommands(image: ImageDef, pctx: ProgramContext): Record<string, Command> {
  const out: Record<string, Command> = {}
  for (const [name, program] of Object.entries(image.programs))
    out[name] = adapt(name, program, pctx)
  return out
}

/** An image program called from a script runs with the script's streams and environment. */
function adapt(name: string, program: Program, pctx: ProgramContext): Command {
  return (args, ctx) =>
    program({
      ...pctx,
      argv: [name, ...args],
      env: ctx.env,
      fs: ctx.fs,
      out: (t) => ctx.io.out(t),
      err: (t) => ctx.io.err(t),
    })
}

function podOf(
  services: Map<string, unknown> | undefined,
  pod: { name: string; namespace: string },
): KObject | undefined {
  const sim = services?.get('sim') as Sim | undefined
  return sim?.api.tryGet('pods', pod.namespace, pod.name)
}

setScriptRunner((image, shell, script, args) => (pctx) => {
  const sim = pctx.service<Sim>('sim')
  let commands: CommandTable = {}
  const net = {
    pod: () => podOf(sim?.services, pctx.pod),
    network: () => pctx.service<ClusterNetwork>('network'),
  }
  commands = {
    ...containerCommands(image, net, programCommands(image, pctx)),
    ...Object.fromEntries(
      [...SHELLS]
        .filter((s) => s === 'sh' || image.tools.includes(s) || (s === 'bash' && image.bash))
        .map((s) => [s, shellCommand(image, s, () => commands)]),
    ),
  }
  const cwd = image.workdir ?? '/'
  const state = newState({
    env: pctx.env,
    cwd,
    name: args[0] ?? shell,
    dialect: dialectOf(image, shell),
    pid: 1,
  })
  state.interactive = false
  state.positional = args.slice(1)
  const ctx: CommandContext = {
    io: { stdin: '', out: pctx.out, err: pctx.err, interrupted: () => false, isTTY: false },
    env: pctx.env,
    cwd,
    fs: pctx.fs,
    now: pctx.now,
    resolve: (p) => joinPath(cwd, p),
  }
  return runScript(script, ctx, commands, state)
})

setToolProvider((image, name) => {
  const tableFor = (ctx: CommandContext): CommandTable => {
    const x = ctx as ContainerExecContext
    const table = containerCommands(image, {
      pod: () => x.pod,
      network: () => x.services?.get('network') as ClusterNetwork | undefined,
    })
    for (const s of SHELLS)
      if (s === 'sh' || image.tools.includes(s) || (s === 'bash' && image.bash))
        table[s] = shellCommand(image, s, () => table)
    return table
  }
  if (SHELLS.has(name))
    return (args, ctx) => shellCommand(image, name, () => tableFor(ctx))(args, ctx)
  return (args, ctx) => {
    const c = tableFor(ctx)[name]
    if (!c) return failing(ctx, `${name}: not implemented in this simulated image`, 127)
    return c(args, ctx)
  }
})

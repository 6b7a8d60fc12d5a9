import type { KObject } from '../api/types.ts'
import type { ClusterNetwork } from '../network/networkApi.ts'
import type { ImageDef, Program, ProgramContext } from '../images/types.ts'
import type { CommandContext } from '../../shell/types.ts'
import type { CommandTable, Dialect } from '../../shell/state.ts'
import { coreUtils } from '../../shell/coreUtils.ts'
import { netCommands } from '../../shell/net/tools.ts'
import { busyboxTar } from '../../shell/utils/tar.ts'
import { newState, runScript } from '../../shell/interpreter.ts'
import { programAsCommand } from './exec.ts'
import { setScriptRunner, setToolProvider } from './programs.ts'

const BUDGET_STOP = /stopped after \d+ commands without any time passing/

const NET_TOOLS = new Set(['curl', 'wget', 'nslookup', 'dig', 'ping', 'nc'])

/** The pod as the network sees an origin. */
function originPod(pod: ProgramContext['pod']): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: pod.name, namespace: pod.namespace, uid: pod.uid },
    spec: { nodeName: pod.node },
    status: { podIP: pod.ip, podIPs: [{ ip: pod.ip }] },
  }
}

/** The commands a shell in this image finds: the image's own programs and the tools it ships. */
function imageCommands(
  image: ImageDef,
  pod: ProgramContext['pod'],
  hostname: string,
  tag: string,
  service: <T>(name: string) => T | undefined,
): CommandTable {
  const table: CommandTable = {}
  const net = netCommands({
    origin: () => ({ pod: originPod(pod) }),
    network: () => service<ClusterNetwork>('network'),
  })
  // The image's own programs first; the shell's implementations of common tools win over them.
  // `env` runs other commands, which only the shell's own can (`env FOO=1 cmd`, `env nope`).
  for (const [name, program] of Object.entries(image.programs)) {
    if (!name.includes(' ') && name !== 'env')
      table[name] = programAsCommand(name, program, { hostname, tag, pod })
  }
  for (const name of image.tools) {
    if (NET_TOOLS.has(name)) {
      if (net[name]) table[name] = net[name]
    } else if (coreUtils[name]) table[name] = coreUtils[name]
  }
  // busybox images (their `sh` is ash) word some tools their own way.
  if (image.shell === 'ash' && image.tools.includes('tar')) table.tar = busyboxTar
  return table
}

setToolProvider((image, name, pod, service) => {
  const tool = imageCommands(image, pod, pod.name, '', service)[name]
  // Run without a shell (`kubectl exec POD -- ls`), the tool is still the image's own binary.
  return tool && ((args, ctx) => tool(args, { ...ctx, userland: image.userland }))
})

/** Which shell runs: `bash` is bash, `sh` is whatever the image's sh is (dash, busybox ash). */
function dialectOf(image: ImageDef, shell: string): Dialect {
  if (shell === 'bash' || shell === 'dash' || shell === 'ash') return shell
  return image.shell ?? 'ash'
}

setScriptRunner((image, shell, script, args): Program => {
  return function* (ctx) {
    const commands = imageCommands(image, ctx.pod, ctx.hostname, ctx.tag, (n) => ctx.service(n))
    const cwd = image.workdir ?? '/'
    // The interpreter stops a loop that never lets time pass; a container instead keeps such a
    // loop spinning on its CPU, so the stop is turned back into a busy, endless process.
    let spinning = false
    const err = (t: string): void => {
      if (BUDGET_STOP.test(t)) spinning = true
      else ctx.err(t)
    }
    const cmdCtx: CommandContext = {
      io: { stdin: ctx.stdin ?? '', out: ctx.out, err, interrupted: () => false, isTTY: false },
      env: ctx.env,
      cwd,
      fs: ctx.fs,
      now: ctx.now,
      resolve: (p) => (p.startsWith('/') ? p : `${cwd.replace(/\/$/, '')}/${p}`),
    }
    const state = newState({
      env: ctx.env,
      cwd,
      name: shell,
      dialect: dialectOf(image, shell),
      userland: image.userland,
    })
    state.positional = args.slice(1)
    if (args[0] !== undefined) state.name = args[0]
    const code = yield* runScript(script, cmdCtx, commands, state)
    if (!spinning) return code
    ctx.setUsage(1000, 1 << 20)
    yield { type: 'sleep', ms: Infinity }
    return code
  }
})

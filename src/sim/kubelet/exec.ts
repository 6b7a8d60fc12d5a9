import type { KObject } from '../api/types.ts'
import type { Command, CommandContext, Proc } from '../../shell/types.ts'
import type { ImageDef, Program, ProgramContext } from '../images/types.ts'
import type { ContainerRt, Instance, PodRt } from './types.ts'
import type { Kubelet } from './kubelet.ts'
import { badRequest, internalError } from '../api/errors.ts'
import { resolveImage } from '../images/catalogue.ts'
import { hasExecutable, resolveProgram } from './programs.ts'
import { driveSync } from '../../shell/drive.ts'
import { createFs } from '../../shell/fs.ts'

/** Runs an image program as a command of an exec session (no ports, no usage accounting). */
export function programAsCommand(
  name: string,
  program: Program,
  extra: {
    hostname: string
    tag: string
    pod: ProgramContext['pod']
    /** Engine services (the network) for tools a program runs, such as curl inside `sh -c`. */
    service?: <T>(name: string) => T | undefined
    stopContainer?: (code: number) => void
    mainArgv?: string[]
  },
): Command {
  return (args, ctx) =>
    program({
      argv: [name, ...args],
      env: ctx.env,
      hostname: extra.hostname,
      tag: extra.tag,
      pod: extra.pod,
      fs: ctx.fs,
      now: ctx.now,
      startedAt: ctx.now(),
      out: (t) => ctx.io.out(t),
      err: (t) => ctx.io.err(t),
      listen: () => {},
      setUsage: () => {},
      service: <T>(n: string): T | undefined => extra.service?.<T>(n),
      stdin: ctx.io.stdin,
      stopContainer: extra.stopContainer,
      mainArgv: extra.mainArgv,
    })
}

/** The running instance of a container, or the API server's error for exec/attach. */
export function runningInstance(
  k: Kubelet,
  pod: KObject,
  container: string,
): { rt: PodRt; c: ContainerRt; inst: Instance; image: ImageDef } {
  const rt = k.byUid.get(pod.metadata.uid!)
  const c = rt?.containers.find((x) => x.name === container)
  const inst = c?.current
  if (!rt || !c || !inst || inst.finishedAt !== undefined || c.stage !== 'running') {
    throw badRequest(`container ${container} is not valid for pod ${pod.metadata.name}`)
  }
  const res = resolveImage(inst.imageRef)
  if (!res.ok)
    throw internalError(`error executing command in container: container ${container} has no image`)
  return { rt, c, inst, image: res.image.def }
}

/** kubectl exec: argv in the container with its tools, environment and file system. */
export function execIn(
  k: Kubelet,
  pod: KObject,
  container: string,
  argv: string[],
  ctx: CommandContext,
): Proc {
  const { rt, inst, image } = runningInstance(k, pod, container)
  const name = argv[0] ?? ''
  if (!hasExecutable(image, name)) {
    throw internalError(
      `error executing command in container: failed to exec in container: failed to start exec "${k.execId(inst)}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${name}": ${name.includes('/') ? `stat ${name}: no such file or directory` : 'executable file not found in $PATH'}: unknown`,
    )
  }
  const fs = k.fsOf(inst)
  const inner: CommandContext = {
    ...ctx,
    env: { ...inst.env },
    cwd: image.workdir ?? (image.user ? `/home/${image.user}` : '/'),
    fs,
    resolve: (p) => (p.startsWith('/') ? p : `${image.workdir ?? '/'}/${p}`.replace(/\/+/g, '/')),
  }
  const extra = {
    hostname: pod.spec?.hostname ?? pod.metadata.name!,
    tag: inst.tag,
    pod: {
      name: pod.metadata.name!,
      namespace: pod.metadata.namespace!,
      uid: pod.metadata.uid!,
      ip: rt.ip ?? rt.hostIP,
      node: rt.node,
    },
    service: k.service,
    // The container's main process ends on what the program signals; the pod worker notices at
    // its next sync, as the PLEG relist would.
    mainArgv: inst.argv,
    stopContainer: (code: number) => {
      k.process(pod, rt, inst)?.kill(code)
      k.deps.clock.schedule(k.deps.clock.now(), k.name, rt.key)
    },
  }
  // A shell with no script reads its commands from stdin (`kubectl exec -i … -- sh < script`).
  const shell = /(^|\/)(sh|bash|ash|dash)$/.test(name) && argv.length === 1
  const resolved = resolveProgram(image, shell ? [name, '-c', ctx.io.stdin] : argv)
  if ('program' in resolved)
    return programAsCommand(name, resolved.program, extra)(argv.slice(1), inner)
  const tool = k.toolCommand(image, name, extra.pod)
  if (tool) return tool(argv.slice(1), inner)
  throw internalError(`error executing command in container: ${resolved.error}`)
}

/** What a command run to its end inside the container came to. */
export interface RunToEnd {
  /** Its exit status; undefined when it could not start (`error`) or ran past its time. */
  code?: number
  /** Why it could not start: the runtime's message. */
  error?: string
  stdout: string
  stderr: string
  /** stdout and stderr interleaved as written. */
  output: string
  /** Simulated time its sleeps took (counted only when a cap is given). */
  ms: number
}

/** Thrown into a command whose sleeps have run past the time it is given. */
class TimeUp extends Error {}

/**
 * Runs argv in the container at once, collecting its output (exec probes, lifecycle hooks).
 * Without `capMs` its sleeps take no time; with it they add up, the command's clock moves with
 * them, and the run is cut once they pass `capMs`.
 */
export function runToEnd(
  k: Kubelet,
  pod: KObject,
  container: string,
  argv: string[],
  now: number,
  capMs?: number,
): RunToEnd {
  const r: RunToEnd = { stdout: '', stderr: '', output: '', ms: 0 }
  const ctx: CommandContext = {
    io: {
      stdin: '',
      out: (t) => {
        r.stdout += t
        r.output += t
      },
      err: (t) => {
        r.stderr += t
        r.output += t
      },
      interrupted: () => false,
      isTTY: false,
    },
    env: {},
    cwd: '/',
    fs: createFs(),
    now: () => now + r.ms,
    resolve: (p) => p,
  }
  const sleep = (ms: number): void => {
    if (capMs === undefined) return
    r.ms += ms
    if (r.ms > capMs) throw new TimeUp()
  }
  try {
    r.code = driveSync(execIn(k, pod, container, argv, ctx), {
      sleep,
      wait: () => {},
      edit: () => {},
    })
  } catch (e) {
    if (!(e instanceof TimeUp)) r.error = e instanceof Error ? e.message : String(e)
  }
  return r
}

/** Exec probes: run to completion at once, collecting output. */
export function execSync(
  k: Kubelet,
  pod: KObject,
  container: string,
  argv: string[],
  now: number,
): { code: number; output: string } {
  const r = runToEnd(k, pod, container, argv, now)
  return r.error !== undefined
    ? { code: 126, output: r.error }
    : { code: r.code!, output: r.output }
}

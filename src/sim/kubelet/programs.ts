import type { ImageDef, Program, ProgramContext } from '../images/types.ts'
import type { Command } from '../../shell/types.ts'
import { shellQuote } from '../../shell/io.ts'

/**
 * How the kubelet turns argv into something to run: an image program, or a shell script through
 * the shell interpreter. The interpreter plugs itself in here so the kubelet has no hard
 * dependency on it.
 */
export type ScriptProgram = (
  image: ImageDef,
  shell: string,
  script: string,
  args: string[],
) => Program

let scriptRunner: ScriptProgram | undefined

export function setScriptRunner(runner: ScriptProgram): void {
  scriptRunner = runner
}

/** The shell's implementation of a tool the image ships (ls, grep, wget), for exec sessions. */
export type ToolProvider = (
  image: ImageDef,
  name: string,
  pod: ProgramContext['pod'],
  service: <T>(name: string) => T | undefined,
) => Command | undefined

let toolProvider: ToolProvider | undefined

export function setToolProvider(p: ToolProvider): void {
  toolProvider = p
}

export function toolCommand(
  image: ImageDef,
  name: string,
  pod: ProgramContext['pod'],
  service: <T>(name: string) => T | undefined,
): Command | undefined {
  const b = name.slice(name.lastIndexOf('/') + 1)
  if (!image.tools.includes(b) && !SHELLS.has(b)) return undefined
  return toolProvider?.(image, b, pod, service)
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash'])

function base(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

/** The effective argv: command/args over the image's entrypoint/cmd, as containerd builds it. */
export function effectiveArgv(image: ImageDef, command?: string[], args?: string[]): string[] {
  if (command?.length) return [...command, ...(args ?? [])]
  return [...(image.entrypoint ?? []), ...(args ?? image.cmd ?? [])]
}

/** Whether the image has an executable named like argv[0] (by path or by $PATH lookup). */
export function hasExecutable(image: ImageDef, name: string): boolean {
  if (image.programs[name] || image.programs[base(name)]) return true
  const b = base(name)
  if (SHELLS.has(b))
    return b === 'bash' ? image.bash === true || image.shell === 'bash' : image.shell !== undefined
  return image.tools.includes(b)
}

export type Resolved = { program: Program } | { error: string }

/** The program argv runs, or the runc error text when the executable does not exist. */
export function resolveProgram(image: ImageDef, argv: string[]): Resolved {
  if (argv.length === 0) return { error: 'no command specified' }
  const [cmd, ...rest] = argv
  const b = base(cmd)
  // Image entrypoints that are shell wrappers (`/bin/sh -c 'python3 server.py'`) map to programs.
  if (SHELLS.has(b) && rest[0] === '-c' && rest[1] !== undefined && image.programs[rest[1]])
    return { program: image.programs[rest[1]] }
  if (SHELLS.has(b) && rest[0] === '-c' && hasExecutable(image, cmd)) {
    if (!scriptRunner) return { error: 'shell scripts are not available in this build' }
    return { program: scriptRunner(image, b, rest[1] ?? '', rest.slice(2)) }
  }
  // docker-entrypoint.sh ends in `exec "$@"`: arguments that do not start the image's own server
  // (its default command, or options for it) become the container's process.
  const server = image.cmd?.[0]
  if (b === 'docker-entrypoint.sh' && rest.length && !rest[0].startsWith('-'))
    if (!server || base(rest[0]) !== base(server)) {
      const inner = resolveProcess(image, rest)
      if (!('program' in inner)) return inner
      const run = inner.program
      return { program: (ctx) => run({ ...ctx, argv: rest }) }
    }
  const direct = image.programs[cmd] ?? image.programs[b]
  if (direct) return { program: direct }
  if (SHELLS.has(b) && hasExecutable(image, cmd) && image.programs.sh)
    return { program: image.programs.sh }
  return {
    error: `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${cmd}": ${cmd.includes('/') ? 'stat ' + cmd + ': no such file or directory' : 'executable file not found in $PATH'}: unknown`,
  }
}

/**
 * What a container's main process runs: its program, or else a tool the image ships (ls, wc, env)
 * as the process itself, run by the shell's version of it. (exec finds tools on its own, with
 * their standard input.)
 */
export function resolveProcess(image: ImageDef, argv: string[]): Resolved {
  const resolved = resolveProgram(image, argv)
  if ('program' in resolved || !argv.length) return resolved
  const b = base(argv[0])
  if (!SHELLS.has(b) && hasExecutable(image, argv[0]) && scriptRunner)
    return { program: scriptRunner(image, 'sh', argv.map(shellQuote).join(' '), []) }
  return resolved
}

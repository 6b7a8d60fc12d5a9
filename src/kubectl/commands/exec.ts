import type { Proc } from '../../shell/types.ts'
import type { KObject } from '../../sim/api/types.ts'
import type { Invocation } from '../cli/command.ts'
import { isStatusError } from '../../sim/api/errors.ts'
import { CliError, usageError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { containerStatus, pickContainer, podForArg, runtimeOf } from './pods.ts'

/**
 * Runs a command in a container. kubectl 1.32 streams over WebSocket and kube-apiserver's stream
 * translator relays the kubelet's failure wrapped in one more internal error, printed as `error: `.
 */
export function* runInContainer(
  inv: Invocation,
  pod: KObject,
  container: string,
  command: string[],
  interactive: { stdin: boolean; tty: boolean },
): Proc {
  try {
    return yield* streamInContainer(inv, pod, container, command, interactive)
  } catch (e) {
    if (isStatusError(e) && e.reason === 'InternalError')
      throw new CliError(`Internal error occurred: ${e.message}`)
    throw e
  }
}

/** Interactively through the terminal's hook, or straight through. */
function* streamInContainer(
  inv: Invocation,
  pod: KObject,
  container: string,
  command: string[],
  interactive: { stdin: boolean; tty: boolean },
): Proc {
  const rt = runtimeOf(inv)
  if (interactive.stdin && interactive.tty && inv.ctx.attach) {
    return yield* inv.ctx.attach({
      pod,
      container,
      command,
      tty: true,
      stdin: true,
      prompt: rt.prompt(pod, container),
    })
  }
  const code = yield* rt.exec(pod, container, command, {
    ...inv.ctx,
    io: { ...inv.io, stdin: interactive.stdin ? inv.io.stdin : '' },
  })
  if (code !== 0) inv.io.err(`command terminated with exit code ${code}\n`)
  return code
}

/** Why the kubelet would refuse an exec into this container, if it would. */
export function execRefusal(pod: KObject, container: string): string | undefined {
  const phase = pod.status?.phase
  if (phase === 'Succeeded' || phase === 'Failed')
    return `cannot exec into a container in a completed pod; current phase is ${phase}`
  if (!containerStatus(pod, container)?.state?.running)
    return `Internal error occurred: unable to upgrade connection: container not found ("${container}")`
  return undefined
}

function* exec(inv: Invocation): Proc {
  const files = inv.flags.list('filename')
  const before = inv.dashAt >= 0 ? inv.args.slice(0, inv.dashAt) : inv.args
  if (!before.length && !files.length)
    throw new CliError('pod, type/name or --filename must be specified')
  // kubectl v1.32 refuses the old form without `--` outright.
  if (inv.dashAt < 0 && inv.args.length > 1)
    throw usageError(
      inv.path,
      'exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead',
    )
  const command = inv.dashAt >= 0 ? inv.args.slice(inv.dashAt) : []
  if (!command.length) throw new CliError('you must specify at least one command for the container')
  inv.connect()
  const pod = podForArg(inv, before[0], false)
  const container = pickContainer(inv, pod, inv.flags.str('container'))
  const refusal = execRefusal(pod, container)
  if (refusal) throw new CliError(refusal)
  const stdin = inv.flags.bool('stdin')
  const tty = inv.flags.bool('tty')
  if (tty && !stdin)
    inv.io.err('Unable to use a TTY - input is not a terminal or the right kind of file\n')
  return yield* runInContainer(inv, pod, container, command, { stdin, tty: tty && stdin })
}

registerCommand('exec', exec)

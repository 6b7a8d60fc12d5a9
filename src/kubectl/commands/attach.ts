import type { Proc } from '../../shell/types.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { execRefusal } from './exec.ts'
import { attachSession } from './attachSession.ts'
import { containerStatus, pickContainer, podForArg, runtimeOf } from './pods.ts'
import { requestTimeoutMs, waitFor } from './getWatch.ts'

/**
 * `kubectl attach`: the running process's output from now on (or, with -it and a terminal, the
 * interactive session), until the container exits or the user interrupts.
 */
function* attach(inv: Invocation): Proc {
  if (!inv.args.length) throw new CliError('at least 1 argument is required for attach')
  if (inv.args.length > 2)
    throw new CliError(
      `expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw ${inv.args.length}: [${inv.args.join(' ')}]`,
    )
  inv.connect()
  const pod = podForArg(inv, inv.args.join('/'), true)
  const container = pickContainer(inv, pod, inv.flags.str('container'))
  const refusal = execRefusal(pod, container)
  if (refusal) throw new CliError(refusal)
  inv.io.err("If you don't see a command prompt, try pressing enter.\n")
  if (inv.flags.bool('stdin') && inv.flags.bool('tty') && inv.ctx.attach)
    return yield* attachSession(inv, pod, container)
  const rt = runtimeOf(inv)
  const live = () => inv.api.tryGet('pods', pod.metadata.namespace, pod.metadata.name ?? '')
  const count = (): number => {
    const p = live()
    return p ? rt.logs(p, container).length : 0
  }
  let shown = count()
  const deadline = inv.ctx.now() + requestTimeoutMs(inv)
  const ended = (): boolean => {
    const p = live()
    return (
      !p ||
      p.metadata.uid !== pod.metadata.uid ||
      !!containerStatus(p, container)?.state?.terminated
    )
  }
  for (;;) {
    const more = yield* waitFor(inv, () => ended() || count() > shown, deadline)
    const p = live()
    if (p) {
      const lines = rt.logs(p, container)
      for (const l of lines.slice(shown)) inv.io.out(l.text + '\n')
      shown = lines.length
    }
    if (!more) return inv.io.interrupted() ? 130 : 0
    if (ended()) return 0
  }
}

registerCommand('attach', attach)

import type { Effect, Proc } from '../../shell/types.ts'
import type { KObject } from '../../sim/api/types.ts'
import type { Invocation } from '../cli/command.ts'
import { runInContainer } from './exec.ts'
import { runtimeOf } from './pods.ts'
import { attachOutput } from '../../sim/kubelet/runtimeApi.ts'

/**
 * `attach -it` / `run -it`: the terminal is handed to the container's shell; when the session
 * ends the shell has exited, and kubectl tells how to come back to a pod that restarts it.
 */
export function* attachSession(inv: Invocation, pod: KObject, container: string): Proc {
  const code = yield* runInContainer(inv, pod, container, [], { stdin: true, tty: true })
  runtimeOf(inv).attachEnded?.(pod, container, { code })
  // kubectl prints it only after a stream that ended without an error (exit status 0).
  if (code === 0 && (pod.spec?.restartPolicy ?? 'Always') === 'Always') {
    inv.io.out(
      `Session ended, resume using 'kubectl attach ${pod.metadata.name} -c ${container} -i -t' command when the pod is running\n`,
    )
  }
  return code
}

/**
 * `run -i`/`attach -i` without a terminal: the local stdin goes to the container's process (a
 * shell, or a filter such as `cat`), which reads it to its end (EOF) and exits. What it writes is
 * shown and kept in the container's log. Undefined when the container does not read its stdin.
 */
export function* feedStdin(
  inv: Invocation,
  pod: KObject,
  container: string,
): Generator<Effect, number | undefined, void> {
  const rt = runtimeOf(inv)
  const argv = rt.inputCommand?.(pod, container)
  if (!argv) return undefined
  const { output, keep } = attachOutput()
  const io = {
    ...inv.ctx.io,
    out: (t: string) => {
      keep('stdout', t)
      inv.ctx.io.out(t)
    },
    err: (t: string) => {
      keep('stderr', t)
      inv.ctx.io.err(t)
    },
  }
  const code = yield* rt.exec(pod, container, argv, { ...inv.ctx, io })
  rt.attachEnded?.(pod, container, { code, output })
  return code
}

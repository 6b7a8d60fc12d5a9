import type { KObject } from '../api/types.ts'
import type { Program } from '../images/types.ts'
import type { Instance } from './types.ts'
import type { Kubelet } from './kubelet.ts'

const SHELL = /(^|\/)(sh|bash|ash|dash)$/

/**
 * The container's spec asks for an open stdin (`stdin: true`, as `kubectl run -i` sets) and its
 * process is a shell reading commands from it. Without a stdin the runtime gives /dev/null and the
 * shell ends at once; with one it blocks reading until input arrives or the stream closes.
 */
function holdsStdin(pod: KObject, inst: Instance): boolean {
  const spec = (pod.spec?.containers ?? []).find((c: any) => c.name === inst.container)
  return spec?.stdin === true && inst.argv.length === 1 && SHELL.test(inst.argv[0])
}

/** Blocked reading stdin: no wake-up of its own; an attached session ends it. */
const waitForInput: Program = function* () {
  yield { type: 'sleep', ms: Infinity }
  return 0
}

/** The program the container's process runs: the image's, or a shell blocked on its stdin. */
export function withStdin(pod: KObject, inst: Instance, program: Program): Program {
  return holdsStdin(pod, inst) ? waitForInput : program
}

/** Whether the container's running process is a shell blocked on its stdin. */
export function waitsForInput(k: Kubelet, pod: KObject, container: string): boolean {
  const inst = k.byUid.get(pod.metadata.uid!)?.containers.find((c) => c.name === container)?.current
  return !!inst && inst.finishedAt === undefined && holdsStdin(pod, inst)
}

/**
 * An attached session to the container's shell ended: `exit`/EOF ends the shell with `code`;
 * a client that left without ending it closes stdin only when the spec says `stdinOnce`
 * (the shell then reads EOF and exits 0), otherwise the shell keeps waiting.
 */
export function endAttach(
  k: Kubelet,
  pod: KObject,
  container: string,
  end: { code: number } | 'detached',
): void {
  const rt = k.byUid.get(pod.metadata.uid!)
  const inst = rt?.containers.find((c) => c.name === container)?.current
  if (!rt || !inst || inst.finishedAt !== undefined || !holdsStdin(pod, inst)) return
  if (end === 'detached') {
    const spec = (pod.spec?.containers ?? []).find((c: any) => c.name === container)
    if (spec?.stdinOnce !== true) return
  }
  k.process(pod, rt, inst)?.kill(end === 'detached' ? 0 : end.code)
  // The pod worker notices the exit on its next sync, as the PLEG relist would.
  k.deps.clock.schedule(k.deps.clock.now(), k.name, rt.key)
}

import type { KObject } from '../api/types.ts'
import type { Program } from '../images/types.ts'
import type { Instance } from './types.ts'
import type { Kubelet } from './kubelet.ts'
import type { AttachEnd } from './runtimeApi.ts'

const SHELL = /(^|\/)(sh|bash|ash|dash)$/
/** Filters that read standard input when they are given no file (only options, or `-`). */
const FILTER = /(^|\/)(cat|wc|sort|uniq|tr|head|tail|rev|tac|base64|md5sum|sha256sum|od|xxd)$/

function readsStdin(argv: string[]): boolean {
  if (SHELL.test(argv[0] ?? '')) return argv.length === 1
  if (!FILTER.test(argv[0] ?? '')) return false
  // tr's operands are character sets, not files.
  if (/(^|\/)tr$/.test(argv[0])) return true
  return argv.slice(1).every((a) => a === '-' || a.startsWith('-'))
}

/**
 * The container's spec asks for an open stdin (`stdin: true`, as `kubectl run -i` sets) and its
 * process reads it: a shell reading commands, or a filter such as `cat`. Without a stdin the
 * runtime gives /dev/null and it ends at once; with one it blocks until input arrives or the
 * stream closes.
 */
function holdsStdin(pod: KObject, inst: Instance): boolean {
  const spec = (pod.spec?.containers ?? []).find((c: any) => c.name === inst.container)
  return spec?.stdin === true && readsStdin(inst.argv)
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

/** The command of the container's running process when it is blocked on its stdin. */
export function inputCommand(k: Kubelet, pod: KObject, container: string): string[] | undefined {
  const inst = k.byUid.get(pod.metadata.uid!)?.containers.find((c) => c.name === container)?.current
  return inst && inst.finishedAt === undefined && holdsStdin(pod, inst) ? inst.argv : undefined
}

/**
 * An attached session to the container's shell ended: `exit`/EOF ends the shell with `code`;
 * a client that left without ending it closes stdin only when the spec says `stdinOnce`
 * (the shell then reads EOF and exits 0), otherwise the shell keeps waiting.
 */
export function endAttach(k: Kubelet, pod: KObject, container: string, end: AttachEnd): void {
  const rt = k.byUid.get(pod.metadata.uid!)
  const inst = rt?.containers.find((c) => c.name === container)?.current
  if (!rt || !inst || inst.finishedAt !== undefined || !holdsStdin(pod, inst)) return
  // What the process wrote while attached is its output: the container's log keeps it too.
  if (end !== 'detached')
    for (const [stream, text] of end.output ?? [])
      for (const line of text.replace(/\n$/, '').split('\n')) k.appendLog(inst, stream, line)
  if (end === 'detached') {
    const spec = (pod.spec?.containers ?? []).find((c: any) => c.name === container)
    if (spec?.stdinOnce !== true) return
  }
  k.process(pod, rt, inst)?.kill(end === 'detached' ? 0 : end.code)
  // The pod worker notices the exit on its next sync, as the PLEG relist would.
  k.deps.clock.schedule(k.deps.clock.now(), k.name, rt.key)
}

import type { KObject } from '../api/types.ts'
import type { CommandContext, Proc } from '../../shell/types.ts'
import type { HttpRequest, HttpResponse } from '../network/http.ts'
import type { AttachEnd, ContainerRuntime, ContainerUsage, LogLine } from './runtimeApi.ts'
import type { ContainerRt, Instance } from './types.ts'
import type { Kubelet } from './kubelet.ts'
import { badRequest } from '../api/errors.ts'
import { resolveImage } from '../images/catalogue.ts'
import { execIn } from './exec.ts'
import { endAttach, inputCommand } from './stdin.ts'

/** The `runtime` service: what kubectl logs/exec/top, probes and the network see of containers. */
export class SimRuntime implements ContainerRuntime {
  constructor(private readonly k: Kubelet) {}

  private checkName(pod: KObject, name: string): void {
    const known = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].some(
      (c) => c.name === name,
    )
    if (!known) throw badRequest(`container ${name} is not valid for pod ${pod.metadata.name}`)
  }

  private container(pod: KObject, name: string): ContainerRt {
    this.checkName(pod, name)
    const rt = this.k.byUid.get(pod.metadata.uid!)
    const c = rt?.containers.find((x) => x.name === name)
    if (!c)
      throw badRequest(
        `container "${name}" in pod "${pod.metadata.name}" is waiting to start: ContainerCreating`,
      )
    return c
  }

  logs(pod: KObject, name: string, opts: { previous?: boolean } = {}): LogLine[] {
    // The API server answers an empty stream for a pod no node has taken yet (LogLocation).
    if (!pod.spec?.nodeName) {
      this.checkName(pod, name)
      return []
    }
    const c = this.container(pod, name)
    const cur = c.current
    // While a crashed container waits to restart, the status names it both as current and last.
    const waitingRestart = cur?.finishedAt !== undefined && !(c.stage === 'exited' && !c.waiting)
    if (opts.previous) {
      const prev = waitingRestart ? cur : c.last
      if (!prev)
        throw badRequest(
          `previous terminated container "${name}" in pod "${pod.metadata.name}" not found`,
        )
      return [...prev.logs]
    }
    const inst: Instance | undefined = cur ?? c.last
    if (
      !inst ||
      (cur && cur.startedAt !== undefined && cur.startedAt > this.k.deps.clock.now() && !c.last)
    ) {
      const reason = c.waiting?.reason ?? 'ContainerCreating'
      const detail =
        reason === 'ErrImagePull'
          ? "image can't be pulled"
          : reason === 'ImagePullBackOff'
            ? 'trying and failing to pull image'
            : reason
      throw badRequest(
        `container "${name}" in pod "${pod.metadata.name}" is waiting to start: ${detail}`,
      )
    }
    return [...inst.logs]
  }

  exec(pod: KObject, container: string, argv: string[], ctx: CommandContext): Proc {
    return execIn(this.k, pod, container, argv, ctx)
  }

  inputCommand(pod: KObject, container: string): string[] | undefined {
    return inputCommand(this.k, pod, container)
  }

  attachEnded(pod: KObject, container: string, end: AttachEnd): void {
    endAttach(this.k, pod, container, end)
  }

  prompt(pod: KObject, container: string): string {
    const c = this.container(pod, container)
    const inst = c.current ?? c.last
    const res = inst ? resolveImage(inst.imageRef) : undefined
    return res?.ok ? res.image.def.prompt(pod.metadata.name!) : '# '
  }

  private listener(
    pod: KObject,
    port: number,
  ): { handler?: (r: HttpRequest, now: number) => HttpResponse } | undefined {
    const rt = this.k.byUid.get(pod.metadata.uid!)
    if (!rt) return undefined
    for (const c of rt.containers) {
      const inst = c.current
      if (!inst || inst.finishedAt !== undefined || c.stage !== 'running') continue
      if ((inst.startedAt ?? Infinity) > this.k.deps.clock.now()) continue
      const proc = this.k.process(pod, rt, inst)
      if (proc?.listeners.has(port)) return { handler: proc.listeners.get(port) }
    }
    return undefined
  }

  http(pod: KObject, port: number, req: HttpRequest): HttpResponse | undefined {
    const l = this.listener(pod, port)
    if (!l) return undefined
    if (!l.handler) return { status: 400, headers: {}, body: '' }
    return l.handler(req, this.k.deps.clock.now())
  }

  listening(pod: KObject, port: number): boolean {
    return this.listener(pod, port) !== undefined
  }

  usage(pod: KObject): ContainerUsage[] {
    const rt = this.k.byUid.get(pod.metadata.uid!)
    if (!rt) return []
    const out: ContainerUsage[] = []
    for (const c of rt.containers) {
      const inst = c.current
      if (c.init || !inst || inst.finishedAt !== undefined || c.stage !== 'running') continue
      const proc = this.k.process(pod, rt, inst)
      if (!proc) continue
      out.push({
        container: c.name,
        cpuMilli: proc.record.cpuMilli,
        memoryBytes: proc.record.memoryBytes,
      })
    }
    return out
  }
}

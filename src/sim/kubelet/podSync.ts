import type { KObject } from '../api/types.ts'
import type { ControllerContext } from '../runtime/controller.ts'
import type { NodeSpec } from '../cluster/spec.ts'
import type { ContainerRt, Instance, PodRt } from './types.ts'
import type { Kubelet } from './kubelet.ts'
import { isNotFound } from '../api/errors.ts'
import { resolveImage } from '../images/catalogue.ts'
import { quantityValue } from '../registry/quantity.ts'
import { inBackoffSince, nextBackoff } from './backoff.ts'
import { ConfigError, containerEnv } from './env.ts'
import { goDuration } from './format.ts'
import { effectiveArgv, resolveProcess } from './programs.ts'
import { containerFsOps, type FsOp } from './volumes.ts'
import { mountsReady, syncVolumes } from './podMounts.ts'
import { runProbes } from './probes.ts'
import { writeStatus } from './podStatus.ts'
import { beginPostStart, inPostStart, NEVER, runPreStop } from './hooks.ts'
import { hostVolumeKey, mountsFile } from './hostFiles.ts'
import { pullDone, pullImage } from './imagePull.ts'
import {
  advanceInitContainers,
  isSidecar,
  restartsAfterExit,
  stopInOrder,
  stopSidecarsWhenMainsDone,
} from './sidecars.ts'

type Spec = Record<string, any>

/** PLEG relists every second: that is how long an exit takes to be acted on. */
const PLEG_MS = 1_000
/** How often a container that cannot get its config is retried. */
const CONFIG_RETRY_MS = 10_000

/** One pass of the kubelet's SyncPod for a pod; returns when it next needs attention. */
export function syncPod(
  k: Kubelet,
  ctx: ControllerContext,
  pod: KObject,
  rt: PodRt,
): number | undefined {
  return new PodSync(k, ctx, pod, rt).run()
}

export class PodSync {
  readonly now: number
  readonly node: NodeSpec
  wake = Infinity

  constructor(
    readonly k: Kubelet,
    readonly ctx: ControllerContext,
    readonly pod: KObject,
    readonly rt: PodRt,
  ) {
    this.now = ctx.clock.now()
    this.node = k.node(rt.node)!
  }

  at(t: number): void {
    if (t < this.wake && t < NEVER) this.wake = t
  }

  podRef(): string {
    return `${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.pod.metadata.uid})`
  }

  event(type: 'Normal' | 'Warning', reason: string, message: string, c?: ContainerRt): void {
    const fieldPath = c ? `spec.${c.init ? 'initContainers' : 'containers'}{${c.name}}` : undefined
    this.ctx.recorder.record(this.pod, type, reason, message, {
      source: { component: 'kubelet', host: this.rt.node },
      fieldPath,
    })
  }

  specOf(c: ContainerRt): Spec {
    const list = c.init ? this.pod.spec?.initContainers : this.pod.spec?.containers
    return (list ?? []).find((x: Spec) => x.name === c.name) ?? {}
  }

  run(): number {
    const spec = this.pod.spec ?? {}
    if (this.pod.metadata.deletionTimestamp) return this.terminate()
    this.ensureContainers()
    const phase = this.pod.status?.phase
    const terminal = phase === 'Succeeded' || phase === 'Failed'
    if (this.rt.failure || (!terminal && this.deadlineExceeded())) {
      writeStatus(this, true)
      return Infinity
    }
    // Volumes are mounted before the sandbox exists: a pod stuck on a mount has no IP yet.
    if (!terminal && mountsReady(this)) {
      if (!this.rt.ip) this.rt.ip = spec.hostNetwork ? this.rt.hostIP : this.k.allocateIP(this.node)
      syncVolumes(this)
      if (advanceInitContainers(this))
        for (const c of this.rt.containers.filter((x) => !x.init)) this.advance(c)
      stopSidecarsWhenMainsDone(this)
    }
    writeStatus(this)
    return this.wake
  }

  /** activeDeadlineSeconds: past it the kubelet kills every container and fails the pod. */
  private deadlineExceeded(): boolean {
    const ads = this.pod.spec?.activeDeadlineSeconds
    if (typeof ads !== 'number') return false
    const deadline = Date.parse(this.rt.startTime) + ads * 1000
    if (this.now < deadline) {
      this.at(deadline)
      return false
    }
    const message = 'Pod was active on the node longer than the specified deadline'
    if (!this.rt.failure) this.event('Normal', 'DeadlineExceeded', message)
    this.rt.failure = { reason: 'DeadlineExceeded', message }
    for (const c of this.rt.containers) {
      const inst = c.current
      if (inst && inst.finishedAt === undefined) {
        if (inst.proc) this.k.process(this.pod, this.rt, inst)?.kill(137)
        this.event('Normal', 'Killing', `Stopping container ${c.name}`, c)
        this.finish(c, inst, 137, 'Error')
      }
      c.stage = 'exited'
      c.waiting = undefined
    }
    return true
  }

  /** Container records for the spec; an image change restarts a running container. */
  private ensureContainers(): void {
    const spec = this.pod.spec ?? {}
    // Plain loops: this runs on every sync of every pod.
    for (const c of spec.initContainers ?? []) this.ensureContainer(c, true)
    for (const c of spec.containers ?? []) this.ensureContainer(c, false)
  }

  private ensureContainer(c: Spec, init: boolean): void {
    const spec = this.pod.spec ?? {}
    let cr: ContainerRt | undefined
    for (const x of this.rt.containers) {
      if (x.name === c.name && x.init === init) {
        cr = x
        break
      }
    }
    if (!cr) {
      cr = {
        name: c.name,
        init,
        stage: 'pull',
        notBefore: this.now,
        // Until it is created, a container of a pod with init containers is PodInitializing.
        waiting: {
          reason: (spec.initContainers ?? []).length ? 'PodInitializing' : 'ContainerCreating',
        },
        instances: 0,
        probes: {},
        ready: false,
        started: false,
        specImage: c.image,
      }
      this.rt.containers.push(cr)
    } else if (cr.specImage !== c.image) {
      cr.specImage = c.image
      // Back-off is keyed by the container's definition and image: a new image starts afresh.
      cr.crashBackoff = undefined
      cr.pullBackoff = undefined
      if (cr.stage === 'exited' || cr.stage === 'pull') {
        cr.notBefore = this.now
        if (cr.stage === 'exited' && cr.waiting) cr.stage = 'pull'
      }
      if (cr.current && cr.current.finishedAt === undefined) {
        this.event(
          'Normal',
          'Killing',
          `Container ${cr.name} definition changed, will be restarted`,
          cr,
        )
        this.stopInstance(cr, cr.current, true)
      }
    }
  }

  /** Moves one container through pull → start → running → exited as far as time allows. */
  advance(c: ContainerRt): void {
    for (let guard = 0; guard < 8; guard++) {
      if (c.notBefore > this.now) {
        this.at(c.notBefore)
        return
      }
      const before = c.stage
      if (c.stage === 'pull') pullImage(this, c)
      else if (c.stage === 'pulling') pullDone(this, c)
      else if (c.stage === 'start') this.start(c)
      else if (c.stage === 'running') this.running(c)
      else if (c.stage === 'exited') this.exited(c)
      if (c.stage === before) return
    }
  }

  /** Creates and starts a container instance (CreateContainer + StartContainer). */
  private start(c: ContainerRt): void {
    // SyncPod starts containers one by one and waits out each postStart handler.
    const block = this.postStartBlock()
    if (block > this.now) {
      c.notBefore = block
      this.at(block)
      return
    }
    const spec = this.specOf(c)
    const res = resolveImage(spec.image ?? '')
    if (!res.ok) {
      c.stage = 'pull'
      return
    }
    const def = res.image.def
    let env: Record<string, string>
    try {
      env = containerEnv({
        api: this.ctx.api,
        pod: this.pod,
        container: spec,
        ip: this.rt.ip,
        hostIP: this.rt.hostIP,
        node: { cpu: this.node.cpu, memory: this.node.memory },
        imageEnv: def.env?.(res.image.tag) ?? {},
      })
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e
      this.event('Warning', 'Failed', `Error: ${e.message}`, c)
      c.waiting = { reason: 'CreateContainerConfigError', message: e.message }
      c.stage = 'pull'
      c.notBefore = this.now + CONFIG_RETRY_MS
      return
    }
    if (c.current) {
      if (c.last) this.k.dropInstance(c.last)
      c.last = c.current
      c.current = undefined
    }
    const argv = effectiveArgv(def, spec.command, spec.args)
    const limit = spec.resources?.limits?.memory
    const inst: Instance = {
      id: this.ctx.rng.hex(64),
      container: c.name,
      memoryLimit: limit !== undefined ? quantityValue(limit) : undefined,
      imageRef: res.image.ref,
      imageID: res.image.imageID,
      argv,
      env,
      tag: res.image.tag,
      createdAt: this.now,
      logs: [],
    }
    c.instances++
    c.current = inst
    c.ready = false
    c.started = false
    c.probes = {}
    inst.mounts = sharedMounts(this.pod, spec, this.rt.node, this.k.files.hasVolume)
    this.k.files.setRootRecipe(
      inst.id,
      withFileMounts(
        inst.mounts,
        containerFsOps({
          api: this.ctx.api,
          pod: this.pod,
          container: spec,
          image: def,
          ip: this.rt.ip,
          hostIP: this.rt.hostIP,
          dnsIP: dnsIP(this.ctx),
          domain: this.k.deps.cluster.domain,
        }),
      ),
    )
    this.event('Normal', 'Created', `Created container ${c.name}`, c)
    const program = resolveProcess(def, argv)
    if ('error' in program) {
      this.event('Warning', 'Failed', `Error: ${program.error}`, c)
      Object.assign(inst, {
        startedAt: this.now,
        finishedAt: this.now,
        exitCode: 128,
        reason: 'StartError',
        message: program.error,
      })
      c.waiting = undefined
      c.stage = 'exited'
      c.notBefore = this.now + PLEG_MS
      return
    }
    this.event('Normal', 'Started', `Started container ${c.name}`, c)
    inst.startedAt = this.now + this.ctx.profile.containerStartMs
    inst.proc = {
      startedAt: inst.startedAt,
      resumes: 0,
      cpuMilli: 0,
      memoryBytes: def.baseMemory ?? 1 << 20,
    }
    const waiting = c.waiting
    c.waiting = undefined
    c.stage = 'running'
    c.notBefore = inst.startedAt
    // Until postStart ends the kubelet reports what it reported before the start.
    if (beginPostStart(this, c, inst)) c.waiting = waiting
  }

  /** When the postStart handler another container is in ends. */
  private postStartBlock(): number {
    let until = 0
    for (const x of this.rt.containers) {
      const h = x.current?.finishedAt === undefined ? x.current?.hookUntil : undefined
      if (h !== undefined && h > until) until = h
    }
    return until
  }

  private running(c: ContainerRt): void {
    const inst = c.current!
    const proc = this.k.process(this.pod, this.rt, inst)
    if (!proc) {
      this.finish(c, inst, 128, 'StartError')
      return
    }
    while (!proc.done && proc.record.wakeAt !== undefined && proc.record.wakeAt <= this.now)
      proc.resume()
    if (inst.killAt !== undefined && !proc.done && inst.killAt <= this.now) proc.kill(137)
    if (proc.record.oom) {
      proc.kill(137)
      this.finish(c, inst, 137, 'OOMKilled')
      return
    }
    if (proc.done) {
      const code = proc.record.exit ?? 0
      this.finish(c, inst, code, code === 0 ? 'Completed' : 'Error')
      return
    }
    if (inst.termAt !== undefined && inst.termAt <= this.now) {
      inst.termAt = undefined
      if (this.deliverStop(c, inst)) return
    }
    if (inst.termAt !== undefined) this.at(inst.termAt)
    if (proc.record.wakeAt !== undefined) this.at(proc.record.wakeAt)
    if (inst.killAt !== undefined) this.at(inst.killAt)
    if (inPostStart(this, c, inst)) return
    c.started = c.started || !this.specOf(c).startupProbe
    runProbes(this, c, inst)
  }

  finish(c: ContainerRt, inst: Instance, code: number, reason: string): void {
    inst.finishedAt = this.now
    inst.exitCode = code
    inst.reason = reason
    inst.killAt = undefined
    c.ready = false
    c.started = false
    c.stage = 'exited'
    c.notBefore = inst.killedByKubelet ? this.now : this.now + PLEG_MS
  }

  private exited(c: ContainerRt): void {
    const inst = c.current ?? c.last
    if (!inst) {
      c.stage = 'pull'
      return
    }
    if (!restartsAfterExit(this, c, inst.exitCode !== 0)) return
    if (!inst.killedByKubelet) {
      const finished = inst.finishedAt ?? this.now
      if (inBackoffSince(c.crashBackoff, finished, this.now)) {
        const delay = c.crashBackoff!.delay
        if (c.waiting?.reason !== 'CrashLoopBackOff') {
          this.event(
            'Warning',
            'BackOff',
            `Back-off restarting failed container ${c.name} in pod ${this.podRef()}`,
            c,
          )
        }
        c.waiting = {
          reason: 'CrashLoopBackOff',
          message: `back-off ${goDuration(delay)} restarting failed container=${c.name} pod=${this.podRef()}`,
        }
        c.notBefore = finished + delay
        this.at(c.notBefore)
        return
      }
      c.crashBackoff = nextBackoff(c.crashBackoff, finished, this.now)
    }
    c.stage = 'pull'
  }

  /** Sends the stop signal; processes that ignore it are killed when `deadline` passes. */
  stopInstance(c: ContainerRt, inst: Instance, byKubelet: boolean, deadline?: number): void {
    inst.killedByKubelet = byKubelet
    const grace =
      deadline !== undefined
        ? deadline - this.now
        : (this.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000
    const termAt = runPreStop(this, c, inst, grace)
    if (termAt === undefined) inst.killAt = this.now + grace
    else if (termAt > this.now) {
      this.at(termAt)
      return
    } else inst.termAt = undefined
    this.deliverStop(c, inst)
  }

  /** The stop signal; true when the process exits on it at once. */
  private deliverStop(c: ContainerRt, inst: Instance): boolean {
    const proc = this.k.process(this.pod, this.rt, inst)
    const stop = resolveImage(inst.imageRef)
    const behaviour = stop.ok ? stop.image.def.stop : undefined
    if (proc && behaviour && behaviour !== 'ignore') {
      for (const line of behaviour.log?.(this.now) ?? []) this.k.appendLog(inst, 'stderr', line)
      proc.kill(behaviour.exits)
      this.finish(c, inst, behaviour.exits, behaviour.exits === 0 ? 'Completed' : 'Error')
      return true
    }
    if (inst.killAt !== undefined) this.at(inst.killAt)
    return false
  }

  /** Graceful deletion: stop every container, then remove the pod with grace 0. */
  private terminate(): number {
    const rt = this.rt
    if (!rt.terminating) {
      const grace =
        this.pod.metadata.deletionGracePeriodSeconds ??
        this.pod.spec?.terminationGracePeriodSeconds ??
        30
      rt.terminating = { deadline: this.now + grace * 1000 }
      stopInOrder(this, rt.terminating.deadline, true)
      for (const c of rt.containers)
        c.waiting = c.current?.finishedAt !== undefined ? undefined : c.waiting
    }
    const deadline = rt.terminating.deadline
    for (const c of rt.containers) {
      if (c.stage === 'running' && c.current && c.current.finishedAt === undefined) {
        // A sidecar told to stop after the others keeps its own (at least 2 s) window.
        // …but a container whose preStop handler ran keeps the 2 s it was promised.
        if (deadline <= this.now && !isSidecar(this, c) && !c.current.preStopRan)
          c.current.killAt = this.now
        this.running(c)
      }
      if (c.stage !== 'running' && c.stage !== 'exited') c.stage = 'exited'
    }
    // Sidecars whose turn came when the containers before them exited in this pass.
    stopInOrder(this, deadline, false)
    const running = rt.containers.some(
      (c) => c.stage === 'running' && c.current && c.current.finishedAt === undefined,
    )
    if (running) {
      if (deadline > this.now) this.at(deadline)
      writeStatus(this)
      return this.wake
    }
    writeStatus(this, true)
    try {
      this.ctx.api.delete('pods', this.pod.metadata.namespace, this.pod.metadata.name!, {
        gracePeriodSeconds: 0,
        preconditions: { uid: this.pod.metadata.uid },
        internal: true,
      })
    } catch (e) {
      if (!isNotFound(e)) throw e
    }
    this.k.forget(rt)
    return Infinity
  }
}

function dnsIP(ctx: ControllerContext): string {
  const svc = ctx.api.tryGet('services', 'kube-system', 'kube-dns')
  if (svc?.spec?.clusterIP) return svc.spec.clusterIP
  return '10.96.0.10'
}

/** Volume mounts whose files outlive the container: emptyDir (per pod) and hostPath (per node). */
function sharedMounts(
  pod: KObject,
  container: Spec,
  node: string,
  created: (key: string) => boolean,
): NonNullable<Instance['mounts']> {
  const out: NonNullable<Instance['mounts']> = []
  for (const m of container.volumeMounts ?? []) {
    if (m.subPath) continue
    const vol = volumeNamed(pod, m.name)
    if (!vol || !(vol.emptyDir || vol.hostPath)) continue
    const path = String(m.mountPath).replace(/\/+$/, '') || '/'
    if (vol.emptyDir) out.push({ path, volume: `pod:${pod.metadata.uid}/${vol.name}` })
    else {
      const file = mountsFile(vol, node, created)
      out.push({
        path,
        volume: hostVolumeKey(node, vol.hostPath.path, file),
        file: file || undefined,
      })
    }
  }
  return out
}

function volumeNamed(pod: KObject, name: string): Spec | undefined {
  for (const v of pod.spec?.volumes ?? []) if (v.name === name) return v
  return undefined
}

/** A file mounted from the node shows in the container's root as a file, not a directory. */
function withFileMounts(mounts: NonNullable<Instance['mounts']>, ops: FsOp[]): FsOp[] {
  if (!mounts.length) return ops
  const files = new Set(mounts.filter((m) => m.file).map((m) => m.path))
  if (!files.size) return ops
  const out = ops.filter((op) => typeof op !== 'string' || !files.has(op.replace(/\/+$/, '')))
  for (const f of files) out.push(f.slice(0, f.lastIndexOf('/')) || '/', [f, ''])
  return out
}

import type { KObject } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import type { ClusterSpec, NodeSpec } from '../cluster/spec.ts'
import type { Controller, ControllerContext } from '../runtime/controller.ts'
import type { VirtualClock } from '../runtime/clock.ts'
import type { KubeletState, PodRt, Instance } from './types.ts'
import type { LogLine } from './runtimeApi.ts'
import { keyOf, splitKey } from '../runtime/controller.ts'
import { isNodeStopped } from '../controllers/leaseController.ts'
import type { Sim } from '../sim.ts'
import { FsStore, type FsState } from './fsStore.ts'
import type { MountedFs } from './mountedFs.ts'
import { normaliseRef, resolveImage } from '../images/catalogue.ts'
import { Process } from './process.ts'
import { resolveProcess, toolCommand } from './programs.ts'
import { withStdin } from './stdin.ts'
import { execSync } from './exec.ts'
import type { ImageDef, ProgramContext } from '../images/types.ts'
import type { Command } from '../../shell/types.ts'
import { syncPod } from './podSync.ts'

/** How many distinct recent log lines are remembered for sharing (see shareLine). */
const RECENT_LINES = 512

export interface KubeletDeps {
  api: ApiServer
  clock: VirtualClock
  cluster: ClusterSpec
  services: Map<string, unknown>
}

/**
 * Every node's kubelet and its container runtime, as one controller keyed by pod. Runtime state
 * that is not in the API (processes, logs, back-off, probe counters) lives in `state` and is
 * saved with snapshots; live generators and file systems are rebuilt from it on demand.
 */
export class Kubelet implements Controller {
  readonly name = 'kubelet'
  readonly watches = [
    {
      resource: 'pods',
      // Its own status write does not bring a pod back to the kubelet, as on a real node.
      keys: (ev: { object: KObject }) =>
        ev.object.metadata.uid === this.writingStatusOf ? [] : [keyOf(ev.object)],
    },
    {
      resource: 'configmaps',
      keys: (ev: { object: KObject }) => this.waitingIn(ev.object.metadata.namespace),
    },
    {
      resource: 'secrets',
      keys: (ev: { object: KObject }) => this.waitingIn(ev.object.metadata.namespace),
    },
  ]
  state: KubeletState = { pods: [], images: {}, nextHost: {} }
  readonly byUid = new Map<string, PodRt>()
  /**
   * Indexes over state.pods (at most one runtime per pod key: a pod recreated under the same
   * name is forgotten first). Scanning every pod on each reconcile and IP allocation made
   * scale-up quadratic in the number of pods.
   */
  private readonly byKey = new Map<string, PodRt>()
  private readonly byNode = new Map<string, Set<PodRt>>()
  private readonly procs = new Map<string, Process>()
  private readonly recentLines = new Map<string, string>()
  /**
   * Log lines written at the current instant, per stream, by text: replicas starting together
   * print the same lines at the same time, and a line is never changed once logged, so they share
   * one object (a cache, rebuilt whenever the time moves).
   */
  private readonly lineCache = {
    stdout: { time: NaN, byText: new Map<string, LogLine>() },
    stderr: { time: NaN, byText: new Map<string, LogLine>() },
  }
  private readonly ranges = new Map<string, { base: number; size: number }>()
  /** The uid of the pod whose status the kubelet is writing, while it writes it. */
  writingStatusOf: string | undefined
  /** state.images as sets, for the presence check of every container start. */
  private readonly imageSets = new Map<string, Set<string>>()
  private declared: { list: NodeSpec[]; size: number; byName: Map<string, NodeSpec> } | undefined
  readonly files: FsStore

  constructor(readonly deps: KubeletDeps) {
    this.files = new FsStore(() => deps.clock.now())
  }

  initialKeys(ctx: ControllerContext): string[] {
    return ctx.api
      .list('pods')
      .items.filter((p) => p.spec?.nodeName)
      .map(keyOf)
  }

  reconcile(key: string, ctx: ControllerContext): void {
    const { namespace, name } = splitKey(key)
    const pod = ctx.api.tryGet('pods', namespace, name)
    const existing = this.byKey.get(key)
    if (existing && (!pod || pod.metadata.uid !== existing.uid)) this.forget(existing)
    if (!pod || !pod.spec?.nodeName) return
    const node = this.node(pod.spec.nodeName)
    if (!node) return
    // A stopped node's kubelet does nothing: its pods keep their last status.
    const sim = this.deps.services.get('sim') as Sim | undefined
    if (sim && isNodeStopped(sim, node.name)) return
    let rt = this.byUid.get(pod.metadata.uid!)
    if (!rt) {
      const phase = pod.status?.phase
      if (phase === 'Succeeded' || phase === 'Failed') return
      rt = {
        uid: pod.metadata.uid!,
        key,
        node: node.name,
        hostIP: node.ip,
        startTime: ctx.clock.iso(),
        containers: [],
        conditions: {},
      }
      this.state.pods.push(rt)
      this.index(rt)
    }
    const next = syncPod(this, ctx, pod, rt)
    if (next !== undefined && Number.isFinite(next))
      ctx.requeueAt(key, Math.max(next, ctx.clock.now()))
  }

  /** The node as the cluster spec declares it, or as its Node object describes a node added later. */
  node(name: string): NodeSpec | undefined {
    const declared = this.declaredNode(name)
    if (declared) return declared
    const obj = this.deps.api.tryGet('nodes', undefined, name)
    const ip = obj?.status?.addresses?.find(
      (a: { type: string }) => a.type === 'InternalIP',
    )?.address
    if (!obj || !ip || !obj.spec?.podCIDR) return undefined
    return {
      name,
      role: 'worker',
      ip,
      podCIDR: obj.spec.podCIDR,
      cpu: obj.status?.allocatable?.cpu ?? '1',
      memory: obj.status?.allocatable?.memory ?? '1Gi',
    }
  }

  /** Looked up by name: a linear search of 1,000 nodes on every sync added up at scale. */
  private declaredNode(name: string): NodeSpec | undefined {
    const list = this.deps.cluster.nodes
    if (this.declared?.list !== list || this.declared.size !== list.length) {
      const byName = new Map<string, NodeSpec>()
      // The first of a name wins, as with find().
      for (const n of list) if (!byName.has(n.name)) byName.set(n.name, n)
      this.declared = { list, size: list.length, byName }
    }
    return this.declared.byName.get(name)
  }

  private podsOn(node: string): string[] {
    return this.state.pods.filter((p) => p.node === node).map((p) => p.key)
  }

  /** Pods of a namespace the kubelet may be waiting on a ConfigMap or Secret for. */
  private waitingIn(ns: string | undefined): string[] {
    return this.state.pods
      .filter((p) => p.key.startsWith(`${ns}/`) && !p.terminating)
      .map((p) => p.key)
  }

  /** Drops a pod that is gone from the API (its processes stop with it). */
  forget(rt: PodRt): void {
    for (const c of rt.containers) {
      for (const inst of [c.current, c.last]) {
        if (!inst) continue
        this.procs.delete(inst.id)
        this.files.dropRoot(inst.id)
      }
    }
    this.files.dropPod(rt.uid)
    // In place: copying the whole list for every deleted pod was quadratic in a rollout.
    const at = this.state.pods.indexOf(rt)
    if (at >= 0) this.state.pods.splice(at, 1)
    this.byUid.delete(rt.uid)
    if (this.byKey.get(rt.key) === rt) this.byKey.delete(rt.key)
    this.byNode.get(rt.node)?.delete(rt)
  }

  private index(rt: PodRt): void {
    this.byUid.set(rt.uid, rt)
    if (!this.byKey.has(rt.key)) this.byKey.set(rt.key, rt)
    let onNode = this.byNode.get(rt.node)
    if (!onNode) {
      onNode = new Set()
      this.byNode.set(rt.node, onNode)
    }
    onNode.add(rt)
  }

  dropInstance(inst: Instance): void {
    this.procs.delete(inst.id)
    this.files.dropRoot(inst.id)
  }

  /** Allocates the next free address of the node's podCIDR (host-local IPAM walks the range). */
  allocateIP(node: NodeSpec): string {
    const { base, size } = this.podRange(node.podCIDR)
    const onNode = this.byNode.get(node.name)
    let host = this.state.nextHost[node.name] ?? 2
    for (let i = 0; i < size; i++) {
      if (host >= size - 1) host = 2
      const n = base + host
      const ip = `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`
      host++
      if (!onNode || !ipInUse(onNode, ip)) {
        this.state.nextHost[node.name] = host
        return ip
      }
    }
    throw new Error(`no free pod IP on node ${node.name}`)
  }

  /** A podCIDR as its first address and size, parsed once per CIDR: every pod start asks. */
  private podRange(cidr: string): { base: number; size: number } {
    let r = this.ranges.get(cidr)
    if (!r) {
      const [addr, bits] = cidr.split('/')
      const o = addr.split('.').map(Number)
      r = {
        base: ((o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3]) >>> 0,
        size: 2 ** (32 - Number(bits)),
      }
      this.ranges.set(cidr, r)
    }
    return r
  }

  execSync(
    pod: KObject,
    _rt: PodRt,
    container: string,
    argv: string[],
  ): { code: number; output: string } {
    return execSync(this, pod, container, argv, this.deps.clock.now())
  }

  /** containerd names exec sessions by a fresh id; derive one from the container and time. */
  execId(inst: Instance): string {
    const n = this.deps.clock.now().toString(16)
    return (inst.id.slice(n.length) + n).slice(0, 64)
  }

  /** Engine services by name, for programs run through exec. */
  readonly service = <T>(n: string): T | undefined => this.deps.services.get(n) as T | undefined

  toolCommand(image: ImageDef, name: string, pod: ProgramContext['pod']): Command | undefined {
    return toolCommand(
      image,
      name,
      pod,
      <T>(n: string) => this.deps.services.get(n) as T | undefined,
    )
  }

  /** The node's image store, seeded from what its Node object reports (kubeadm's pre-pulls). */
  private imageStore(node: string): Set<string> {
    let set = this.imageSets.get(node)
    if (set) return set
    let list = this.state.images[node]
    if (!list) {
      const obj = this.deps.api.tryGet('nodes', undefined, node)
      const names: string[] = (obj?.status?.images ?? []).flatMap(
        (i: { names?: string[] }) => i.names ?? [],
      )
      const spec = this.node(node)?.images ?? []
      list = [...new Set([...names, ...spec].map(normaliseRef))]
      this.state.images[node] = list
    }
    set = new Set(list)
    this.imageSets.set(node, set)
    return set
  }

  hasImage(node: string, ref: string): boolean {
    return this.imageStore(node).has(ref)
  }

  addImage(node: string, ref: string): void {
    const set = this.imageStore(node)
    if (set.has(ref)) return
    set.add(ref)
    this.state.images[node].push(ref)
  }

  /** The live process of an instance, re-run from its record after a restore. */
  process(pod: KObject, rt: PodRt, inst: Instance): Process | undefined {
    if (!inst.proc) return undefined
    let p = this.procs.get(inst.id)
    if (p) return p
    const pulled = resolveImage(inst.imageRef)
    if (!pulled.ok) return undefined
    const resolved = resolveProcess(pulled.image.def, inst.argv)
    if (!('program' in resolved)) return undefined
    // Replay re-runs writes the saved file system already holds: it writes to a scratch copy.
    // A first start has nothing to replay and sees its files directly.
    const real = this.fsOf(inst)
    const replay = inst.proc.resumes > 0 || inst.logs.length > 0
    let target: MountedFs = real
    const fsView = replay
      ? new Proxy(real, {
          get: (_t, prop) => {
            const v = (target as unknown as Record<PropertyKey, unknown>)[prop]
            return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
          },
        })
      : real
    p = new Process(
      withStdin(pod, inst, resolved.program),
      {
        argv: inst.argv,
        env: inst.env,
        hostname: pod.spec?.hostname ?? pod.metadata.name!,
        tag: inst.tag,
        pod: {
          name: pod.metadata.name!,
          namespace: pod.metadata.namespace!,
          uid: pod.metadata.uid!,
          ip: rt.ip ?? rt.hostIP,
          node: rt.node,
        },
        fs: fsView,
        memoryLimit: inst.memoryLimit,
        service: <T>(name: string) => this.deps.services.get(name) as T | undefined,
        log: (stream, text) => this.appendLog(inst, stream, text),
        engineNow: () => this.deps.clock.now(),
      },
      inst.proc,
    )
    this.procs.set(inst.id, p)
    if (replay) {
      target = this.files.scratch(inst)
      p.replay()
      target = real
    } else p.start()
    return p
  }

  appendLog(inst: Instance, stream: LogLine['stream'], text: string): void {
    const time = this.deps.clock.now()
    const cache = this.lineCache[stream]
    if (cache.time !== time) {
      cache.time = time
      cache.byText.clear()
    }
    let line = cache.byText.get(text)
    if (!line) {
      line = { time, stream, text: this.shareLine(text) }
      if (cache.byText.size < RECENT_LINES) cache.byText.set(text, line)
    }
    inst.logs.push(line)
    // Bounded like the kubelet's log rotation (10 MiB by default): keep the newest lines.
    if (inst.logs.length > 20_000) inst.logs.splice(0, inst.logs.length - 20_000)
  }

  /**
   * The same text as an earlier line when there was one: replicas of a workload print the same
   * start-up lines, and keeping one copy of each saved tens of MB at thousands of containers.
   */
  private shareLine(text: string): string {
    const known = this.recentLines.get(text)
    if (known !== undefined) return known
    this.recentLines.set(text, text)
    if (this.recentLines.size > RECENT_LINES)
      this.recentLines.delete(this.recentLines.keys().next().value!)
    return text
  }

  fsOf(inst: Instance): MountedFs {
    return this.files.view(inst)
  }

  saveState(): unknown {
    return { ...this.state, fs: this.files.save() }
  }

  loadState(raw: unknown): void {
    const s = raw as KubeletState & { fs?: FsState }
    this.state = { pods: s.pods, images: s.images, nextHost: s.nextHost }
    this.files.load(s.fs)
    this.byUid.clear()
    this.byKey.clear()
    this.byNode.clear()
    this.procs.clear()
    this.imageSets.clear()
    for (const p of this.state.pods) this.index(p)
  }
}

function ipInUse(pods: Set<PodRt>, ip: string): boolean {
  for (const p of pods) if (p.ip === ip) return true
  return false
}

import type { KObject, WatchEvent } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import type { Requirement } from '../api/selectors.ts'
import { milliValue, quantityValue } from '../registry/quantity.ts'
import {
  buildPodInfo,
  emptyResources,
  isTerminal,
  podKeyOf,
  type HostPort,
  type Resources,
} from './podInfo.ts'
import { SelectorCounts } from './selectorCounts.ts'
import { jsonEqual } from '../apiserver/jsonData.ts'
import { NodeTable } from './nodeTable.ts'

export interface Taint {
  key: string
  value?: string
  effect: string
  timeAdded?: string
}

/** The last pod's default spreading selector and what it was derived from. */
export interface SelectorMemo {
  services: number
  namespace: string | undefined
  ownerKey: string
  owner: KObject | undefined
  labels: Record<string, string> | undefined
  selector: Requirement[]
}

/** A pod as it counts against a node: kept so removing it subtracts exactly what was added. */
export interface PodEntry {
  key: string
  namespace: string
  node: string
  labels: Record<string, string>
  requests: Resources
  nonZero: { cpu: number; memory: number }
  ports: HostPort[]
  /** Being deleted: spreading and affinity ignore it, resources still count. */
  terminating: boolean
  /** The pod's affinity, for InterPodAffinity (existing pods' anti-affinity rules). */
  affinity?: any
}

/** The scheduler's view of one node (framework.NodeInfo): allocatable and running totals. */
export interface NodeInfo {
  name: string
  node: KObject
  labels: Record<string, string>
  taints: Taint[]
  unschedulable: boolean
  allocatable: Resources & { pods: number }
  requested: Resources
  nonZero: { cpu: number; memory: number }
  pods: Set<string>
  ports: Map<string, number>
  images: Map<string, number>
}

export function portKey(p: HostPort): string {
  return `${p.protocol}/${p.hostIP}/${p.port}`
}

function allocatableOf(node: KObject): Resources & { pods: number } {
  const a = node.status?.allocatable ?? node.status?.capacity ?? {}
  const r = { ...emptyResources(), pods: 0 }
  for (const [name, q] of Object.entries(a)) {
    if (name === 'cpu') r.cpu = milliValue(q)
    else if (name === 'memory') r.memory = quantityValue(q)
    else if (name === 'ephemeral-storage') r.ephemeral = quantityValue(q)
    else if (name === 'pods') r.pods = quantityValue(q)
    else r.scalars[name] = quantityValue(q)
  }
  return r
}

/**
 * Whether a pod write changes anything a PodEntry holds. Objects are never mutated in place and
 * status writes keep the stored spec and labels, so identity settles it for the kubelet's many
 * status updates; a false "changed" only costs a recount.
 */
function changesEntry(old: KObject, next: KObject): boolean {
  return (
    old.spec !== next.spec ||
    old.metadata.labels !== next.metadata.labels ||
    old.metadata.deletionTimestamp !== next.metadata.deletionTimestamp ||
    isTerminal(old) !== isTerminal(next)
  )
}

/**
 * The scheduler cache: per-node totals kept incrementally from watch events so an attempt never
 * rescans every pod. Rebuilt from a full list when first used (also after a snapshot restore).
 */
export class SchedulerCache {
  readonly nodes = new Map<string, NodeInfo>()
  readonly entries = new Map<string, PodEntry>()
  /** Image name → number of nodes that have it (ImageLocality spreads by it). */
  readonly imageNodes = new Map<string, number>()
  /** Pods with required anti-affinity terms: the only existing pods the anti-affinity check reads. */
  readonly antiAffinityPods = new Set<string>()
  /** Pods matching a selector per node, kept incrementally (PodTopologySpread's counting). */
  readonly selectorCounts = new SelectorCounts((name) => this.nodes.get(name)?.labels)
  /** Counts Service writes: the default spreading selector is remembered while it stands still. */
  servicesVersion = 0
  selectorMemo: SelectorMemo | undefined
  private order: string[] | undefined
  private ordered: NodeInfo[] | undefined
  private table: NodeTable | undefined
  built = false

  build(api: ApiServer): void {
    this.nodes.clear()
    this.entries.clear()
    this.imageNodes.clear()
    this.antiAffinityPods.clear()
    this.orphans.clear()
    this.selectorCounts.clear()
    this.selectorMemo = undefined
    this.order = this.ordered = undefined
    for (const n of api.list('nodes').items) this.setNode(n)
    for (const p of api.list('pods').items) this.setPod(p)
    this.built = true
  }

  /** Node names in a stable order (the node tree order upstream iterates). */
  nodeOrder(): string[] {
    if (!this.order) this.order = [...this.nodes.keys()].sort()
    return this.order
  }

  /** The NodeInfos in nodeOrder(). */
  nodeInfos(): NodeInfo[] {
    if (!this.ordered) {
      this.ordered = this.nodeOrder().map((n) => this.nodes.get(n)!)
      this.table = undefined
    }
    return this.ordered
  }

  /** The nodeInfos() totals as arrays, for the loops that visit every node. */
  nodeTable(): NodeTable {
    const infos = this.nodeInfos()
    if (!this.table) this.table = new NodeTable(infos)
    return this.table
  }

  onEvent(ev: WatchEvent): void {
    if (!this.built) return
    if (ev.resource === 'services') {
      this.servicesVersion++
    } else if (ev.resource === 'nodes') {
      if (ev.type === 'DELETED') this.removeNode(ev.object.metadata.name!)
      else this.setNode(ev.object)
    } else if (ev.resource === 'pods') {
      if (ev.type === 'DELETED') this.removePod(podKeyOf(ev.object))
      else if (!ev.old || changesEntry(ev.old, ev.object)) this.setPod(ev.object)
    }
  }

  private setNode(n: KObject): void {
    const name = n.metadata.name!
    const prev = this.nodes.get(name)
    if (prev) for (const img of prev.images.keys()) this.bumpImage(img, -1)
    else this.order = this.ordered = undefined
    // NodeInfo objects are replaced on every update, so the ordered array is rebuilt.
    this.ordered = undefined
    const base = prev ?? this.orphans.get(name)
    this.orphans.delete(name)
    const labels = n.metadata.labels ?? {}
    if (!prev || !jsonEqual(prev.labels, labels)) this.selectorCounts.nodesChanged()
    const images = new Map<string, number>()
    for (const img of n.status?.images ?? [])
      for (const nm of img.names ?? []) images.set(nm, img.sizeBytes ?? 0)
    for (const img of images.keys()) this.bumpImage(img, 1)
    this.nodes.set(name, {
      name,
      node: n,
      labels,
      taints: n.spec?.taints ?? [],
      unschedulable: !!n.spec?.unschedulable,
      allocatable: allocatableOf(n),
      requested: base?.requested ?? emptyResources(),
      nonZero: base?.nonZero ?? { cpu: 0, memory: 0 },
      pods: base?.pods ?? new Set(),
      ports: base?.ports ?? new Map(),
      images,
    })
  }

  private removeNode(name: string): void {
    const prev = this.nodes.get(name)
    if (!prev) return
    for (const img of prev.images.keys()) this.bumpImage(img, -1)
    this.nodes.delete(name)
    this.order = this.ordered = undefined
    this.selectorCounts.nodesChanged()
    // Pods bound to a vanished node keep their totals; they count again if the node returns.
    if (prev.pods.size) this.orphans.set(name, prev)
  }

  private bumpImage(img: string, d: number): void {
    const n = (this.imageNodes.get(img) ?? 0) + d
    if (n <= 0) this.imageNodes.delete(img)
    else this.imageNodes.set(img, n)
  }

  private setPod(p: KObject): void {
    const key = podKeyOf(p)
    this.removePod(key)
    const node = p.spec?.nodeName
    if (!node || isTerminal(p)) return
    const info = buildPodInfo(p)
    const entry: PodEntry = {
      key,
      namespace: info.namespace,
      node,
      labels: info.labels,
      requests: info.requests,
      nonZero: info.nonZero,
      ports: info.ports,
      terminating: !!p.metadata.deletionTimestamp,
      affinity: p.spec?.affinity,
    }
    this.entries.set(key, entry)
    if (p.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length)
      this.antiAffinityPods.add(key)
    this.apply(entry, 1)
  }

  private removePod(key: string): void {
    const e = this.entries.get(key)
    if (!e) return
    this.entries.delete(key)
    this.antiAffinityPods.delete(key)
    this.apply(e, -1)
  }

  private apply(e: PodEntry, sign: 1 | -1): void {
    // A pod may name a node that does not exist (yet): its totals wait in a placeholder.
    const ni = this.nodes.get(e.node) ?? this.placeholder(e.node)
    const r = ni.requested
    r.cpu += sign * e.requests.cpu
    r.memory += sign * e.requests.memory
    r.ephemeral += sign * e.requests.ephemeral
    for (const [k, v] of Object.entries(e.requests.scalars))
      r.scalars[k] = (r.scalars[k] ?? 0) + sign * v
    ni.nonZero.cpu += sign * e.nonZero.cpu
    ni.nonZero.memory += sign * e.nonZero.memory
    if (sign > 0) ni.pods.add(e.key)
    else ni.pods.delete(e.key)
    this.table?.update(ni)
    this.selectorCounts.apply(e, sign)
    for (const p of e.ports) {
      const k = portKey(p)
      const n = (ni.ports.get(k) ?? 0) + sign
      if (n <= 0) ni.ports.delete(k)
      else ni.ports.set(k, n)
    }
  }

  /** Totals for pods on a node the cache has not seen; promoted when the Node appears. */
  private readonly orphans = new Map<string, NodeInfo>()

  private placeholder(name: string): NodeInfo {
    let ni = this.orphans.get(name)
    if (!ni) {
      ni = {
        name,
        node: { apiVersion: 'v1', kind: 'Node', metadata: { name } },
        labels: {},
        taints: [],
        unschedulable: false,
        allocatable: { ...emptyResources(), pods: 0 },
        requested: emptyResources(),
        nonZero: { cpu: 0, memory: 0 },
        pods: new Set(),
        ports: new Map(),
        images: new Map(),
      }
      this.orphans.set(name, ni)
    }
    return ni
  }
}

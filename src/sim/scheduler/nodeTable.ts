import type { NodeInfo } from './cache.ts'

/** A topology key's domains over the table's rows: scoring counts per domain index, not per string. */
export interface LabelDomains {
  ids: Int32Array
  values: string[]
}

/**
 * The numbers the filter and score loops read for every node, one typed array per quantity in
 * nodeInfos() order. A scheduling attempt visits hundreds of nodes; reading each node's totals
 * through its NodeInfo's nested objects cost a handful of cache misses per node, contiguous arrays
 * cost next to none. The NodeInfos stay the source of truth: this table is rebuilt from them when
 * the node set changes and follows their pod totals as the cache applies pods.
 */
export class NodeTable {
  readonly index = new Map<string, number>()
  readonly names: string[]
  readonly allocCpu: Float64Array
  readonly allocMemory: Float64Array
  readonly allocEphemeral: Float64Array
  readonly allocPods: Float64Array
  readonly reqCpu: Float64Array
  readonly reqMemory: Float64Array
  readonly reqEphemeral: Float64Array
  readonly nonZeroCpu: Float64Array
  readonly nonZeroMemory: Float64Array
  readonly podCount: Float64Array
  /** 1 where NodeUnschedulable or TaintToleration has something to check (a cordon or taints). */
  readonly guarded: Uint8Array
  readonly tainted: Uint8Array
  private readonly labels = new Map<string, (string | undefined)[]>()
  private readonly domains = new Map<string, LabelDomains>()
  private readonly images = new Map<string, Float64Array>()

  constructor(readonly infos: readonly NodeInfo[]) {
    const n = infos.length
    this.names = infos.map((ni) => ni.name)
    this.allocCpu = new Float64Array(n)
    this.allocMemory = new Float64Array(n)
    this.allocEphemeral = new Float64Array(n)
    this.allocPods = new Float64Array(n)
    this.reqCpu = new Float64Array(n)
    this.reqMemory = new Float64Array(n)
    this.reqEphemeral = new Float64Array(n)
    this.nonZeroCpu = new Float64Array(n)
    this.nonZeroMemory = new Float64Array(n)
    this.podCount = new Float64Array(n)
    this.guarded = new Uint8Array(n)
    this.tainted = new Uint8Array(n)
    for (let i = 0; i < n; i++) {
      const ni = infos[i]
      this.index.set(ni.name, i)
      this.allocCpu[i] = ni.allocatable.cpu
      this.allocMemory[i] = ni.allocatable.memory
      this.allocEphemeral[i] = ni.allocatable.ephemeral
      this.allocPods[i] = ni.allocatable.pods
      this.guarded[i] = ni.unschedulable || ni.taints.length > 0 ? 1 : 0
      this.tainted[i] = ni.taints.length > 0 ? 1 : 0
      this.follow(ni, i)
    }
  }

  /** Each row's value of a node label (undefined where the node lacks it). */
  labelValues(key: string): readonly (string | undefined)[] {
    let vs = this.labels.get(key)
    if (!vs) {
      vs = this.infos.map((ni) => ni.labels[key])
      this.labels.set(key, vs)
    }
    return vs
  }

  /** A node label's distinct values, and each row's index into them (-1 where the node lacks it). */
  labelDomains(key: string): LabelDomains {
    let d = this.domains.get(key)
    if (!d) {
      const values: string[] = []
      const seen = new Map<string, number>()
      const ids = new Int32Array(this.infos.length)
      const vs = this.labelValues(key)
      for (let i = 0; i < vs.length; i++) {
        const v = vs[i]
        if (v === undefined) {
          ids[i] = -1
          continue
        }
        let id = seen.get(v)
        if (id === undefined) {
          id = values.length
          seen.set(v, id)
          values.push(v)
        }
        ids[i] = id
      }
      d = { ids, values }
      this.domains.set(key, d)
    }
    return d
  }

  /** Each row's size of an image in bytes, or -1 where the node does not have it. */
  imageSizes(image: string): Float64Array {
    let sizes = this.images.get(image)
    if (!sizes) {
      sizes = new Float64Array(this.infos.length)
      for (let i = 0; i < this.infos.length; i++) sizes[i] = this.infos[i].images.get(image) ?? -1
      this.images.set(image, sizes)
    }
    return sizes
  }

  /** Copies a node's running totals after the cache added or removed one of its pods. */
  update(ni: NodeInfo): void {
    const i = this.index.get(ni.name)
    if (i !== undefined && this.infos[i] === ni) this.follow(ni, i)
  }

  private follow(ni: NodeInfo, i: number): void {
    this.reqCpu[i] = ni.requested.cpu
    this.reqMemory[i] = ni.requested.memory
    this.reqEphemeral[i] = ni.requested.ephemeral
    this.nonZeroCpu[i] = ni.nonZero.cpu
    this.nonZeroMemory[i] = ni.nonZero.memory
    this.podCount[i] = ni.pods.size
  }
}

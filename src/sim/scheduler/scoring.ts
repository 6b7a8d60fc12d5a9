import type { Rng } from '../runtime/rng.ts'
import type { NodeInfo } from './cache.ts'
import type { NodeTable } from './nodeTable.ts'
import type { Cycle } from './framework.ts'
import { interPodAffinityScores } from './interPodAffinity.ts'
import { preferredAffinityScore } from './nodeAffinity.ts'
import { intolerablePreferNoSchedule } from './taintToleration.ts'
import { topologySpreadScores } from './topologySpread.ts'

const MAX = 100
const MB = 1024 * 1024
const IMAGE_MIN = 23 * MB
const IMAGE_MAX_PER_CONTAINER = 1000 * MB

/** Plugin weights of the v1.32 default profile. */
export const SCORE_WEIGHTS = {
  TaintToleration: 3,
  NodeAffinity: 2,
  PodTopologySpread: 2,
  InterPodAffinity: 2,
  NodeResourcesFit: 1,
  NodeResourcesBalancedAllocation: 1,
  ImageLocality: 1,
} as const

export type ScorePlugin = keyof typeof SCORE_WEIGHTS

function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0
  return Math.trunc(((capacity - requested) * MAX) / capacity)
}

/**
 * NodeResourcesFit LeastAllocated on cpu and memory (weights 1, 1), with the non-zero request
 * defaults; and NodeResourcesBalancedAllocation, 100 × (1 − |cpu fraction − memory fraction| / 2),
 * on plain requests. Read from the node table: this runs for hundreds of nodes per pod.
 */
function leastAllocated(c: Cycle, t: NodeTable, i: number): number {
  const cpu = leastRequested(t.nonZeroCpu[i] + c.info.nonZero.cpu, t.allocCpu[i])
  const mem = leastRequested(t.nonZeroMemory[i] + c.info.nonZero.memory, t.allocMemory[i])
  return Math.trunc((cpu + mem) / 2)
}

function balanced(c: Cycle, t: NodeTable, i: number): number {
  const ac = t.allocCpu[i]
  const am = t.allocMemory[i]
  if (ac === 0 || am === 0) return MAX
  const fc = Math.min(1, (t.reqCpu[i] + c.info.requests.cpu) / ac)
  const fm = Math.min(1, (t.reqMemory[i] + c.info.requests.memory) / am)
  return Math.trunc((1 - Math.abs((fc - fm) / 2)) * MAX)
}

/** The name the kubelet reports for an image: a missing tag means `:latest`. */
export function normalizedImageName(image: string): string {
  const last = image.slice(image.lastIndexOf('/') + 1)
  if (image.includes('@') || last.includes(':')) return image
  return image + ':latest'
}

/** ImageLocality; `spreads` is each image's share of nodes that have it. */
function imageLocality(
  sizes: readonly Float64Array[],
  spreads: readonly number[],
  row: number,
): number {
  let sum = 0
  for (let i = 0; i < sizes.length; i++) {
    const size = sizes[i][row]
    if (size >= 0) sum += Math.trunc(size * spreads[i])
  }
  const maxThreshold = IMAGE_MAX_PER_CONTAINER * sizes.length
  const clamped = Math.min(Math.max(sum, IMAGE_MIN), maxThreshold)
  return Math.trunc((MAX * (clamped - IMAGE_MIN)) / (maxThreshold - IMAGE_MIN))
}

/** DefaultNormalizeScore: scale to 0..100 against the highest, optionally reversed. */
function normalize(raw: number[], reverse: boolean): number[] {
  let max = 0
  for (const s of raw) if (s > max) max = s
  if (max === 0) return raw.map(() => (reverse ? MAX : 0))
  return raw.map((s) => {
    const v = Math.trunc((MAX * s) / max)
    return reverse ? MAX - v : v
  })
}

/** Adds weight × score to every total; plugins skipped by PreScore add nothing. */
function addScores(totals: Float64Array, plugin: ScorePlugin, scores: ArrayLike<number>): void {
  const w = SCORE_WEIGHTS[plugin]
  for (let i = 0; i < totals.length; i++) totals[i] += scores[i] * w
}

/**
 * Runs every Score plugin over the feasible nodes (`rows` are their node-table rows); returns the
 * weighted total per node.
 */
export function scoreNodes(
  c: Cycle,
  nodes: NodeInfo[],
  rows: readonly number[],
  table: NodeTable,
  totalNodes: number,
): Float64Array {
  const pod = c.pod
  const n = nodes.length
  const totals = new Float64Array(n)
  const raw = new Float64Array(n)
  let anyTaint = false
  for (let i = 0; i < n; i++) {
    raw[i] = table.tainted[rows[i]] ? intolerablePreferNoSchedule(pod, nodes[i]) : 0
    if (raw[i] > 0) anyTaint = true
  }
  // With no intolerable taint anywhere every node scores 100: a constant changes no ranking.
  if (anyTaint) addScores(totals, 'TaintToleration', normalize(Array.from(raw), true))
  if (pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length) {
    for (let i = 0; i < n; i++) raw[i] = preferredAffinityScore(pod, nodes[i])
    addScores(totals, 'NodeAffinity', normalize(Array.from(raw), false))
  }
  const spread = topologySpreadScores(c, nodes, rows, table)
  if (spread) addScores(totals, 'PodTopologySpread', spread)
  const ipa = interPodAffinityScores(c, nodes)
  if (ipa) addScores(totals, 'InterPodAffinity', ipa)
  const balance = c.info.requests.cpu > 0 || c.info.requests.memory > 0
  for (let i = 0; i < n; i++) {
    const row = rows[i]
    totals[i] += leastAllocated(c, table, row) * SCORE_WEIGHTS.NodeResourcesFit
    if (balance)
      totals[i] += balanced(c, table, row) * SCORE_WEIGHTS.NodeResourcesBalancedAllocation
  }
  const images = podImages(c)
  // A pod whose images no node has scores the minimum everywhere: nothing to rank.
  if (images.some((img) => c.cache.imageNodes.has(img))) {
    const sizes = images.map((img) => table.imageSizes(img))
    const spreads = images.map((img) => (c.cache.imageNodes.get(img) ?? 0) / totalNodes)
    for (let i = 0; i < n; i++)
      totals[i] += imageLocality(sizes, spreads, rows[i]) * SCORE_WEIGHTS.ImageLocality
  }
  return totals
}

function podImages(c: Cycle): string[] {
  const out: string[] = []
  for (const ct of c.pod.spec?.initContainers ?? [])
    out.push(normalizedImageName(String(ct.image ?? '')))
  for (const ct of c.pod.spec?.containers ?? [])
    out.push(normalizedImageName(String(ct.image ?? '')))
  return out
}

/** selectHost: the highest total, ties broken by reservoir sampling with the seeded generator. */
export function selectHost(nodes: NodeInfo[], totals: Float64Array, rng: Rng): string {
  let best = 0
  let ties = 1
  for (let i = 1; i < totals.length; i++) {
    if (totals[i] > totals[best]) {
      best = i
      ties = 1
    } else if (totals[i] === totals[best]) {
      ties++
      if (rng.int(ties) === 0) best = i
    }
  }
  return nodes[best].name
}

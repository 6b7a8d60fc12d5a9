import type { Rng } from '../runtime/rng.ts'
import type { NodeTable } from './nodeTable.ts'
import type { Cycle } from './framework.ts'
import { interPodAffinityScores } from './interPodAffinity.ts'
import { preferredAffinityScore } from './nodeAffinity.ts'
import { intolerablePreferNoSchedule } from './taintToleration.ts'
import { topologySpreadScores } from './topologySpread.ts'
import { floatScratch, SLOT } from './scratch.ts'

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
 * on plain requests. Read from the node table's arrays into locals: this runs for hundreds of
 * nodes per pod.
 */
function resourceScores(
  c: Cycle,
  rows: readonly number[],
  t: NodeTable,
  totals: Float64Array,
): void {
  const { allocCpu, allocMemory, nonZeroCpu, nonZeroMemory, reqCpu, reqMemory } = t
  const podNonZeroCpu = c.info.nonZero.cpu
  const podNonZeroMemory = c.info.nonZero.memory
  const podCpu = c.info.requests.cpu
  const podMemory = c.info.requests.memory
  const balance = podCpu > 0 || podMemory > 0
  const wFit = SCORE_WEIGHTS.NodeResourcesFit
  const wBalanced = SCORE_WEIGHTS.NodeResourcesBalancedAllocation
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]
    const ac = allocCpu[row]
    const am = allocMemory[row]
    const cpu = leastRequested(nonZeroCpu[row] + podNonZeroCpu, ac)
    const mem = leastRequested(nonZeroMemory[row] + podNonZeroMemory, am)
    totals[i] += Math.trunc((cpu + mem) / 2) * wFit
    if (!balance) continue
    let b = MAX
    if (ac !== 0 && am !== 0) {
      const fc = Math.min(1, (reqCpu[row] + podCpu) / ac)
      const fm = Math.min(1, (reqMemory[row] + podMemory) / am)
      b = Math.trunc((1 - Math.abs((fc - fm) / 2)) * MAX)
    }
    totals[i] += b * wBalanced
  }
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
 * weighted total per node, in a buffer the next cycle reuses.
 */
export function scoreNodes(
  c: Cycle,
  rows: readonly number[],
  table: NodeTable,
  totalNodes: number,
): Float64Array {
  const pod = c.pod
  const n = rows.length
  const nodes = table.infos
  const totals = floatScratch(SLOT.totals, n)
  const raw = floatScratch(SLOT.raw, n)
  let anyTaint = false
  for (let i = 0; i < n; i++) {
    raw[i] = table.tainted[rows[i]] ? intolerablePreferNoSchedule(pod, nodes[rows[i]]) : 0
    if (raw[i] > 0) anyTaint = true
  }
  // With no intolerable taint anywhere every node scores 100: a constant changes no ranking.
  if (anyTaint) addScores(totals, 'TaintToleration', normalize(Array.from(raw), true))
  if (pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length) {
    for (let i = 0; i < n; i++) raw[i] = preferredAffinityScore(pod, nodes[rows[i]])
    addScores(totals, 'NodeAffinity', normalize(Array.from(raw), false))
  }
  const spread = topologySpreadScores(c, rows, table)
  if (spread) addScores(totals, 'PodTopologySpread', spread)
  const ipa = interPodAffinityScores(c, rows, table)
  if (ipa) addScores(totals, 'InterPodAffinity', ipa)
  resourceScores(c, rows, table, totals)
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
export function selectHost(
  rows: readonly number[],
  totals: Float64Array,
  table: NodeTable,
  rng: Rng,
): string {
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
  return table.names[rows[best]]
}

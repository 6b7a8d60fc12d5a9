import type { Rng } from '../runtime/rng.ts'
import type { NodeInfo } from './cache.ts'
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

/** NodeResourcesFit LeastAllocated on cpu and memory, with non-zero request defaults. */
function leastAllocated(c: Cycle, n: NodeInfo): number {
  const cpu = leastRequested(n.nonZero.cpu + c.info.nonZero.cpu, n.allocatable.cpu)
  const mem = leastRequested(n.nonZero.memory + c.info.nonZero.memory, n.allocatable.memory)
  return Math.trunc((cpu + mem) / 2)
}

/** NodeResourcesBalancedAllocation: 100 × (1 − |cpu fraction − memory fraction| / 2). */
function balanced(c: Cycle, n: NodeInfo): number {
  const fractions: number[] = []
  const f = (req: number, alloc: number): void => {
    if (alloc === 0) return
    fractions.push(Math.min(1, req / alloc))
  }
  f(n.requested.cpu + c.info.requests.cpu, n.allocatable.cpu)
  f(n.requested.memory + c.info.requests.memory, n.allocatable.memory)
  const std = fractions.length === 2 ? Math.abs((fractions[0] - fractions[1]) / 2) : 0
  return Math.trunc((1 - std) * MAX)
}

/** The name the kubelet reports for an image: a missing tag means `:latest`. */
export function normalizedImageName(image: string): string {
  const last = image.slice(image.lastIndexOf('/') + 1)
  if (image.includes('@') || last.includes(':')) return image
  return image + ':latest'
}

function imageLocality(c: Cycle, n: NodeInfo, images: string[], totalNodes: number): number {
  let sum = 0
  if (n.images.size) {
    for (const img of images) {
      const size = n.images.get(img)
      if (size === undefined) continue
      const spread = (c.cache.imageNodes.get(img) ?? 0) / totalNodes
      sum += Math.trunc(size * spread)
    }
  }
  const maxThreshold = IMAGE_MAX_PER_CONTAINER * images.length
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

export interface NodeScore {
  node: string
  total: number
  plugins: Partial<Record<ScorePlugin, number>>
}

/** Runs every Score plugin over the feasible nodes; returns weighted totals per node. */
export function scoreNodes(c: Cycle, nodes: NodeInfo[], totalNodes: number): NodeScore[] {
  const pod = c.pod
  const out: NodeScore[] = nodes.map((n) => ({ node: n.name, total: 0, plugins: {} }))
  const add = (plugin: ScorePlugin, scores: number[]): void => {
    const w = SCORE_WEIGHTS[plugin]
    for (let i = 0; i < out.length; i++) {
      out[i].plugins[plugin] = scores[i]
      out[i].total += scores[i] * w
    }
  }
  add(
    'TaintToleration',
    normalize(
      nodes.map((n) => intolerablePreferNoSchedule(pod, n)),
      true,
    ),
  )
  if (pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length)
    add(
      'NodeAffinity',
      normalize(
        nodes.map((n) => preferredAffinityScore(pod, n)),
        false,
      ),
    )
  const spread = topologySpreadScores(c, nodes)
  if (spread) add('PodTopologySpread', spread)
  const ipa = interPodAffinityScores(c, nodes)
  if (ipa) add('InterPodAffinity', ipa)
  add(
    'NodeResourcesFit',
    nodes.map((n) => leastAllocated(c, n)),
  )
  if (c.info.requests.cpu > 0 || c.info.requests.memory > 0)
    add(
      'NodeResourcesBalancedAllocation',
      nodes.map((n) => balanced(c, n)),
    )
  const images = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map(
    (ct: any) => normalizedImageName(String(ct.image ?? '')),
  )
  if (images.length)
    add(
      'ImageLocality',
      nodes.map((n) => imageLocality(c, n, images, totalNodes)),
    )
  return out
}

/** selectHost: the highest total, ties broken by reservoir sampling with the seeded generator. */
export function selectHost(scores: NodeScore[], rng: Rng): string {
  let best = scores[0]
  let ties = 1
  for (let i = 1; i < scores.length; i++) {
    const s = scores[i]
    if (s.total > best.total) {
      best = s
      ties = 1
    } else if (s.total === best.total) {
      ties++
      if (rng.int(ties) === 0) best = s
    }
  }
  return best.node
}

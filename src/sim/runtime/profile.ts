/**
 * Timing profile. `realistic` reproduces what a learner sees on a real cluster (image pulls take
 * seconds, a LoadBalancer IP arrives later); `fast` removes waits for benchmarks and bulk tests.
 */
export interface SimProfile {
  name: 'realistic' | 'fast'
  /** Milliseconds to pull an image not yet on the node. */
  imagePullMs: number
  /** Milliseconds between container creation and start. */
  containerStartMs: number
  /** Delay before a LoadBalancer Service gets its external IP. */
  loadBalancerMs: number
  /** Node heartbeat period (the node lease renewal). */
  nodeStatusMs: number
}

export const PROFILES: Record<SimProfile['name'], SimProfile> = {
  realistic: {
    name: 'realistic',
    imagePullMs: 3_000,
    containerStartMs: 500,
    loadBalancerMs: 5_000,
    nodeStatusMs: 10_000,
  },
  fast: {
    name: 'fast',
    imagePullMs: 0,
    containerStartMs: 0,
    loadBalancerMs: 0,
    nodeStatusMs: 10_000,
  },
}

import type { KObject } from '../api/types.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import { Rng } from '../runtime/rng.ts'

/** The address plan of a cluster as kube-apiserver flags configure it. */
export interface NetworkConfig {
  /** --service-cluster-ip-range */
  serviceCIDR: string
  /** --service-node-port-range */
  nodePortMin: number
  nodePortMax: number
}

export const DEFAULT_NETWORK: NetworkConfig = {
  serviceCIDR: '10.96.0.0/12',
  nodePortMin: 30000,
  nodePortMax: 32767,
}

// Strategies are registered once per process, but each Sim has its own API server: the address plan
// is attached to the API server so that allocation stays a pure function of the stored Services.
const configs = new WeakMap<ApiServer, NetworkConfig>()

export function configureNetwork(api: ApiServer, cfg: NetworkConfig): void {
  configs.set(api, cfg)
}

export function networkConfig(api: ApiServer): NetworkConfig {
  return configs.get(api) ?? DEFAULT_NETWORK
}

export function ipToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip)
  if (!m) return undefined
  const parts = m.slice(1).map(Number)
  if (parts.some((p) => p > 255)) return undefined
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
}

export function isIPv4(ip: string): boolean {
  return ipToInt(ip) !== undefined
}

/** A loose IPv6 check: enough to tell the families apart in validation. */
export function isIPv6(ip: string): boolean {
  return ip.includes(':') && /^[0-9a-fA-F:.]+$/.test(ip) && (ip.match(/::/g)?.length ?? 0) <= 1
}

export function parseCidr(cidr: string): { base: number; bits: number } {
  const [ip, bits] = cidr.split('/')
  const b = Number(bits)
  const mask = b === 0 ? 0 : (0xffffffff << (32 - b)) >>> 0
  return { base: (ipToInt(ip)! & mask) >>> 0, bits: b }
}

export function cidrContains(cidr: string, ip: string): boolean {
  const n = ipToInt(ip)
  if (n === undefined) return false
  const { base, bits } = parseCidr(cidr)
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
  return (n & mask) >>> 0 === base
}

/** A generator seeded from an object's uid: the uid itself comes from the cluster's seeded Rng. */
export function rngFor(uid: string): Rng {
  let h = 2166136261
  for (let i = 0; i < uid.length; i++) {
    h ^= uid.charCodeAt(i)
    h = Math.imul(h, 16777619) >>> 0
  }
  return new Rng(h)
}

// Upstream reserves the bottom of each range for static choices (KEP-3070, KEP-3668) and picks
// dynamic values at random from the rest first, falling back to the bottom when the top is full.
function rangeOffset(size: number, divisor: number, max: number): number {
  return Math.min(Math.max(16, Math.floor(size / divisor)), max)
}

function pick(rng: Rng, size: number, offset: number, used: (i: number) => boolean): number {
  const bands: [number, number][] = [
    [offset, size],
    [0, offset],
  ]
  for (const [lo, hi] of bands) {
    if (hi <= lo) continue
    const start = lo + rng.int(hi - lo)
    for (let k = 0; k < hi - lo; k++) {
      const i = lo + ((start - lo + k) % (hi - lo))
      if (!used(i)) return i
    }
  }
  return -1
}

export class AllocationError extends Error {}

function otherServices(api: ApiServer, self: KObject): KObject[] {
  return api
    .list('services')
    .items.filter(
      (s) =>
        s.metadata.namespace !== self.metadata.namespace || s.metadata.name !== self.metadata.name,
    )
}

export function allocatedClusterIPs(services: KObject[]): Set<string> {
  const used = new Set<string>()
  for (const s of services)
    for (const ip of s.spec?.clusterIPs ?? []) if (ip !== 'None') used.add(ip)
  return used
}

/**
 * Chooses a ClusterIP for `svc` (or checks the requested one) against every other stored Service.
 * Throws AllocationError with the allocator's words.
 */
export function allocateClusterIP(api: ApiServer, svc: KObject, requested?: string): string {
  const cfg = networkConfig(api)
  const { base, bits } = parseCidr(cfg.serviceCIDR)
  // The bitmap covers the range without its network and broadcast addresses.
  const size = 2 ** (32 - bits) - 2
  const used = allocatedClusterIPs(otherServices(api, svc))
  if (requested) {
    const n = ipToInt(requested)
    if (
      n === undefined ||
      !cidrContains(cfg.serviceCIDR, requested) ||
      n === base ||
      n > base + size
    )
      throw new AllocationError(
        `the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${cfg.serviceCIDR}`,
      )
    if (used.has(requested)) throw new AllocationError('provided IP is already allocated')
    return requested
  }
  const rng = rngFor(svc.metadata.uid ?? svc.metadata.name ?? '')
  const i = pick(rng, size, rangeOffset(size, 16, 256), (k) => used.has(intToIp(base + 1 + k)))
  if (i < 0) throw new AllocationError('range is full')
  return intToIp(base + 1 + i)
}

export function allocatedNodePorts(services: KObject[]): Set<number> {
  const used = new Set<number>()
  for (const s of services) {
    for (const p of s.spec?.ports ?? []) if (p.nodePort) used.add(p.nodePort)
    if (s.spec?.healthCheckNodePort) used.add(s.spec.healthCheckNodePort)
  }
  return used
}

/** Checks a requested node port, or picks a free one; `taken` holds ports this request already uses. */
export function allocateNodePort(
  api: ApiServer,
  svc: KObject,
  requested: number | undefined,
  taken: Set<number>,
): number {
  const cfg = networkConfig(api)
  const used = allocatedNodePorts(otherServices(api, svc))
  if (requested) {
    if (requested < cfg.nodePortMin || requested > cfg.nodePortMax)
      throw new AllocationError(
        `provided port is not in the valid range. The range of valid ports is ${cfg.nodePortMin}-${cfg.nodePortMax}`,
      )
    if (used.has(requested)) throw new AllocationError('provided port is already allocated')
    return requested
  }
  const size = cfg.nodePortMax - cfg.nodePortMin + 1
  const rng = rngFor(`${svc.metadata.uid ?? svc.metadata.name}/${taken.size}`)
  const i = pick(rng, size, rangeOffset(size, 32, 128), (k) => {
    const p = cfg.nodePortMin + k
    return used.has(p) || taken.has(p)
  })
  if (i < 0) throw new AllocationError('range is full')
  return cfg.nodePortMin + i
}

import type { KObject } from '../api/types.ts'
import { fieldErr, internalError, invalid } from '../api/errors.ts'
import { resourceById } from '../api/resources.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import { registerStrategy } from '../apiserver/strategy.ts'
import { AllocationError, allocateClusterIP, allocateNodePort } from '../network/ipam.ts'
import {
  externallyAccessible,
  validateService,
  validateServiceUpdate,
} from './serviceValidation.ts'

type Spec = Record<string, any>

const SERVICE = resourceById('services')

/** core/v1 ServiceSpec field order, which JSON output keeps. */
const SPEC_ORDER = [
  'ports',
  'selector',
  'clusterIP',
  'clusterIPs',
  'type',
  'externalIPs',
  'sessionAffinity',
  'loadBalancerIP',
  'loadBalancerSourceRanges',
  'externalName',
  'externalTrafficPolicy',
  'healthCheckNodePort',
  'publishNotReadyAddresses',
  'sessionAffinityConfig',
  'ipFamilies',
  'ipFamilyPolicy',
  'allocateLoadBalancerNodePorts',
  'loadBalancerClass',
  'internalTrafficPolicy',
  'trafficDistribution',
]
const PORT_ORDER = ['name', 'protocol', 'appProtocol', 'port', 'targetPort', 'nodePort']

function ordered(o: Spec, order: string[]): Spec {
  const out: Spec = {}
  for (const k of order) if (o[k] !== undefined) out[k] = o[k]
  for (const k of Object.keys(o)) if (!(k in out) && o[k] !== undefined) out[k] = o[k]
  return out
}

const needsClusterIP = (s: Spec): boolean => s.type !== 'ExternalName'
const needsNodePort = (s: Spec): boolean => s.type === 'NodePort' || s.type === 'LoadBalancer'
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/** patchAllocatedValues: a client that omits allocated values keeps them (apply, replace). */
function patchAllocatedValues(spec: Spec, prev: Spec): void {
  if (needsClusterIP(prev) && needsClusterIP(spec)) {
    if (!spec.clusterIP) spec.clusterIP = prev.clusterIP
    if (!spec.clusterIPs?.length && prev.clusterIPs) spec.clusterIPs = [...prev.clusterIPs]
  }
  if (needsNodePort(prev) && needsNodePort(spec)) {
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue
      const match = (prev.ports ?? []).find(
        (o: Spec) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'),
      )
      if (match?.nodePort) p.nodePort = match.nodePort
    }
  }
  if (spec.type === 'LoadBalancer' && prev.type === 'LoadBalancer' && !spec.healthCheckNodePort)
    if (prev.healthCheckNodePort) spec.healthCheckNodePort = prev.healthCheckNodePort
}

/** NormalizeClusterIPs: a client that edits only `clusterIP` edits the primary of `clusterIPs`. */
function normalizeClusterIPs(spec: Spec, prev: Spec): void {
  if (spec.clusterIP === prev.clusterIP || !same(spec.clusterIPs, prev.clusterIPs)) return
  if (spec.clusterIP) spec.clusterIPs = [spec.clusterIP, ...(spec.clusterIPs ?? []).slice(1)]
  else delete spec.clusterIPs
}

/** dropTypeDependentFields: changing type clears what the old type allocated, unless the user changed it. */
function dropTypeDependentFields(spec: Spec, prev: Spec): void {
  if (needsClusterIP(prev) && !needsClusterIP(spec)) {
    if (same(spec.clusterIPs, prev.clusterIPs)) {
      delete spec.clusterIP
      delete spec.clusterIPs
    }
    if (same(spec.ipFamilies, prev.ipFamilies)) delete spec.ipFamilies
    if (spec.ipFamilyPolicy === prev.ipFamilyPolicy) delete spec.ipFamilyPolicy
  }
  if (needsNodePort(prev) && !needsNodePort(spec)) {
    const prevPorts = (prev.ports ?? []).map((p: Spec) => p.nodePort ?? 0)
    const nowPorts = (spec.ports ?? []).map((p: Spec) => p.nodePort ?? 0)
    if (same(prevPorts, nowPorts)) for (const p of spec.ports ?? []) delete p.nodePort
  }
  if (prev.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts === prev.allocateLoadBalancerNodePorts)
      delete spec.allocateLoadBalancerNodePorts
    if (spec.loadBalancerClass === prev.loadBalancerClass) delete spec.loadBalancerClass
  }
  const neededHC = prev.type === 'LoadBalancer' && prev.externalTrafficPolicy === 'Local'
  const needsHC = spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local'
  if (neededHC && !needsHC && spec.healthCheckNodePort === prev.healthCheckNodePort)
    delete spec.healthCheckNodePort
  if (
    externallyAccessible(prev) &&
    !externallyAccessible(spec) &&
    spec.externalTrafficPolicy === prev.externalTrafficPolicy
  )
    delete spec.externalTrafficPolicy
  if (
    needsClusterIP(prev) &&
    !needsClusterIP(spec) &&
    spec.internalTrafficPolicy === prev.internalTrafficPolicy
  )
    delete spec.internalTrafficPolicy
}

/** SetDefaults_Service plus the allocator's IP-family initialisation for a single-stack cluster. */
function setDefaults(spec: Spec, prev: Spec | undefined): void {
  spec.type ||= 'ClusterIP'
  spec.sessionAffinity ||= 'None'
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig
  if (
    spec.sessionAffinity === 'ClientIP' &&
    spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined
  )
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } }
  if (Array.isArray(spec.ports))
    spec.ports = spec.ports.map((p: Spec) => {
      const port: Spec = { ...p }
      port.protocol ||= 'TCP'
      if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '')
        port.targetPort = port.port
      return ordered(port, PORT_ORDER)
    })
  if (externallyAccessible(spec)) spec.externalTrafficPolicy ||= 'Cluster'
  if (spec.type !== 'ExternalName') spec.internalTrafficPolicy ??= 'Cluster'
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true
  if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP]
  if (spec.type === 'ExternalName') return
  const selectorless = !Object.keys(spec.selector ?? {}).length
  if (spec.ipFamilyPolicy === undefined)
    spec.ipFamilyPolicy =
      prev?.ipFamilyPolicy ??
      (spec.clusterIP === 'None' && selectorless ? 'RequireDualStack' : 'SingleStack')
  if (!spec.ipFamilies?.length) {
    const first = spec.clusterIPs?.[0]
    spec.ipFamilies = [first && first !== 'None' && first.includes(':') ? 'IPv6' : 'IPv4']
    // A selectorless headless Service is allowed both families even on a single-stack cluster.
    if (spec.clusterIP === 'None' && selectorless && spec.ipFamilyPolicy !== 'SingleStack')
      spec.ipFamilies.push('IPv6')
  }
}

function allocationFailure(obj: KObject, field: string, value: unknown, msg: string): never {
  throw invalid(SERVICE, obj.metadata.name ?? '', [fieldErr.invalid(field, value, msg)])
}

/** Allocates the ClusterIP and node ports a Service needs; values already held are kept. */
function allocate(api: ApiServer, obj: KObject, prev: Spec | undefined): void {
  const spec: Spec = obj.spec
  if (needsClusterIP(spec) && spec.clusterIP !== 'None') {
    const keep = prev && needsClusterIP(prev) && prev.clusterIP === spec.clusterIP
    if (!keep) {
      try {
        const ip = allocateClusterIP(api, obj, spec.clusterIP || undefined)
        spec.clusterIP = ip
        spec.clusterIPs = [ip, ...(spec.clusterIPs ?? []).slice(1)]
      } catch (e) {
        if (!(e instanceof AllocationError)) throw e
        if (!spec.clusterIP) throw internalError(`failed to allocate a serviceIP: ${e.message}`)
        const ip = spec.clusterIP
        allocationFailure(
          obj,
          'spec.clusterIPs',
          spec.clusterIPs ?? [ip],
          `failed to allocate IP ${ip}: ${e.message}`,
        )
      }
    }
  }
  const held = new Set<number>(
    prev && needsNodePort(prev)
      ? (prev.ports ?? []).map((p: Spec) => p.nodePort).filter(Boolean)
      : [],
  )
  const wantNodePorts =
    needsNodePort(spec) &&
    !(spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === false)
  const taken = new Set<number>()
  const byServicePort = new Map<number, number>()
  ;(spec.ports ?? []).forEach((p: Spec, i: number) => {
    if (!needsNodePort(spec)) return
    if (!p.nodePort && !wantNodePorts) return
    if (!p.nodePort && byServicePort.has(p.port)) {
      // Upstream shares one node port between TCP and UDP entries of the same port number.
      p.nodePort = byServicePort.get(p.port)
      return
    }
    if (p.nodePort && (held.has(p.nodePort) || taken.has(p.nodePort))) {
      taken.add(p.nodePort)
      byServicePort.set(p.port, p.nodePort)
      return
    }
    try {
      p.nodePort = allocateNodePort(api, obj, p.nodePort || undefined, taken)
    } catch (e) {
      if (!(e instanceof AllocationError)) throw e
      if (!p.nodePort) throw internalError(`failed to allocate a nodePort: ${e.message}`)
      allocationFailure(obj, `spec.ports[${i}].nodePort`, p.nodePort, e.message)
    }
    taken.add(p.nodePort)
    byServicePort.set(p.port, p.nodePort)
  })
  if (
    spec.type === 'LoadBalancer' &&
    spec.externalTrafficPolicy === 'Local' &&
    !spec.healthCheckNodePort
  )
    spec.healthCheckNodePort = allocateNodePort(api, obj, undefined, taken)
  if (Array.isArray(spec.ports)) spec.ports = spec.ports.map((p: Spec) => ordered(p, PORT_ORDER))
  obj.spec = ordered(spec, SPEC_ORDER)
}

registerStrategy('services', {
  defaults(obj, ctx) {
    obj.spec ??= {}
    const prev = ctx.api.tryGet('services', obj.metadata.namespace, obj.metadata.name ?? '')
    if (prev) {
      patchAllocatedValues(obj.spec, prev.spec ?? {})
      normalizeClusterIPs(obj.spec, prev.spec ?? {})
      dropTypeDependentFields(obj.spec, prev.spec ?? {})
    }
    setDefaults(obj.spec, prev?.spec)
    obj.spec = ordered(obj.spec, SPEC_ORDER)
  },
  validate: (obj) => validateService(obj),
  validateUpdate: (obj, old) => validateServiceUpdate(obj, old),
  prepareCreate(obj, ctx) {
    allocate(ctx.api, obj, undefined)
    obj.status = { loadBalancer: {} }
  },
  prepareUpdate(obj, old, ctx) {
    allocate(ctx.api, obj, old.spec)
  },
})

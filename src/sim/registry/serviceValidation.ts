import type { KObject, StatusCause } from '../api/types.ts'
import { fieldErr } from '../api/errors.ts'
import { dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from '../api/names.ts'
import { ipToInt, isIPv4, isIPv6 } from '../network/ipam.ts'

type Spec = Record<string, any>

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']
const AFFINITIES = ['ClientIP', 'None']
const PROTOCOLS = ['SCTP', 'TCP', 'UDP']
const TRAFFIC_POLICIES = ['Cluster', 'Local']
const FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack']
const PORT_RANGE = 'must be between 1 and 65535, inclusive'

export function isHeadless(spec: Spec): boolean {
  return spec.clusterIPs?.length === 1 && spec.clusterIPs[0] === 'None'
}

/** apiservice.ExternallyAccessible: reachable from outside through node ports, LBs or external IPs. */
export function externallyAccessible(spec: Spec): boolean {
  return (
    spec.type === 'LoadBalancer' ||
    spec.type === 'NodePort' ||
    (spec.type === 'ClusterIP' && (spec.externalIPs?.length ?? 0) > 0)
  )
}

function portName(v: string): string[] {
  const errs: string[] = []
  if (v.length > 15) errs.push('must be no more than 15 characters')
  if (!/^[-a-z0-9]+$/.test(v))
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)')
  if (!/[a-z]/.test(v)) errs.push('must contain at least one letter (a-z)')
  if (v.startsWith('-') || v.endsWith('-')) errs.push('must not begin or end with a hyphen')
  if (v.includes('--')) errs.push('must not contain consecutive hyphens')
  return errs
}

function validPort(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535
}

/** How field.Duplicate prints a core.ServicePort key (Go's %#v). */
function goServicePort(protocol: string, port: number): string {
  return `core.ServicePort{Name:"", Protocol:${JSON.stringify(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`
}

function validatePort(p: Spec, i: number, requireName: boolean, names: Set<string>): StatusCause[] {
  const path = `spec.ports[${i}]`
  const out: StatusCause[] = []
  if (requireName && !p.name) out.push(fieldErr.required(`${path}.name`))
  else if (p.name) {
    for (const m of dns1123Label(p.name)) out.push(fieldErr.invalid(`${path}.name`, p.name, m))
    if (names.has(p.name)) out.push(fieldErr.duplicate(`${path}.name`, p.name))
    else names.add(p.name)
  }
  if (!validPort(p.port)) out.push(fieldErr.invalid(`${path}.port`, p.port ?? 0, PORT_RANGE))
  if (!p.protocol) out.push(fieldErr.required(`${path}.protocol`))
  else if (!PROTOCOLS.includes(p.protocol))
    out.push(fieldErr.notSupported(`${path}.protocol`, p.protocol, PROTOCOLS))
  const tp = p.targetPort
  if (typeof tp === 'number') {
    if (!validPort(tp)) out.push(fieldErr.invalid(`${path}.targetPort`, tp, PORT_RANGE))
  } else if (typeof tp === 'string') {
    for (const m of portName(tp)) out.push(fieldErr.invalid(`${path}.targetPort`, tp, m))
  }
  if (p.appProtocol !== undefined)
    for (const m of qualifiedName(p.appProtocol))
      out.push(fieldErr.invalid(`${path}.appProtocol`, p.appProtocol, m))
  return out
}

function validateClusterIPs(spec: Spec): StatusCause[] {
  if (spec.type === 'ExternalName') return []
  const out: StatusCause[] = []
  const ips: string[] = spec.clusterIPs ?? []
  if (spec.clusterIP) {
    if (ips.length === 0) out.push(fieldErr.required('spec.clusterIPs'))
    else if (ips[0] !== spec.clusterIP)
      out.push(fieldErr.invalid('spec.clusterIPs', ips, 'first value must match `clusterIP`'))
  } else if (ips.length)
    out.push(
      fieldErr.invalid('spec.clusterIPs', ips, 'must be empty when `clusterIP` is not specified'),
    )
  const seen = new Set<string>()
  ;(spec.ipFamilies ?? []).forEach((f: string, i: number) => {
    if (f !== 'IPv4' && f !== 'IPv6')
      out.push(fieldErr.notSupported(`spec.ipFamilies[${i}]`, f, ['IPv4', 'IPv6']))
    if (seen.has(f)) out.push(fieldErr.duplicate(`spec.ipFamilies[${i}]`, f))
    seen.add(f)
  })
  if (spec.ipFamilyPolicy !== undefined && !FAMILY_POLICIES.includes(spec.ipFamilyPolicy))
    out.push(fieldErr.notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, FAMILY_POLICIES))
  let bad = false
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        bad = true
        out.push(
          fieldErr.invalid('spec.clusterIPs', ips, "'None' must be the first and only value"),
        )
      }
      return
    }
    if (!isIPv4(ip) && !isIPv6(ip)) {
      bad = true
      out.push(
        fieldErr.invalid(
          `spec.clusterIPs[${i}]`,
          ip,
          'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
        ),
      )
    }
  })
  if (ips.length > 2)
    out.push(fieldErr.invalid('spec.clusterIPs', ips, 'may only hold up to 2 values'))
  if (bad) return out
  if (ips.length > 1 && isIPv6(ips[0]) === isIPv6(ips[1]))
    out.push(
      fieldErr.invalid(
        'spec.clusterIPs',
        ips,
        'may specify no more than one IP for each IP family',
      ),
    )
  return out
}

function validateExternalIP(ip: string, path: string): StatusCause[] {
  if (!isIPv4(ip) && !isIPv6(ip))
    return [
      fieldErr.invalid(path, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'),
    ]
  const n = ipToInt(ip)
  if (n === undefined) return []
  if (n === 0) return [fieldErr.invalid(path, ip, 'may not be unspecified (0.0.0.0)')]
  if (n >>> 24 === 127)
    return [fieldErr.invalid(path, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)')]
  if (n >>> 16 === 0xa9fe)
    return [
      fieldErr.invalid(path, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'),
    ]
  if (n >>> 8 === 0xe00000)
    return [
      fieldErr.invalid(
        path,
        ip,
        'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
      ),
    ]
  return []
}

/** ValidateService (pkg/apis/core/validation), in upstream's order so multi-error messages match. */
export function validateService(obj: KObject): StatusCause[] {
  const spec: Spec = obj.spec ?? {}
  const out: StatusCause[] = []
  const ports: Spec[] = spec.ports ?? []
  const headless = isHeadless(spec)
  if (ports.length === 0 && !headless && spec.type !== 'ExternalName')
    out.push(fieldErr.required('spec.ports'))
  if (headless && (spec.type === 'LoadBalancer' || spec.type === 'NodePort'))
    out.push(
      fieldErr.invalid(
        'spec.clusterIPs[0]',
        'None',
        `may not be set to 'None' for ${spec.type} services`,
      ),
    )
  if (spec.type === 'ExternalName') {
    if (spec.clusterIPs?.length)
      out.push(fieldErr.forbidden('spec.clusterIPs', 'may not be set for ExternalName services'))
    if (spec.ipFamilies?.length)
      out.push(fieldErr.forbidden('spec.ipFamilies', 'may not be set for ExternalName services'))
    if (spec.ipFamilyPolicy !== undefined)
      out.push(
        fieldErr.forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'),
      )
    const cname = String(spec.externalName ?? '').replace(/\.$/, '')
    if (cname)
      for (const m of dns1123Subdomain(cname))
        out.push(fieldErr.invalid('spec.externalName', cname, m))
    else out.push(fieldErr.required('spec.externalName'))
  }
  const names = new Set<string>()
  ports.forEach((p, i) => out.push(...validatePort(p, i, ports.length > 1, names)))
  for (const [k, v] of Object.entries(spec.selector ?? {})) {
    for (const m of qualifiedName(k)) out.push(fieldErr.invalid('spec.selector', k, m))
    for (const m of labelValue(String(v))) out.push(fieldErr.invalid('spec.selector', v, m))
  }
  if (!spec.sessionAffinity) out.push(fieldErr.required('spec.sessionAffinity'))
  else if (!AFFINITIES.includes(spec.sessionAffinity))
    out.push(fieldErr.notSupported('spec.sessionAffinity', spec.sessionAffinity, AFFINITIES))
  if (spec.sessionAffinity === 'ClientIP') out.push(...validateAffinityConfig(spec))
  else if (spec.sessionAffinity === 'None' && spec.sessionAffinityConfig)
    out.push(
      fieldErr.forbidden(
        'spec.sessionAffinityConfig',
        'must not be set when session affinity is None',
      ),
    )
  out.push(...validateClusterIPs(spec))
  ;(spec.externalIPs ?? []).forEach((ip: string, i: number) =>
    out.push(...validateExternalIP(ip, `spec.externalIPs[${i}]`)),
  )
  if (!spec.type) out.push(fieldErr.required('spec.type'))
  else if (!TYPES.includes(spec.type))
    out.push(fieldErr.notSupported('spec.type', spec.type, TYPES))
  if (spec.type === 'ClusterIP')
    ports.forEach((p, i) => {
      if (p.nodePort)
        out.push(
          fieldErr.forbidden(
            `spec.ports[${i}].nodePort`,
            "may not be used when `type` is 'ClusterIP'",
          ),
        )
    })
  const nodePorts = new Set<string>()
  const seenPorts = new Set<string>()
  ports.forEach((p, i) => {
    if (p.nodePort) {
      const k = `${p.protocol}/${p.nodePort}`
      if (nodePorts.has(k)) out.push(fieldErr.duplicate(`spec.ports[${i}].nodePort`, p.nodePort))
      nodePorts.add(k)
    }
  })
  ports.forEach((p, i) => {
    const k = `${p.protocol}/${p.port}`
    if (seenPorts.has(k))
      out.push({
        reason: 'FieldValueDuplicate',
        field: `spec.ports[${i}]`,
        message: `Duplicate value: ${goServicePort(p.protocol, p.port)}`,
      })
    seenPorts.add(k)
  })
  if (spec.loadBalancerSourceRanges?.length && spec.type !== 'LoadBalancer')
    out.push(
      fieldErr.forbidden(
        'spec.LoadBalancerSourceRanges',
        "may only be used when `type` is 'LoadBalancer'",
      ),
    )
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.type !== 'LoadBalancer')
    out.push(
      fieldErr.forbidden(
        'spec.allocateLoadBalancerNodePorts',
        "may only be used when `type` is 'LoadBalancer'",
      ),
    )
  out.push(...validateTrafficPolicies(spec))
  out.push(...validateFamiliesOnCluster(spec))
  return out
}

function validateAffinityConfig(spec: Spec): StatusCause[] {
  const detail = 'when session affinity type is ClientIP'
  const cfg = spec.sessionAffinityConfig
  if (!cfg) return [fieldErr.required('spec.sessionAffinityConfig', detail)]
  if (!cfg.clientIP) return [fieldErr.required('spec.sessionAffinityConfig.clientIP', detail)]
  const t = cfg.clientIP.timeoutSeconds
  if (t === undefined)
    return [fieldErr.required('spec.sessionAffinityConfig.clientIP.timeoutSeconds', detail)]
  if (!(t > 0 && t <= 86400))
    return [
      fieldErr.invalid(
        'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
        t,
        'must be greater than 0 and less than 86400',
      ),
    ]
  return []
}

function validateTrafficPolicies(spec: Spec): StatusCause[] {
  const out: StatusCause[] = []
  if (!externallyAccessible(spec)) {
    if (spec.externalTrafficPolicy)
      out.push(
        fieldErr.invalid(
          'spec.externalTrafficPolicy',
          spec.externalTrafficPolicy,
          'may only be set for externally-accessible services',
        ),
      )
  } else if (!spec.externalTrafficPolicy) out.push(fieldErr.required('spec.externalTrafficPolicy'))
  else if (!TRAFFIC_POLICIES.includes(spec.externalTrafficPolicy))
    out.push(
      fieldErr.notSupported(
        'spec.externalTrafficPolicy',
        spec.externalTrafficPolicy,
        TRAFFIC_POLICIES,
      ),
    )
  const needsHealthCheck = spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local'
  if (!needsHealthCheck && spec.healthCheckNodePort)
    out.push(
      fieldErr.invalid(
        'spec.healthCheckNodePort',
        spec.healthCheckNodePort,
        "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
      ),
    )
  if (spec.internalTrafficPolicy === undefined) {
    if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type))
      out.push(fieldErr.required('spec.internalTrafficPolicy'))
  } else if (!TRAFFIC_POLICIES.includes(spec.internalTrafficPolicy))
    out.push(
      fieldErr.notSupported(
        'spec.internalTrafficPolicy',
        spec.internalTrafficPolicy,
        TRAFFIC_POLICIES,
      ),
    )
  return out
}

/** The allocator's family checks: the simulated cluster is single-stack IPv4. */
function validateFamiliesOnCluster(spec: Spec): StatusCause[] {
  if (spec.type === 'ExternalName') return []
  const out: StatusCause[] = []
  const selectorlessHeadless = spec.clusterIP === 'None' && !Object.keys(spec.selector ?? {}).length
  ;(spec.clusterIPs ?? []).forEach((ip: string, i: number) => {
    if (isIPv6(ip))
      out.push(
        fieldErr.invalid(
          `spec.clusterIPs[${i}]`,
          spec.clusterIPs,
          'IPv6 is not configured on this cluster',
        ),
      )
  })
  if (selectorlessHeadless) return out
  if (spec.ipFamilyPolicy === 'RequireDualStack')
    out.push(
      fieldErr.invalid(
        'spec.ipFamilyPolicy',
        spec.ipFamilyPolicy,
        'this cluster is not configured for dual-stack services',
      ),
    )
  ;(spec.ipFamilies ?? []).forEach((f: string, i: number) => {
    if (f === 'IPv6')
      out.push(fieldErr.invalid(`spec.ipFamilies[${i}]`, f, 'not configured on this cluster'))
  })
  return out
}

/** ValidateServiceUpdate: the primary ClusterIP may not change (except to or from ExternalName). */
export function validateServiceUpdate(obj: KObject, old: KObject): StatusCause[] {
  const spec: Spec = obj.spec ?? {}
  const prev: Spec = old.spec ?? {}
  const out: StatusCause[] = []
  if (spec.type !== 'ExternalName' && prev.type !== 'ExternalName') {
    if (!(isHeadless(spec) && isHeadless(prev))) {
      const now: string[] = spec.clusterIPs ?? []
      const before: string[] = prev.clusterIPs ?? []
      if (now.length === before.length) {
        before.forEach((ip, i) => {
          if (ip !== now[i])
            out.push(fieldErr.invalid(`spec.clusterIPs[${i}]`, now, 'may not change once set'))
        })
      } else if (before.length > now.length && now.length === 0) {
        out.push(fieldErr.invalid('spec.clusterIPs[0]', now, 'primary clusterIP can not be unset'))
      } else if (now.length > 0 && before.length > 0 && now[0] !== before[0]) {
        out.push(fieldErr.invalid('spec.clusterIPs[0]', now, 'may not change once set'))
      }
    }
  }
  if (
    prev.type === 'LoadBalancer' &&
    prev.externalTrafficPolicy === 'Local' &&
    spec.type === 'LoadBalancer' &&
    spec.externalTrafficPolicy === 'Local' &&
    spec.healthCheckNodePort !== prev.healthCheckNodePort
  )
    out.push(fieldErr.forbidden('spec.healthCheckNodePort', 'field is immutable'))
  return [...out, ...validateService(obj)]
}

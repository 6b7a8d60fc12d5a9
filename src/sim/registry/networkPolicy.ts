import type { StatusCause } from '../api/types.ts'
import { fieldErr } from '../api/errors.ts'
import { registerStrategy } from '../apiserver/strategy.ts'
import { cidrContains, isIPv4 } from '../network/ipam.ts'

type Spec = Record<string, any>

const POLICY_TYPES = ['Egress', 'Ingress']
const PROTOCOLS = ['SCTP', 'TCP', 'UDP']

/**
 * Parts of the cluster network that are stored but not simulated, worded for the learner. The
 * documentation generator lists these; shell tools quote them when a learner runs into one.
 */
export function networkLimitations(): string[] {
  return [
    'NetworkPolicy objects are stored and validated but not enforced: every pod can reach every other pod, as on a cluster whose CNI plugin ignores NetworkPolicy (flannel, kindnet without policy support).',
    'No ingress controller is installed (as on a fresh kubeadm cluster): Ingress objects are accepted but nothing routes them, so their ADDRESS stays empty.',
    'The cluster has no internet access: names outside cluster.local do not resolve, so ExternalName Services that point outside the cluster resolve only to their CNAME.',
  ]
}

function validatePeers(peers: Spec[] | undefined, path: string): StatusCause[] {
  const out: StatusCause[] = []
  ;(peers ?? []).forEach((p, i) => {
    const pp = `${path}[${i}]`
    const set = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => p[k] !== undefined)
    if (set.length === 0) out.push(fieldErr.required(pp, 'must specify a peer'))
    if (p.ipBlock && set.length > 1)
      out.push(fieldErr.forbidden(pp, 'may not specify both ipBlock and another peer'))
    if (p.ipBlock) {
      const cidr = String(p.ipBlock.cidr ?? '')
      const [ip, bits] = cidr.split('/')
      if (!cidr) out.push(fieldErr.required(`${pp}.ipBlock.cidr`))
      else if (!isIPv4(ip) || !/^\d+$/.test(bits ?? '') || Number(bits) > 32)
        out.push(
          fieldErr.invalid(
            `${pp}.ipBlock.cidr`,
            cidr,
            'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
          ),
        )
      else
        (p.ipBlock.except ?? []).forEach((e: string, j: number) => {
          const [eip] = e.split('/')
          if (!isIPv4(eip) || !cidrContains(cidr, eip))
            out.push(
              fieldErr.invalid(
                `${pp}.ipBlock.except[${j}]`,
                e,
                'must be a strict subset of `cidr`',
              ),
            )
        })
    }
  })
  return out
}

function validatePorts(ports: Spec[] | undefined, path: string): StatusCause[] {
  const out: StatusCause[] = []
  ;(ports ?? []).forEach((p, i) => {
    const pp = `${path}[${i}]`
    if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol))
      out.push(fieldErr.notSupported(`${pp}.protocol`, p.protocol, PROTOCOLS))
    if (typeof p.port === 'number' && !(p.port >= 1 && p.port <= 65535))
      out.push(fieldErr.invalid(`${pp}.port`, p.port, 'must be between 1 and 65535, inclusive'))
    if (p.endPort !== undefined) {
      if (typeof p.port !== 'number')
        out.push(fieldErr.required(`${pp}.port`, 'must be specified when endPort is specified'))
      else if (p.endPort < p.port)
        out.push(
          fieldErr.invalid(`${pp}.endPort`, p.endPort, 'must be greater than or equal to `port`'),
        )
    }
  })
  return out
}

/**
 * NetworkPolicy (networking.k8s.io/v1): defaulted and validated like the API server does, stored,
 * and deliberately not enforced by the simulated network (see networkLimitations).
 */
registerStrategy('networkpolicies.networking.k8s.io', {
  defaults(obj) {
    const spec: Spec = (obj.spec ??= {})
    spec.podSelector ??= {}
    if (!spec.policyTypes?.length)
      spec.policyTypes = spec.egress?.length ? ['Ingress', 'Egress'] : ['Ingress']
    for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])])
      for (const p of rule.ports ?? []) p.protocol ??= 'TCP'
  },
  validate(obj) {
    const spec: Spec = obj.spec ?? {}
    const out: StatusCause[] = []
    ;(spec.ingress ?? []).forEach((r: Spec, i: number) => {
      out.push(...validatePorts(r.ports, `spec.ingress[${i}].ports`))
      out.push(...validatePeers(r.from, `spec.ingress[${i}].from`))
    })
    ;(spec.egress ?? []).forEach((r: Spec, i: number) => {
      out.push(...validatePorts(r.ports, `spec.egress[${i}].ports`))
      out.push(...validatePeers(r.to, `spec.egress[${i}].to`))
    })
    const types: string[] = spec.policyTypes ?? []
    types.forEach((t, i) => {
      if (!POLICY_TYPES.includes(t))
        out.push(fieldErr.notSupported(`spec.policyTypes[${i}]`, t, POLICY_TYPES))
    })
    if (types.length > 2)
      out.push(
        fieldErr.invalid('spec.policyTypes', types, 'may not specify more than two policyTypes'),
      )
    return out
  },
})

import type { KObject } from '../../../sim/api/types.ts'
import { since } from '../age.ts'
import { formatLabelSelector, formatLabels } from './util.ts'
import type { KindTable, RowContext } from './types.ts'

const age = (o: KObject, ctx: RowContext) => since(o.metadata.creationTimestamp, ctx.now)
const LB_WIDTH = 16

/** loadBalancerStatusStringer: sorted unique IPs/hostnames, clipped to 16 characters unless wide. */
export function loadBalancerStatus(lb: any, wide: boolean): string {
  const set = new Set<string>()
  for (const ing of lb?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip)
    else if (ing.hostname) set.add(ing.hostname)
  }
  let r = [...set].sort().join(',')
  if (!wide && r.length > LB_WIDTH) r = r.slice(0, LB_WIDTH - 3) + '...'
  return r
}

export function serviceExternalIP(svc: KObject, wide: boolean): string {
  const spec = svc.spec ?? {}
  const ext: string[] = spec.externalIPs ?? []
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length > 0 ? ext.join(',') : '<none>'
    case 'LoadBalancer': {
      const lb = loadBalancerStatus(svc.status?.loadBalancer, wide)
      if (ext.length > 0) return [...(lb ? lb.split(',') : []), ...ext].join(',')
      return lb || '<pending>'
    }
    case 'ExternalName':
      return spec.externalName ?? ''
  }
  return '<unknown>'
}

/** makePortString: `80/TCP`, `80:30080/TCP`. */
export function servicePorts(ports: any[] | undefined): string {
  return (ports ?? [])
    .map((p) =>
      p.nodePort > 0
        ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}`
        : `${p.port}/${p.protocol ?? 'TCP'}`,
    )
    .join(',')
}

export const serviceTable: KindTable = {
  columns: [
    { name: 'Name' },
    { name: 'Type' },
    { name: 'Cluster-IP' },
    { name: 'External-IP' },
    { name: 'Port(s)' },
    { name: 'Age' },
    { name: 'Selector', priority: 1 },
  ],
  row(o, ctx) {
    const spec = o.spec ?? {}
    const cells = [
      o.metadata.name ?? '',
      spec.type ?? '',
      spec.clusterIPs?.[0] ?? '<none>',
      serviceExternalIP(o, ctx.wide),
      servicePorts(spec.ports) || '<none>',
      age(o, ctx),
    ]
    return ctx.wide ? [...cells, formatLabels(spec.selector)] : cells
  },
}

function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`
}

/** formatEndpoints: `ip:port` for every subset port, three at most then ` + N more...`. */
export function formatEndpoints(ep: KObject): string {
  const subsets: any[] = ep.subsets ?? []
  if (subsets.length === 0) return '<none>'
  const list: string[] = []
  const max = 3
  let more = false
  let count = 0
  for (const ss of subsets) {
    const addrs: any[] = ss.addresses ?? []
    const ports: any[] = ss.ports ?? []
    if (ports.length === 0) {
      count += addrs.length
      for (const a of addrs) {
        if (list.length === max) {
          more = true
          break
        }
        list.push(a.ip)
      }
      continue
    }
    for (const p of ports) {
      count += addrs.length
      for (const a of addrs) {
        if (list.length === max) {
          more = true
          break
        }
        list.push(joinHostPort(a.ip, p.port))
      }
    }
  }
  const ret = list.join(',')
  return more ? `${ret} + ${count - max} more...` : ret
}

export const endpointsTable: KindTable = {
  columns: [{ name: 'Name' }, { name: 'Endpoints' }, { name: 'Age' }],
  row: (o, ctx) => [o.metadata.name ?? '', formatEndpoints(o), age(o, ctx)],
}

function listWithMore(list: string[], more: boolean, count: number, max: number): string {
  const ret = list.join(',')
  if (more) return `${ret} + ${count - max} more...`
  return ret === '' ? '<unset>' : ret
}

export const endpointSliceTable: KindTable = {
  columns: [
    { name: 'Name' },
    { name: 'AddressType' },
    { name: 'Ports' },
    { name: 'Endpoints' },
    { name: 'Age' },
  ],
  row(o, ctx) {
    const max = 3
    const ports: string[] = []
    let pMore = false
    let pCount = 0
    for (const p of o.ports ?? []) {
      if (ports.length < max)
        ports.push(p.port !== undefined && p.port !== null ? String(p.port) : (p.name ?? '*'))
      else if (ports.length === max) pMore = true
      pCount++
    }
    const eps: string[] = []
    let eMore = false
    let eCount = 0
    for (const e of o.endpoints ?? [])
      for (const a of e.addresses ?? []) {
        if (eps.length < max) eps.push(a)
        else if (eps.length === max) eMore = true
        eCount++
      }
    return [
      o.metadata.name ?? '',
      o.addressType ?? '',
      listWithMore(ports, pMore, pCount, max),
      listWithMore(eps, eMore, eCount, max),
      age(o, ctx),
    ]
  },
}

function formatHosts(rules: any[] | undefined): string {
  const rs = rules ?? []
  const list: string[] = []
  const max = 3
  let more = false
  for (const r of rs) {
    if (list.length === max) more = true
    if (!more && r.host) list.push(r.host)
  }
  if (list.length === 0) return '*'
  const ret = list.join(',')
  return more ? `${ret} + ${rs.length - max} more...` : ret
}

export const ingressTable: KindTable = {
  columns: [
    { name: 'Name' },
    { name: 'Class' },
    { name: 'Hosts' },
    { name: 'Address' },
    { name: 'Ports' },
    { name: 'Age' },
  ],
  row(o, ctx) {
    const spec = o.spec ?? {}
    return [
      o.metadata.name ?? '',
      spec.ingressClassName ?? '<none>',
      formatHosts(spec.rules),
      loadBalancerStatus(o.status?.loadBalancer, ctx.wide),
      (spec.tls ?? []).length > 0 ? '80, 443' : '80',
      age(o, ctx),
    ]
  },
}

export const ingressClassTable: KindTable = {
  columns: [{ name: 'Name' }, { name: 'Controller' }, { name: 'Parameters' }, { name: 'Age' }],
  row(o, ctx) {
    const p = o.spec?.parameters
    let params = '<none>'
    if (p) params = `${p.kind}${p.apiGroup ? '.' + p.apiGroup : ''}/${p.name}`
    return [o.metadata.name ?? '', o.spec?.controller ?? '', params, age(o, ctx)]
  },
}

export const networkPolicyTable: KindTable = {
  columns: [{ name: 'Name' }, { name: 'Pod-Selector' }, { name: 'Age' }],
  row: (o, ctx) => [
    o.metadata.name ?? '',
    formatLabelSelector(o.spec?.podSelector ?? {}),
    age(o, ctx),
  ],
}

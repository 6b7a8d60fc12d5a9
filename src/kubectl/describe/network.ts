import type { KObject } from '../../sim/api/types.ts'
import { loadBalancerStatus } from '../printers/columns/network.ts'
import {
  describeEvents,
  formatLabelSelector,
  formatLabels,
  goTimeString,
  printAnnotationsMultiline,
  printLabelsMultiline,
  searchEvents,
  type DescribeContext,
} from './common.ts'
import { tabbed } from './writer.ts'

function events(obj: KObject, ctx: DescribeContext): KObject[] | undefined {
  return ctx.showEvents === false ? undefined : searchEvents(obj, ctx)
}

function slicesFor(service: string, ns: string | undefined, ctx: DescribeContext): KObject[] {
  return ctx.api.list('endpointslices.discovery.k8s.io', {
    namespace: ns,
    labelSelector: `kubernetes.io/service-name=${service}`,
  }).items
}

function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`
}

/** formatEndpointSlices: ready addresses of the slices for one service port name, three at most. */
export function formatEndpointSlices(slices: KObject[], portName: string | undefined): string {
  if (slices.length === 0) return '<none>'
  const list: string[] = []
  const max = 3
  let more = false
  let count = 0
  const ready = (e: any) =>
    e.conditions?.ready === undefined || e.conditions?.ready === null || e.conditions.ready
  for (const s of slices) {
    const eps: any[] = s.endpoints ?? []
    if ((s.ports ?? []).length === 0) {
      for (const e of eps) {
        if (list.length === max) more = true
        if (!ready(e)) continue
        if (!more) list.push(e.addresses[0])
        count++
      }
      continue
    }
    for (const p of s.ports) {
      if (portName !== undefined && (p.name ?? '') !== portName) continue
      for (const e of eps) {
        if (list.length === max) more = true
        if (!ready(e)) continue
        if (!more) list.push(hostPort(e.addresses[0], p.port))
        count++
      }
    }
  }
  const ret = list.join(',')
  return more ? `${ret} + ${count - max} more...` : ret
}

export function describeService(svc: KObject, ctx: DescribeContext): string {
  const slices = slicesFor(svc.metadata.name ?? '', svc.metadata.namespace, ctx)
  const ev = events(svc, ctx)
  const spec = svc.spec ?? {}
  return tabbed((w) => {
    w.write(0, `Name:\t${svc.metadata.name}\n`)
    w.write(0, `Namespace:\t${svc.metadata.namespace}\n`)
    printLabelsMultiline(w, 'Labels', svc.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', svc.metadata.annotations)
    w.write(0, `Selector:\t${formatLabels(spec.selector)}\n`)
    w.write(0, `Type:\t${spec.type ?? ''}\n`)
    if (spec.ipFamilyPolicy) w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`)
    w.write(
      0,
      `IP Families:\t${(spec.ipFamilies ?? []).length > 0 ? spec.ipFamilies.join(',') : '<none>'}\n`,
    )
    w.write(0, `IP:\t${spec.clusterIP ?? ''}\n`)
    w.write(
      0,
      `IPs:\t${(spec.clusterIPs ?? []).length > 0 ? spec.clusterIPs.join(',') : '<none>'}\n`,
    )
    if ((spec.externalIPs ?? []).length > 0)
      w.write(0, `External IPs:\t${spec.externalIPs.join(',')}\n`)
    if (spec.loadBalancerIP) w.write(0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`)
    if (spec.externalName) w.write(0, `External Name:\t${spec.externalName}\n`)
    const ing: any[] = svc.status?.loadBalancer?.ingress ?? []
    if (ing.length > 0)
      w.write(
        0,
        `LoadBalancer Ingress:\t${ing.map((i) => (i.ip ? i.ip + (i.ipMode ? ` (${i.ipMode})` : '') : (i.hostname ?? ''))).join(', ')}\n`,
      )
    for (const p of spec.ports ?? []) {
      const name = p.name || '<unset>'
      const proto = p.protocol ?? 'TCP'
      w.write(0, `Port:\t${name}\t${p.port}/${proto}\n`)
      w.write(0, `TargetPort:\t${p.targetPort ?? p.port}/${proto}\n`)
      if (p.nodePort) w.write(0, `NodePort:\t${name}\t${p.nodePort}/${proto}\n`)
      w.write(0, `Endpoints:\t${formatEndpointSlices(slices, p.name ?? '')}\n`)
    }
    w.write(0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`)
    if (spec.externalTrafficPolicy)
      w.write(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`)
    if (spec.internalTrafficPolicy)
      w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`)
    if (spec.healthCheckNodePort) w.write(0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`)
    if ((spec.loadBalancerSourceRanges ?? []).length > 0)
      w.write(0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`)
    describeEvents(ev, w, ctx.now)
  })
}

export function describeEndpoints(ep: KObject, ctx: DescribeContext): string {
  const ev = events(ep, ctx)
  return tabbed((w) => {
    w.write(0, `Name:\t${ep.metadata.name}\n`)
    w.write(0, `Namespace:\t${ep.metadata.namespace}\n`)
    printLabelsMultiline(w, 'Labels', ep.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', ep.metadata.annotations)
    w.write(0, 'Subsets:\n')
    for (const ss of ep.subsets ?? []) {
      w.write(
        1,
        `Addresses:\t${(ss.addresses ?? []).map((a: any) => a.ip).join(',') || '<none>'}\n`,
      )
      w.write(
        1,
        `NotReadyAddresses:\t${(ss.notReadyAddresses ?? []).map((a: any) => a.ip).join(',') || '<none>'}\n`,
      )
      if ((ss.ports ?? []).length > 0) {
        w.write(1, 'Ports:\n')
        w.write(2, 'Name\tPort\tProtocol\n')
        w.write(2, '----\t----\t--------\n')
        for (const p of ss.ports)
          w.write(2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? 'TCP'}\n`)
      }
      w.write(0, '\n')
    }
    describeEvents(ev, w, ctx.now)
  })
}

export function describeEndpointSlice(eps: KObject, ctx: DescribeContext): string {
  const ev = events(eps, ctx)
  return tabbed((w) => {
    w.write(0, `Name:\t${eps.metadata.name}\n`)
    w.write(0, `Namespace:\t${eps.metadata.namespace}\n`)
    printLabelsMultiline(w, 'Labels', eps.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', eps.metadata.annotations)
    w.write(0, `AddressType:\t${eps.addressType ?? ''}\n`)
    const ports: any[] = eps.ports ?? []
    if (ports.length === 0) w.write(0, 'Ports: <unset>\n')
    else {
      w.write(0, 'Ports:\n')
      w.write(1, 'Name\tPort\tProtocol\n')
      w.write(1, '----\t----\t--------\n')
      for (const p of ports)
        w.write(
          1,
          `${p.name || '<unset>'}\t${p.port !== undefined && p.port !== null ? p.port : '<unset>'}\t${p.protocol ?? 'TCP'}\n`,
        )
    }
    const endpoints: any[] = eps.endpoints ?? []
    if (endpoints.length === 0) w.write(0, 'Endpoints: <none>\n')
    else {
      w.write(0, 'Endpoints:\n')
      for (const e of endpoints) {
        w.write(1, `- Addresses:\t${(e.addresses ?? []).join(', ') || '<none>'}\n`)
        w.write(2, 'Conditions:\n')
        const r = e.conditions?.ready
        w.write(3, `Ready:\t${r === undefined || r === null ? '<unset>' : String(r)}\n`)
        w.write(2, `Hostname:\t${e.hostname ?? '<unset>'}\n`)
        if (e.targetRef) w.write(2, `TargetRef:\t${e.targetRef.kind}/${e.targetRef.name}\n`)
        w.write(2, `NodeName:\t${e.nodeName ?? '<unset>'}\n`)
        w.write(2, `Zone:\t${e.zone ?? '<unset>'}\n`)
      }
    }
    describeEvents(ev, w, ctx.now)
  })
}

function describeBackend(ns: string | undefined, backend: any, ctx: DescribeContext): string {
  if (backend?.service) {
    const b = backend.service
    const sb = `${b.name}:${b.port?.number ? b.port.number : (b.port?.name ?? '')}`
    const svc = ctx.api.tryGet('services', ns, b.name)
    if (!svc) return `${sb} (<error: services "${b.name}" not found>)`
    let spName = ''
    for (const sp of svc.spec?.ports ?? []) {
      if (b.port?.number && b.port.number === sp.port) spName = sp.name ?? ''
      else if (b.port?.name && b.port.name === sp.name) spName = sp.name
    }
    return `${sb} (${formatEndpointSlices(slicesFor(b.name, ns, ctx), spName)})`
  }
  if (backend?.resource) {
    const r = backend.resource
    return `APIGroup: ${r.apiGroup ?? '<none>'}, Kind: ${r.kind}, Name: ${r.name}`
  }
  return ''
}

export function describeIngress(ing: KObject, ctx: DescribeContext): string {
  const ev = events(ing, ctx)
  const spec = ing.spec ?? {}
  const ns = ing.metadata.namespace
  return tabbed((w) => {
    w.write(0, `Name:\t${ing.metadata.name}\n`)
    printLabelsMultiline(w, 'Labels', ing.metadata.labels)
    w.write(0, `Namespace:\t${ns}\n`)
    w.write(0, `Address:\t${loadBalancerStatus(ing.status?.loadBalancer, true)}\n`)
    w.write(0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`)
    const def = spec.defaultBackend ? describeBackend(ns, spec.defaultBackend, ctx) : '<default>'
    w.write(0, `Default backend:\t${def}\n`)
    if ((spec.tls ?? []).length > 0) {
      w.write(0, 'TLS:\n')
      for (const t of spec.tls)
        w.write(
          1,
          t.secretName
            ? `${t.secretName} terminates ${(t.hosts ?? []).join(',')}\n`
            : `SNI routes ${(t.hosts ?? []).join(',')}\n`,
        )
    }
    w.write(0, 'Rules:\n  Host\tPath\tBackends\n')
    w.write(1, '----\t----\t--------\n')
    let count = 0
    for (const r of spec.rules ?? []) {
      if (!r.http) continue
      count++
      w.write(1, `${r.host || '*'}\t\n`)
      for (const p of r.http.paths ?? [])
        w.write(2, `\t${p.path ?? ''} \t${describeBackend(ns, p.backend, ctx)}\n`)
    }
    if (count === 0) w.write(1, `*\t*\t${def}\n`)
    printAnnotationsMultiline(w, 'Annotations', ing.metadata.annotations)
    describeEvents(ev, w, ctx.now)
  })
}

export function describeIngressClass(ic: KObject, ctx: DescribeContext): string {
  const ev = events(ic, ctx)
  return tabbed((w) => {
    w.write(0, `Name:\t${ic.metadata.name}\n`)
    printLabelsMultiline(w, 'Labels', ic.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', ic.metadata.annotations)
    w.write(0, `Controller:\t${ic.spec?.controller ?? ''}\n`)
    const p = ic.spec?.parameters
    if (p) {
      w.write(0, 'Parameters:\n')
      if (p.apiGroup) w.write(1, `APIGroup:\t${p.apiGroup}\n`)
      w.write(1, `Kind:\t${p.kind}\n`)
      w.write(1, `Name:\t${p.name}\n`)
    }
    describeEvents(ev, w, ctx.now)
  })
}

function peers(
  list: any[] | undefined,
  word: 'From' | 'To',
  isolated: string,
  unrestricted: string,
  w: { write(l: number, s: string): void },
): void {
  const indent = '    '
  const rules = list ?? []
  if (rules.length === 0) {
    w.write(0, `${indent}<none> (Selected pods are isolated for ${isolated} connectivity)\n`)
    return
  }
  rules.forEach((rule, i) => {
    const ports: any[] = rule.ports ?? []
    if (ports.length === 0) w.write(0, `${indent}To Port: <any> (traffic allowed to all ports)\n`)
    for (const p of ports) {
      const proto = p.protocol ?? 'TCP'
      const port = p.port === undefined || p.port === null ? '%!s(<nil>)' : String(p.port)
      if (p.endPort === undefined || p.endPort === null)
        w.write(0, `${indent}To Port: ${port}/${proto}\n`)
      else w.write(0, `${indent}To Port Range: ${port}-${p.endPort}/${proto}\n`)
    }
    const ps: any[] = rule[word.toLowerCase()] ?? []
    if (ps.length === 0)
      w.write(0, `${indent}${word}: <any> (traffic not restricted by ${unrestricted})\n`)
    for (const peer of ps) {
      w.write(0, `${indent}${word}:\n`)
      if (peer.podSelector && peer.namespaceSelector) {
        w.write(1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`)
        w.write(1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`)
      } else if (peer.podSelector)
        w.write(1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`)
      else if (peer.namespaceSelector)
        w.write(1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`)
      else if (peer.ipBlock) {
        w.write(1, `${indent}IPBlock:\n`)
        w.write(2, `${indent}CIDR: ${peer.ipBlock.cidr}\n`)
        w.write(2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(', ')}\n`)
      }
    }
    if (i !== rules.length - 1) w.write(0, `${indent}----------\n`)
  })
}

export function describeNetworkPolicy(np: KObject): string {
  const spec = np.spec ?? {}
  return tabbed((w) => {
    w.write(0, `Name:\t${np.metadata.name}\n`)
    w.write(0, `Namespace:\t${np.metadata.namespace}\n`)
    w.write(0, `Created on:\t${goTimeString(np.metadata.creationTimestamp)}\n`)
    printLabelsMultiline(w, 'Labels', np.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', np.metadata.annotations)
    w.write(0, 'Spec:\n')
    w.write(1, 'PodSelector: ')
    const ps = spec.podSelector ?? {}
    if (Object.keys(ps.matchLabels ?? {}).length === 0 && (ps.matchExpressions ?? []).length === 0)
      w.write(2, '<none> (Allowing the specific traffic to all pods in this namespace)\n')
    else w.write(2, `${formatLabelSelector(ps)}\n`)
    const types: string[] = spec.policyTypes ?? []
    if (types.includes('Ingress')) {
      w.write(1, 'Allowing ingress traffic:\n')
      peers(spec.ingress, 'From', 'ingress', 'source', w)
    } else w.write(1, 'Not affecting ingress traffic\n')
    if (types.includes('Egress')) {
      w.write(1, 'Allowing egress traffic:\n')
      peers(spec.egress, 'To', 'egress', 'destination', w)
    } else w.write(1, 'Not affecting egress traffic\n')
    w.write(1, `Policy Types: ${types.join(', ')}\n`)
  })
}

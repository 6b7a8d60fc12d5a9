import type { KObject } from '../../sim/api/types.ts'
import { resourceById } from '../../sim/api/resources.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { createGenerated, meta, nameArg } from './generate.ts'

type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName'

function portsFromTcp(inv: Invocation, nodePort: number): Record<string, unknown>[] {
  return inv.flags.list('tcp').map((spec) => {
    const [p, t] = spec.split(':')
    const port = Number(p)
    if (!/^\d+$/.test(p)) throw new CliError(`invalid port ${spec}`)
    const target = t === undefined ? port : /^\d+$/.test(t) ? Number(t) : t
    const out: Record<string, unknown> = {
      name: t === undefined ? p : `${p}-${t}`,
      port,
      protocol: 'TCP',
      targetPort: target,
    }
    if (nodePort > 0) out.nodePort = nodePort
    return out
  })
}

function createService(inv: Invocation, type: ServiceType): number {
  const name = nameArg(inv)
  const clusterIP = inv.flags.str('clusterip')
  const nodePort = inv.flags.int('node-port', 0)
  const ports = portsFromTcp(inv, nodePort)
  if (type === 'ExternalName') {
    if (!inv.flags.str('external-name')) throw new CliError('external-name must be specified')
  } else if (!ports.length && clusterIP !== 'None')
    throw new CliError('at least one tcp port specifier must be provided')
  const labels = { app: name }
  const spec: Record<string, unknown> = {}
  if (ports.length) spec.ports = ports
  spec.selector = labels
  spec.type = type
  if (clusterIP) spec.clusterIP = clusterIP
  if (type === 'ExternalName') spec.externalName = inv.flags.str('external-name')
  const obj: KObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name, { labels }),
    spec,
    status: { loadBalancer: {} },
  }
  return createGenerated(inv, resourceById('services'), obj)
}

/** `--rule=host/path=service:port[,tls[=secret]]` as `kubectl create ingress` reads it. */
function createIngress(inv: Invocation): number {
  const name = nameArg(inv)
  const rules: { host?: string; paths: Record<string, unknown>[] }[] = []
  const tls = new Map<string, string[]>()
  for (const rule of inv.flags.list('rule')) {
    const [main, tlsPart] = rule.split(',')
    const m = /^([^/=]*)(\/[^=]*)?=([^:]+):(.+)$/.exec(main)
    if (!m)
      throw new CliError(
        `rule ${rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`,
      )
    const [, host, rawPath = '/', svc, port] = m
    const prefix = rawPath.endsWith('*')
    const path = prefix ? rawPath.slice(0, -1) : rawPath
    const backend = {
      service: { name: svc, port: /^\d+$/.test(port) ? { number: Number(port) } : { name: port } },
    }
    let entry = rules.find((r) => (r.host ?? '') === host)
    if (!entry) {
      entry = host ? { host, paths: [] } : { paths: [] }
      rules.push(entry)
    }
    entry.paths.push({ backend, path, pathType: prefix ? 'Prefix' : 'Exact' })
    if (tlsPart !== undefined) {
      const secret = tlsPart.startsWith('tls=') ? tlsPart.slice(4) : ''
      const hosts = tls.get(secret) ?? []
      if (host) hosts.push(host)
      tls.set(secret, hosts)
    }
  }
  const annotations: Record<string, string> = {}
  for (const a of inv.flags.list('annotation')) {
    const i = a.indexOf('=')
    annotations[a.slice(0, i)] = a.slice(i + 1)
  }
  const spec: Record<string, unknown> = {}
  const cls = inv.flags.str('class')
  if (cls) spec.ingressClassName = cls
  const def = inv.flags.str('default-backend')
  if (def) {
    const [svc, port] = def.split(':')
    spec.defaultBackend = {
      service: { name: svc, port: /^\d+$/.test(port) ? { number: Number(port) } : { name: port } },
    }
  }
  if (rules.length)
    spec.rules = rules.map((r) => ({
      ...(r.host ? { host: r.host } : {}),
      http: { paths: r.paths },
    }))
  if (tls.size)
    spec.tls = [...tls].map(([secretName, hosts]) => ({
      ...(hosts.length ? { hosts } : {}),
      ...(secretName ? { secretName } : {}),
    }))
  const obj: KObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta(name, Object.keys(annotations).length ? { annotations } : {}),
    spec,
    status: { loadBalancer: {} },
  }
  return createGenerated(inv, resourceById('ingresses.networking.k8s.io'), obj)
}

registerCommand('create service clusterip', (inv) => createService(inv, 'ClusterIP'))
registerCommand('create service nodeport', (inv) => createService(inv, 'NodePort'))
registerCommand('create service loadbalancer', (inv) => createService(inv, 'LoadBalancer'))
registerCommand('create service externalname', (inv) => createService(inv, 'ExternalName'), [
  'external-name',
])
registerCommand('create ingress', createIngress)

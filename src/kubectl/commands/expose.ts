import type { KObject } from '../../sim/api/types.ts'
import { resourceById } from '../../sim/api/resources.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError, usageError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { resolveTargets } from '../resolve/targets.ts'
import { createGenerated } from './generate.ts'

const EXPOSABLE = ['Pod', 'Service', 'ReplicationController', 'Deployment', 'ReplicaSet']

function podSpecOf(obj: KObject): any {
  return obj.kind === 'Pod' ? obj.spec : obj.spec?.template?.spec
}

/** MapBasedSelectorForObject. */
function selectorFor(obj: KObject): Record<string, string> {
  switch (obj.kind) {
    case 'Pod':
      if (!Object.keys(obj.metadata.labels ?? {}).length)
        throw new Error('the pod has no labels and cannot be exposed')
      return obj.metadata.labels!
    case 'Service':
      if (!Object.keys(obj.spec?.selector ?? {}).length)
        throw new Error('the service has no pod selector set')
      return obj.spec.selector
    case 'ReplicationController':
      return obj.spec?.selector ?? {}
    default: {
      const sel = obj.spec?.selector ?? {}
      if (sel.matchExpressions?.length)
        throw new Error(
          `couldn't convert expressions - "${JSON.stringify(sel.matchExpressions)}" to map-based selector format`,
        )
      return sel.matchLabels ?? {}
    }
  }
}

/** PortsForObject and ProtocolsForObject: what the object already declares. */
function portsFor(obj: KObject): { port: string; protocol: string }[] {
  if (obj.kind === 'Service')
    return (obj.spec?.ports ?? []).map((p: any) => ({
      port: String(p.port),
      protocol: p.protocol ?? 'TCP',
    }))
  const out: { port: string; protocol: string }[] = []
  for (const c of podSpecOf(obj)?.containers ?? [])
    for (const p of c.ports ?? [])
      out.push({ port: String(p.containerPort), protocol: p.protocol ?? 'TCP' })
  return out
}

function parseSelector(s: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of s.split(',')) {
    const [k, v] = part.split('=')
    out[k] = v ?? ''
  }
  return out
}

function expose(inv: Invocation): number {
  const resources = inv.args
  if (!resources.length && !inv.flags.list('filename').length)
    throw new CliError(
      `You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`,
    )
  inv.connect()
  const targets = resolveTargets(inv, resources)
  if (targets.errors.length) throw targets.errors[0]
  for (const t of targets.items) {
    const obj = t.obj
    if (!EXPOSABLE.includes(obj.kind))
      throw new CliError(`cannot expose a ${obj.kind}${t.info.group ? '.' + t.info.group : ''}`)
    let selector: Record<string, string>
    try {
      selector = inv.flags.str('selector')
        ? parseSelector(inv.flags.str('selector'))
        : selectorFor(obj)
    } catch (e) {
      throw usageError(
        inv.path,
        `couldn't retrieve selectors via --selector flag or introspection: ${(e as Error).message}`,
      )
    }
    const clusterIP = inv.flags.str('cluster-ip')
    const introspected = portsFor(obj)
    const portFlag = inv.flags.str('port')
    const ports = portFlag ? [portFlag] : introspected.map((p) => p.port)
    if (!ports.length && clusterIP !== 'None')
      throw usageError(inv.path, "couldn't find port via --port flag or introspection")
    const protocolFlag = inv.flags.str('protocol')
    const targetFlag = inv.flags.str('target-port')
    const servicePorts = ports.map((p, i) => {
      if (!/^\d+$/.test(p)) throw new CliError(`invalid port: "${p}"`)
      const port: Record<string, unknown> = {}
      if (ports.length > 1) port.name = `port-${i + 1}`
      port.port = Number(p)
      port.protocol = protocolFlag || introspected.find((x) => x.port === p)?.protocol || 'TCP'
      port.targetPort = targetFlag
        ? /^\d+$/.test(targetFlag)
          ? Number(targetFlag)
          : targetFlag
        : Number(p)
      return port
    })
    const name = (inv.flags.str('name') || obj.metadata.name || '').slice(0, 63)
    const spec: Record<string, unknown> = {}
    if (clusterIP) spec.clusterIP = clusterIP
    const externalIP = inv.flags.str('external-ip')
    if (externalIP) spec.externalIPs = externalIP.split(',')
    const lbIP = inv.flags.str('load-balancer-ip')
    if (lbIP) spec.loadBalancerIP = lbIP
    if (servicePorts.length) spec.ports = servicePorts
    spec.selector = selector
    const affinity = inv.flags.str('session-affinity')
    if (affinity) spec.sessionAffinity = affinity
    const type = inv.flags.str('type')
    if (type) spec.type = type
    const labelsFlag = inv.flags.str('labels')
    const labels = labelsFlag ? parseSelector(labelsFlag) : obj.metadata.labels
    const svc: KObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        creationTimestamp: null as unknown as string,
        ...(labels && Object.keys(labels).length ? { labels } : {}),
        name,
      },
      spec,
      status: { loadBalancer: {} },
    }
    if (inv.flags.str('overrides'))
      throw new CliError('--overrides is not available for expose in this simulated cluster')
    createGenerated(inv, resourceById('services'), svc, 'exposed')
  }
  return 0
}

registerCommand('expose', expose)

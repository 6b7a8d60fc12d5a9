import type { KObject } from '../../sim/api/types.ts'
import type { ContainerUsage } from '../../sim/kubelet/runtimeApi.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { KUBECTL_TABWRITER, tabify } from '../printers/index.ts'
import { runtimeOf } from './pods.ts'

/** `error: Metrics API not available` unless the cluster runs metrics-server. */
function requireMetrics(inv: Invocation): void {
  inv.connect()
  if (!inv.sim.cluster.metricsServer) throw new CliError('Metrics API not available')
}

function parseCpuMilli(q: string): number {
  if (q.endsWith('m')) return Number(q.slice(0, -1))
  return Number(q) * 1000
}

const BIN: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 }
const DEC: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12 }

function parseBytes(q: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMGT]i|[kMGT])?$/.exec(q)
  if (!m) return 0
  return Number(m[1]) * (m[2] ? (BIN[m[2]] ?? DEC[m[2]]) : 1)
}

/** Usage of a running pod; metrics-server has none for pods that are not running. */
function podUsage(inv: Invocation, pod: KObject): ContainerUsage[] | undefined {
  if (pod.status?.phase !== 'Running') return undefined
  return runtimeOf(inv).usage(pod)
}

const mi = (bytes: number): string => `${Math.floor(bytes / 2 ** 20)}Mi`

function topNode(inv: Invocation): number {
  requireMetrics(inv)
  const selector = inv.flags.str('selector') || undefined
  const nodes = inv.args.length
    ? inv.args.map((n) => inv.api.get('nodes', undefined, n))
    : inv.api.list('nodes', { labelSelector: selector }).items
  const pods = inv.api.list('pods').items
  const rows = nodes.map((n) => {
    let cpu = 0
    let mem = 0
    for (const p of pods.filter((p) => p.spec?.nodeName === n.metadata.name)) {
      for (const u of podUsage(inv, p) ?? []) {
        cpu += u.cpuMilli
        mem += u.memoryBytes
      }
    }
    const base = inv.flags.bool('show-capacity') ? n.status?.capacity : n.status?.allocatable
    const cpuCap = parseCpuMilli(String(base?.cpu ?? '0'))
    const memCap = parseBytes(String(base?.memory ?? '0'))
    return {
      name: n.metadata.name ?? '',
      cpu,
      mem,
      cpuPct: cpuCap ? Math.floor((cpu * 100) / cpuCap) : 0,
      memPct: memCap ? Math.floor((mem * 100) / memCap) : 0,
    }
  })
  const sortBy = inv.flags.str('sort-by')
  if (sortBy === 'cpu') rows.sort((a, b) => b.cpu - a.cpu)
  else if (sortBy === 'memory') rows.sort((a, b) => b.mem - a.mem)
  let text = inv.flags.bool('no-headers')
    ? ''
    : 'NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t\n'
  for (const r of rows) text += `${r.name}\t${r.cpu}m\t${r.cpuPct}%\t${mi(r.mem)}\t${r.memPct}%\t\n`
  inv.io.out(tabify(text, KUBECTL_TABWRITER))
  return 0
}

function topPod(inv: Invocation): number {
  requireMetrics(inv)
  const allNs = inv.flags.bool('all-namespaces')
  const containers = inv.flags.bool('containers')
  const ns = allNs ? undefined : inv.namespace()
  let pods: KObject[]
  if (inv.args.length) {
    pods = [inv.api.get('pods', ns, inv.args[0])]
  } else {
    pods = inv.api.list('pods', {
      namespace: ns,
      labelSelector: inv.flags.str('selector') || undefined,
      fieldSelector: inv.flags.str('field-selector') || undefined,
    }).items
  }
  const measured = pods.map((p) => ({ pod: p, usage: podUsage(inv, p) })).filter((m) => m.usage)
  if (inv.args.length && !measured.length) throw new CliError('metrics not available yet')
  if (!measured.length) {
    inv.io.err(allNs ? 'No resources found\n' : `No resources found in ${ns} namespace.\n`)
    return 0
  }
  const rows = measured.map((m) => ({
    pod: m.pod,
    usage: m.usage!,
    cpu: m.usage!.reduce((s, u) => s + u.cpuMilli, 0),
    mem: m.usage!.reduce((s, u) => s + u.memoryBytes, 0),
  }))
  const sortBy = inv.flags.str('sort-by')
  if (sortBy === 'cpu') rows.sort((a, b) => b.cpu - a.cpu)
  else if (sortBy === 'memory') rows.sort((a, b) => b.mem - a.mem)
  const nsCol = allNs ? 'NAMESPACE\t' : ''
  let text = ''
  if (!inv.flags.bool('no-headers'))
    text += containers
      ? `${nsCol}POD\tNAME\tCPU(cores)\tMEMORY(bytes)\t\n`
      : `${nsCol}NAME\tCPU(cores)\tMEMORY(bytes)\t\n`
  for (const r of rows) {
    const prefix = allNs ? `${r.pod.metadata.namespace}\t` : ''
    if (containers)
      for (const u of r.usage)
        text += `${prefix}${r.pod.metadata.name}\t${u.container}\t${u.cpuMilli}m\t${mi(u.memoryBytes)}\t\n`
    else text += `${prefix}${r.pod.metadata.name}\t${r.cpu}m\t${mi(r.mem)}\t\n`
  }
  if (inv.flags.bool('sum')) {
    const cpu = rows.reduce((s, r) => s + r.cpu, 0)
    const mem = rows.reduce((s, r) => s + r.mem, 0)
    const pad = (allNs ? '\t' : '') + (containers ? '\t' : '')
    text += `${pad}\t________\t________\t\n${pad}\t${cpu}m\t${mi(mem)}\t\n`
  }
  inv.io.out(tabify(text, KUBECTL_TABWRITER))
  return 0
}

registerCommand('top node', topNode)
registerCommand('top pod', topPod)

import type { KObject } from '../../sim/api/types.ts'
import { nodeRoles } from '../printers/columns/cluster.ts'
import { since } from '../printers/age.ts'
import {
  canonicalQuantity,
  formatQuantity,
  parseQuantity,
  type ParsedQuantity,
} from '../printers/quantity.ts'
import {
  describeEvents,
  formatLabels,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTaints,
  rfc1123z,
  searchEvents,
  type DescribeContext,
} from './common.ts'
import { tabbed, type PrefixWriter } from './writer.ts'

const sortedKeys = (m: unknown) => Object.keys((m as object) ?? {}).sort()

function addTo(acc: Map<string, ParsedQuantity>, res: Record<string, unknown> | undefined): void {
  for (const [k, v] of Object.entries(res ?? {})) {
    const q = parseQuantity(v)
    const cur = acc.get(k)
    acc.set(k, cur ? { milli: cur.milli + q.milli, binary: cur.binary } : q)
  }
}

type ResourceList = Map<string, ParsedQuantity>

function maxInto(acc: ResourceList, res: ResourceList): void {
  for (const [k, q] of res) {
    const cur = acc.get(k)
    if (!cur || q.milli > cur.milli) acc.set(k, q)
  }
}

/**
 * One side (requests or limits) of resourcehelper.PodRequestsAndLimits: app containers and
 * sidecars (restartable init containers) summed; each init container, with the sidecars started
 * before it, as a floor.
 */
function podTotal(pod: KObject, side: 'requests' | 'limits'): ResourceList {
  const total: ResourceList = new Map()
  for (const c of pod.spec?.containers ?? []) addTo(total, c.resources?.[side])
  const sidecars: ResourceList = new Map()
  const inits: ResourceList = new Map()
  for (const c of pod.spec?.initContainers ?? []) {
    const own = c.resources?.[side]
    if (c.restartPolicy === 'Always') {
      addTo(total, own)
      addTo(sidecars, own)
      maxInto(inits, sidecars)
    } else {
      const step: ResourceList = new Map(sidecars)
      addTo(step, own)
      maxInto(inits, step)
    }
  }
  maxInto(total, inits)
  return total
}

/** resourcehelper.PodRequestsAndLimits, with the RuntimeClass overhead (limits: only set ones). */
function podRequestsAndLimits(pod: KObject): [ResourceList, ResourceList] {
  const reqs = podTotal(pod, 'requests')
  const limits = podTotal(pod, 'limits')
  addTo(reqs, pod.spec?.overhead)
  for (const [k, v] of Object.entries(pod.spec?.overhead ?? {})) {
    const cur = limits.get(k)
    if (cur && cur.milli !== 0n) addTo(limits, { [k]: v })
  }
  return [reqs, limits]
}

const ZERO: ParsedQuantity = { milli: 0n, binary: false }

function percent(q: ParsedQuantity, total: ParsedQuantity): number {
  if (total.milli === 0n) return 0
  return Math.trunc((Number(q.milli) / Number(total.milli)) * 100)
}

function describeNodeResource(pods: KObject[], node: KObject, w: PrefixWriter, now: number): void {
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`)
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n')
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n')
  const alloc =
    Object.keys(node.status?.allocatable ?? {}).length > 0
      ? node.status.allocatable
      : (node.status?.capacity ?? {})
  const allocQ = (k: string) => (alloc[k] !== undefined ? parseQuantity(alloc[k]) : ZERO)
  const cell = (q: ParsedQuantity | undefined, k: string) =>
    `${formatQuantity(q ?? ZERO)} (${percent(q ?? ZERO, allocQ(k))}%)`
  const totalReq = new Map<string, ParsedQuantity>()
  const totalLim = new Map<string, ParsedQuantity>()
  for (const p of pods) {
    const [req, lim] = podRequestsAndLimits(p)
    w.write(
      1,
      `${p.metadata.namespace}\t${p.metadata.name}\t\t${cell(req.get('cpu'), 'cpu')}\t${cell(lim.get('cpu'), 'cpu')}\t${cell(req.get('memory'), 'memory')}\t${cell(lim.get('memory'), 'memory')}\t${since(p.metadata.creationTimestamp, now)}\n`,
    )
    for (const [k, v] of req)
      totalReq.set(
        k,
        totalReq.has(k) ? { ...totalReq.get(k)!, milli: totalReq.get(k)!.milli + v.milli } : v,
      )
    for (const [k, v] of lim)
      totalLim.set(
        k,
        totalLim.has(k) ? { ...totalLim.get(k)!, milli: totalLim.get(k)!.milli + v.milli } : v,
      )
  }
  w.write(
    0,
    'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n',
  )
  w.write(1, 'Resource\tRequests\tLimits\n')
  w.write(1, '--------\t--------\t------\n')
  for (const k of ['cpu', 'memory', 'ephemeral-storage'])
    w.write(1, `${k}\t${cell(totalReq.get(k), k)}\t${cell(totalLim.get(k), k)}\n`)
  const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods', 'storage'])
  const keys = Object.keys(alloc).sort()
  for (const k of keys.filter((x) => x.startsWith('hugepages-')))
    w.write(1, `${k}\t${cell(totalReq.get(k), k)}\t${cell(totalLim.get(k), k)}\n`)
  for (const k of keys.filter(
    (x) =>
      !x.startsWith('hugepages-') &&
      !standard.has(x) &&
      !x.startsWith('requests.') &&
      !x.startsWith('limits.'),
  ))
    w.write(
      1,
      `${k}\t${formatQuantity(totalReq.get(k) ?? ZERO)}\t${formatQuantity(totalLim.get(k) ?? ZERO)}\n`,
    )
}

export function describeNode(node: KObject, ctx: DescribeContext): string {
  const name = node.metadata.name ?? ''
  const pods = ctx.api
    .list('pods', {})
    .items.filter(
      (p) =>
        p.spec?.nodeName === name &&
        p.status?.phase !== 'Succeeded' &&
        p.status?.phase !== 'Failed',
    )
  const events =
    ctx.showEvents === false
      ? undefined
      : searchEvents(node, ctx, { uids: [node.metadata.uid ?? '', name] })
  const lease = ctx.api.tryGet('leases.coordination.k8s.io', 'kube-node-lease', name)
  const info = node.status?.nodeInfo ?? {}
  return tabbed((w) => {
    w.write(0, `Name:\t${name}\n`)
    w.write(0, `Roles:\t${nodeRoles(node)}\n`)
    printLabelsMultiline(w, 'Labels', node.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations)
    w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`)
    printTaints(w, 'Taints', node.spec?.taints)
    w.write(0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`)
    if (lease) {
      w.write(0, 'Lease:\n')
      w.write(1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n`)
      w.write(
        1,
        `AcquireTime:\t${lease.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}\n`,
      )
      w.write(
        1,
        `RenewTime:\t${lease.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>'}\n`,
      )
    } else
      w.write(0, `Lease:\tFailed to get lease: leases.coordination.k8s.io "${name}" not found\n`)
    const conds: any[] = node.status?.conditions ?? []
    if (conds.length > 0) {
      w.write(
        0,
        'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n',
      )
      w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n')
      for (const c of conds)
        w.write(
          1,
          `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
        )
    }
    w.write(0, 'Addresses:\n')
    for (const a of node.status?.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`)
    for (const [title, list] of [
      ['Capacity', node.status?.capacity],
      ['Allocatable', node.status?.allocatable],
    ] as const) {
      if (sortedKeys(list).length === 0) continue
      w.write(0, `${title}:\n`)
      for (const k of sortedKeys(list)) w.write(0, `  ${k}:\t${canonicalQuantity(list[k])}\n`)
    }
    w.write(0, 'System Info:\n')
    const sys: [string, string][] = [
      ['Machine ID', info.machineID],
      ['System UUID', info.systemUUID],
      ['Boot ID', info.bootID],
      ['Kernel Version', info.kernelVersion],
      ['OS Image', info.osImage],
      ['Operating System', info.operatingSystem],
      ['Architecture', info.architecture],
      ['Container Runtime Version', info.containerRuntimeVersion],
      ['Kubelet Version', info.kubeletVersion],
      ['Kube-Proxy Version', info.kubeProxyVersion],
    ]
    for (const [k, v] of sys) w.write(0, `  ${k}:\t${v ?? ''}\n`)
    if (node.spec?.podCIDR) w.write(0, `PodCIDR:\t${node.spec.podCIDR}\n`)
    if ((node.spec?.podCIDRs ?? []).length > 0)
      w.write(0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`)
    if (node.spec?.providerID) w.write(0, `ProviderID:\t${node.spec.providerID}\n`)
    describeNodeResource(pods, node, w, ctx.now)
    describeEvents(events, w, ctx.now)
  })
}

const SCOPE_HELP: Record<string, string> = {
  Terminating:
    'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating:
    'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort:
    'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort:
    'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
}

function quotaRows(q: KObject, w: PrefixWriter, level: number): void {
  const hard = q.status?.hard ?? {}
  const used = q.status?.used ?? {}
  for (const r of sortedKeys(hard))
    w.write(level, `${r}\t${canonicalQuantity(used[r] ?? '0')}\t${canonicalQuantity(hard[r])}\n`)
}

function limitRows(lr: KObject, prefix: string, w: PrefixWriter): void {
  for (const item of lr.spec?.limits ?? []) {
    const parts = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const
    const names = new Set<string>()
    for (const p of parts) for (const k of Object.keys(item[p] ?? {})) names.add(k)
    const v = (p: (typeof parts)[number], k: string) =>
      item[p]?.[k] !== undefined ? canonicalQuantity(item[p][k]) : '-'
    for (const k of [...names].sort())
      w.write(
        0,
        `${prefix}${item.type}\t${k}\t${v('min', k)}\t${v('max', k)}\t${v('defaultRequest', k)}\t${v('default', k)}\t${v('maxLimitRequestRatio', k)}\n`,
      )
  }
}

export function describeNamespace(ns: KObject, ctx: DescribeContext): string {
  const name = ns.metadata.name ?? ''
  const quotas = ctx.api.list('resourcequotas', { namespace: name }).items
  const limits = ctx.api.list('limitranges', { namespace: name }).items
  return tabbed((w) => {
    w.write(0, `Name:\t${name}\n`)
    printLabelsMultiline(w, 'Labels', ns.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations)
    w.write(0, `Status:\t${ns.status?.phase ?? ''}\n`)
    const conds: any[] = ns.status?.conditions ?? []
    if (conds.length > 0) {
      w.write(0, 'Conditions:\n')
      w.write(1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n')
      w.write(1, '----\t------\t------------------\t------\t-------\n')
      for (const c of conds)
        w.write(
          1,
          `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`,
        )
    }
    w.write(0, '\n')
    if (quotas.length === 0) w.write(0, 'No resource quota.\n')
    else {
      w.write(0, 'Resource Quotas\n')
      for (const q of quotas) {
        w.write(1, `Name:\t${q.metadata.name}\n`)
        const scopes = [...(q.spec?.scopes ?? [])].sort()
        if (scopes.length > 0) {
          w.write(1, `Scopes:\t${scopes.join(', ')}\n`)
          for (const s of scopes) if (SCOPE_HELP[s]) w.write(1, `* ${SCOPE_HELP[s]}\n`)
        }
        w.write(1, 'Resource\tUsed\tHard\n')
        w.write(1, '--------\t---\t---\n')
        quotaRows(q, w, 1)
      }
    }
    w.write(0, '\n')
    if (limits.length === 0) w.write(0, 'No LimitRange resource.\n')
    else {
      w.write(
        0,
        'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
      )
      w.write(
        0,
        ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n',
      )
      for (const lr of limits) limitRows(lr, ' ', w)
    }
  })
}

export function describeResourceQuota(q: KObject): string {
  return tabbed((w) => {
    w.write(0, `Name:\t${q.metadata.name}\n`)
    w.write(0, `Namespace:\t${q.metadata.namespace}\n`)
    const scopes = [...(q.spec?.scopes ?? [])].sort()
    if (scopes.length > 0) {
      w.write(0, `Scopes:\t${scopes.join(', ')}\n`)
      for (const s of scopes) if (SCOPE_HELP[s]) w.write(0, ` * ${SCOPE_HELP[s]}\n`)
    }
    w.write(0, 'Resource\tUsed\tHard\n')
    w.write(0, '--------\t----\t----\n')
    quotaRows(q, w, 0)
  })
}

export function describeLimitRange(lr: KObject): string {
  return tabbed((w) => {
    w.write(0, `Name:\t${lr.metadata.name}\n`)
    w.write(0, `Namespace:\t${lr.metadata.namespace}\n`)
    w.write(
      0,
      'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
    )
    w.write(
      0,
      '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n',
    )
    limitRows(lr, '', w)
  })
}

export function describePriorityClass(pc: KObject, ctx: DescribeContext): string {
  const ev = ctx.showEvents === false ? undefined : searchEvents(pc, ctx)
  return tabbed((w) => {
    w.write(0, `Name:\t${pc.metadata.name}\n`)
    w.write(0, `Value:\t${pc.value ?? 0}\n`)
    w.write(0, `GlobalDefault:\t${pc.globalDefault === true}\n`)
    w.write(0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? 'PreemptLowerPriority'}\n`)
    w.write(0, `Description:\t${pc.description ?? ''}\n`)
    w.write(0, `Annotations:\t${formatLabels(pc.metadata.annotations)}\n`)
    describeEvents(ev, w, ctx.now)
  })
}

import type { KObject } from '../../../sim/api/types.ts'
import { humanDuration, parseTime, since } from '../age.ts'
import { containerCells, formatLabels, int } from './util.ts'
import type { KindTable, RowContext } from './types.ts'

function isRestartableInit(c: any): boolean {
  return c?.restartPolicy === 'Always'
}

function latest(cur: number | undefined, ts: unknown): number | undefined {
  const t = parseTime(ts)
  if (t === undefined) return cur
  return cur === undefined || t > cur ? t : cur
}

/** The STATUS cell and counters of printPod (pkg/printers/internalversion/printers.go, v1.32). */
export function podStatusCells(pod: KObject, now: number): [string, string, string] {
  const spec = pod.spec ?? {}
  const status = pod.status ?? {}
  const initSpecs: any[] = spec.initContainers ?? []
  let total = (spec.containers ?? []).length
  for (const c of initSpecs) if (isRestartableInit(c)) total++
  let ready = 0
  let restarts = 0
  let sidecarRestarts = 0
  let lastRestart: number | undefined
  let lastSidecarRestart: number | undefined

  const phase: string = status.phase ?? ''
  let reason: string = status.reason || phase
  for (const c of status.conditions ?? [])
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated'

  let initializing = false
  const initStatuses: any[] = status.initContainerStatuses ?? []
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]
    const specC = initSpecs.find((c) => c.name === cs.name)
    restarts += int(cs.restartCount)
    const lastTerm = cs.lastState?.terminated
    if (lastTerm) lastRestart = latest(lastRestart, lastTerm.finishedAt)
    if (isRestartableInit(specC)) {
      sidecarRestarts += int(cs.restartCount)
      if (lastTerm) lastSidecarRestart = latest(lastSidecarRestart, lastTerm.finishedAt)
    }
    const term = cs.state?.terminated
    const wait = cs.state?.waiting
    if (term && int(term.exitCode) === 0) continue
    if (isRestartableInit(specC) && cs.started === true) {
      if (cs.ready) ready++
      continue
    }
    if (term) {
      if (!term.reason)
        reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${int(term.exitCode)}`
      else reason = `Init:${term.reason}`
    } else if (wait?.reason && wait.reason !== 'PodInitializing') {
      reason = `Init:${wait.reason}`
    } else {
      reason = `Init:${i}/${initSpecs.length}`
    }
    initializing = true
    break
  }

  const initializedTrue = (status.conditions ?? []).some(
    (c: any) => c.type === 'Initialized' && c.status === 'True',
  )
  if (!initializing || initializedTrue) {
    restarts = sidecarRestarts
    lastRestart = lastSidecarRestart
    let hasRunning = false
    const statuses: any[] = status.containerStatuses ?? []
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]
      restarts += int(cs.restartCount)
      const lastTerm = cs.lastState?.terminated
      if (lastTerm) lastRestart = latest(lastRestart, lastTerm.finishedAt)
      const wait = cs.state?.waiting
      const term = cs.state?.terminated
      if (wait && wait.reason) reason = wait.reason
      else if (term && term.reason) reason = term.reason
      else if (term)
        reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${int(term.exitCode)}`
      else if (cs.ready && cs.state?.running) {
        hasRunning = true
        ready++
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const podReady = (status.conditions ?? []).some(
        (c: any) => c.type === 'Ready' && c.status === 'True',
      )
      reason = podReady ? 'Running' : 'NotReady'
    }
  }

  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown'
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed')
    reason = 'Terminating'

  let restartsStr = String(restarts)
  if (restarts !== 0 && lastRestart !== undefined)
    restartsStr = `${restarts} (${humanDuration(now - lastRestart)} ago)`
  return [`${ready}/${total}`, reason, restartsStr]
}

export const podTable: KindTable = {
  columns: [
    { name: 'Name' },
    { name: 'Ready' },
    { name: 'Status' },
    { name: 'Restarts' },
    { name: 'Age' },
    { name: 'IP', priority: 1 },
    { name: 'Node', priority: 1 },
    { name: 'Nominated Node', priority: 1 },
    { name: 'Readiness Gates', priority: 1 },
  ],
  row(pod: KObject, ctx: RowContext) {
    const [ready, reason, restarts] = podStatusCells(pod, ctx.now)
    const cells = [
      pod.metadata.name ?? '',
      ready,
      reason,
      restarts,
      since(pod.metadata.creationTimestamp, ctx.now),
    ]
    if (!ctx.wide) return cells
    const status = pod.status ?? {}
    const gates: any[] = pod.spec?.readinessGates ?? []
    let readinessGates = '<none>'
    if (gates.length > 0) {
      let trueCount = 0
      for (const g of gates) {
        const c = (status.conditions ?? []).find((x: any) => x.type === g.conditionType)
        if (c?.status === 'True') trueCount++
      }
      readinessGates = `${trueCount}/${gates.length}`
    }
    return [
      ...cells,
      status.podIPs?.[0]?.ip || '<none>',
      pod.spec?.nodeName || '<none>',
      status.nominatedNodeName || '<none>',
      readinessGates,
    ]
  },
}

export const podTemplateTable: KindTable = {
  columns: [{ name: 'Name' }, { name: 'Containers' }, { name: 'Images' }, { name: 'Pod Labels' }],
  row(obj) {
    const [names, images] = containerCells(obj.template?.spec?.containers)
    return [obj.metadata.name ?? '', names, images, formatLabels(obj.template?.metadata?.labels)]
  },
}

import type { KObject } from '../../sim/api/types.ts'
import { humanDuration, parseTime } from '../printers/age.ts'
import { matchesSelector } from '../../sim/api/selectors.ts'
import {
  controllerRef,
  describeEvents,
  formatLabelSelector,
  formatLabels,
  printAnnotationsMultiline,
  printLabelsMultiline,
  rfc1123z,
  searchEvents,
  type DescribeContext,
} from './common.ts'
import { describePodTemplate } from './pod.ts'
import { tabbed, type PrefixWriter } from './writer.ts'
import { canonicalQuantity } from '../printers/quantity.ts'

/** LabelSelectorAsSelector(...).String(): like FormatLabelSelector but empty for "everything". */
export function selectorString(sel: any): string {
  const s = formatLabelSelector(sel ?? {})
  return s === '<none>' ? '' : s
}

function events(obj: KObject, ctx: DescribeContext): KObject[] | undefined {
  return ctx.showEvents === false ? undefined : searchEvents(obj, ctx)
}

/** getPodStatusForController: phases of the pods this controller owns. */
function podStatus(owner: KObject, sel: any, ctx: DescribeContext): string {
  const pods = ctx.api.list('pods', { namespace: owner.metadata.namespace }).items
  const counts = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 }
  for (const p of pods) {
    if (!matchesSelector(p.metadata.labels, sel)) continue
    const ref = (p.metadata.ownerReferences ?? []).find((r) => r.controller)
    if (!ref || ref.uid !== owner.metadata.uid) continue
    const phase = p.status?.phase as keyof typeof counts
    if (phase in counts) counts[phase]++
  }
  return `${counts.Running} Running / ${counts.Pending} Waiting / ${counts.Succeeded} Succeeded / ${counts.Failed} Failed`
}

function header(o: KObject, w: PrefixWriter, withNamespace = true): void {
  w.write(0, `Name:\t${o.metadata.name}\n`)
  if (withNamespace) w.write(0, `Namespace:\t${o.metadata.namespace}\n`)
}

function conditions(o: KObject, w: PrefixWriter): void {
  const cs: any[] = o.status?.conditions ?? []
  if (cs.length === 0) return
  w.write(0, 'Conditions:\n  Type\tStatus\tReason\n')
  w.write(1, '----\t------\t------\n')
  for (const c of cs) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`)
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as any)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as any)[k])}`)
      .join(',')}}`
  return JSON.stringify(v)
}

function templateIgnoringHash(t: any): string {
  const labels = { ...(t?.metadata?.labels ?? {}) }
  delete labels['pod-template-hash']
  return stableJson({ ...t, metadata: { ...(t?.metadata ?? {}), labels } })
}

function rsList(list: KObject[]): string {
  const s = list
    .map(
      (rs) =>
        `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`,
    )
    .join(', ')
  return s || '<none>'
}

export function describeDeployment(d: KObject, ctx: DescribeContext): string {
  const owned = ctx.api
    .list('replicasets.apps', { namespace: d.metadata.namespace })
    .items.filter((rs) => matchesSelector(rs.metadata.labels, d.spec?.selector))
    .filter((rs) =>
      (rs.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === d.metadata.uid),
    )
    .sort((a, b) => {
      const ta = parseTime(a.metadata.creationTimestamp) ?? 0
      const tb = parseTime(b.metadata.creationTimestamp) ?? 0
      return ta !== tb ? ta - tb : (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1
    })
  const want = templateIgnoringHash(d.spec?.template)
  const newRS = owned.find((rs) => templateIgnoringHash(rs.spec?.template) === want)
  const oldRSs = owned.filter((rs) => rs !== newRS)
  const ev = events(d, ctx)
  const spec = d.spec ?? {}
  const s = d.status ?? {}
  return tabbed((w) => {
    header(d, w)
    w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`)
    printLabelsMultiline(w, 'Labels', d.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations)
    w.write(0, `Selector:\t${selectorString(spec.selector)}\n`)
    w.write(
      0,
      `Replicas:\t${spec.replicas ?? 0} desired | ${s.updatedReplicas ?? 0} updated | ${s.replicas ?? 0} total | ${s.availableReplicas ?? 0} available | ${s.unavailableReplicas ?? 0} unavailable\n`,
    )
    w.write(0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`)
    w.write(0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`)
    const ru = spec.strategy?.rollingUpdate
    if (ru)
      w.write(
        0,
        `RollingUpdateStrategy:\t${ru.maxUnavailable ?? 0} max unavailable, ${ru.maxSurge ?? 0} max surge\n`,
      )
    describePodTemplate(spec.template, w)
    conditions(d, w)
    if (oldRSs.length > 0 || newRS) {
      w.write(0, `OldReplicaSets:\t${rsList(oldRSs)}\n`)
      w.write(0, `NewReplicaSet:\t${rsList(newRS ? [newRS] : [])}\n`)
    }
    describeEvents(ev, w, ctx.now)
  })
}

export function describeReplicaSet(rs: KObject, ctx: DescribeContext): string {
  const ev = events(rs, ctx)
  const pods = podStatus(rs, rs.spec?.selector, ctx)
  return tabbed((w) => {
    header(rs, w)
    w.write(0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`)
    printLabelsMultiline(w, 'Labels', rs.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations)
    const ctl = controllerRef(rs)
    if (ctl) w.write(0, `Controlled By:\t${ctl}\n`)
    w.write(
      0,
      `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`,
    )
    w.write(0, `Pods Status:\t${pods}\n`)
    describePodTemplate(rs.spec?.template, w)
    conditions(rs, w)
    describeEvents(ev, w, ctx.now)
  })
}

export function describeReplicationController(rc: KObject, ctx: DescribeContext): string {
  const ev = events(rc, ctx)
  const sel = { matchLabels: rc.spec?.selector ?? {} }
  const pods = podStatus(rc, sel, ctx)
  return tabbed((w) => {
    header(rc, w)
    w.write(0, `Selector:\t${formatLabels(rc.spec?.selector)}\n`)
    printLabelsMultiline(w, 'Labels', rc.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', rc.metadata.annotations)
    w.write(
      0,
      `Replicas:\t${rc.status?.replicas ?? 0} current / ${rc.spec?.replicas ?? 0} desired\n`,
    )
    w.write(0, `Pods Status:\t${pods}\n`)
    describePodTemplate(rc.spec?.template, w)
    conditions(rc, w)
    describeEvents(ev, w, ctx.now)
  })
}

export function describeStatefulSet(sts: KObject, ctx: DescribeContext): string {
  const ev = events(sts, ctx)
  const pods = podStatus(sts, sts.spec?.selector, ctx)
  const spec = sts.spec ?? {}
  return tabbed((w) => {
    header(sts, w)
    w.write(0, `CreationTimestamp:\t${rfc1123z(sts.metadata.creationTimestamp)}\n`)
    w.write(0, `Selector:\t${selectorString(spec.selector)}\n`)
    printLabelsMultiline(w, 'Labels', sts.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', sts.metadata.annotations)
    w.write(0, `Replicas:\t${spec.replicas ?? 0} desired | ${sts.status?.replicas ?? 0} total\n`)
    w.write(0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`)
    const ru = spec.updateStrategy?.rollingUpdate
    if (ru && ru.partition !== undefined && ru.partition !== null) {
      w.write(1, `Partition:\t${ru.partition}\n`)
      if (ru.maxUnavailable !== undefined) w.write(1, `MaxUnavailable:\t${ru.maxUnavailable}\n`)
    }
    w.write(0, `Pods Status:\t${pods}\n`)
    describePodTemplate(spec.template, w)
    const vcts: any[] = spec.volumeClaimTemplates ?? []
    if (vcts.length === 0) w.write(0, 'Volume Claims:\t<none>\n')
    else {
      w.write(0, 'Volume Claims:\n')
      for (const pvc of vcts) {
        w.write(1, `Name:\t${pvc.metadata?.name ?? ''}\n`)
        w.write(
          1,
          `StorageClass:\t${pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec?.storageClassName ?? ''}\n`,
        )
        printLabelsMultiline(w, 'Labels', pvc.metadata?.labels, '  ')
        printLabelsMultiline(w, 'Annotations', pvc.metadata?.annotations, '  ')
        const cap = pvc.spec?.resources?.requests?.storage
        w.write(1, `Capacity:\t${cap !== undefined ? canonicalQuantity(cap) : '<default>'}\n`)
        w.write(1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`)
      }
    }
    describeEvents(ev, w, ctx.now)
  })
}

export function describeDaemonSet(ds: KObject, ctx: DescribeContext): string {
  const ev = events(ds, ctx)
  const pods = podStatus(ds, ds.spec?.selector, ctx)
  const s = ds.status ?? {}
  return tabbed((w) => {
    w.write(0, `Name:\t${ds.metadata.name}\n`)
    w.write(0, `Selector:\t${selectorString(ds.spec?.selector)}\n`)
    w.write(0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`)
    printLabelsMultiline(w, 'Labels', ds.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations)
    w.write(0, `Desired Number of Nodes Scheduled: ${s.desiredNumberScheduled ?? 0}\n`)
    w.write(0, `Current Number of Nodes Scheduled: ${s.currentNumberScheduled ?? 0}\n`)
    w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${s.updatedNumberScheduled ?? 0}\n`)
    w.write(0, `Number of Nodes Scheduled with Available Pods: ${s.numberAvailable ?? 0}\n`)
    w.write(0, `Number of Nodes Misscheduled: ${s.numberMisscheduled ?? 0}\n`)
    w.write(0, `Pods Status:\t${pods}\n`)
    describePodTemplate(ds.spec?.template, w)
    describeEvents(ev, w, ctx.now)
  })
}

export function describeJob(job: KObject, ctx: DescribeContext): string {
  const ev = events(job, ctx)
  const spec = job.spec ?? {}
  const s = job.status ?? {}
  return tabbed((w) => {
    header(job, w)
    w.write(0, `Selector:\t${selectorString(spec.selector)}\n`)
    printLabelsMultiline(w, 'Labels', job.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', job.metadata.annotations)
    const ctl = controllerRef(job)
    if (ctl) w.write(0, `Controlled By:\t${ctl}\n`)
    if (spec.parallelism !== undefined) w.write(0, `Parallelism:\t${spec.parallelism}\n`)
    w.write(0, `Completions:\t${spec.completions ?? '<unset>'}\n`)
    if (spec.completionMode) w.write(0, `Completion Mode:\t${spec.completionMode}\n`)
    if (spec.suspend !== undefined) w.write(0, `Suspend:\t${spec.suspend}\n`)
    if (spec.backoffLimit !== undefined) w.write(0, `Backoff Limit:\t${spec.backoffLimit}\n`)
    if (spec.ttlSecondsAfterFinished !== undefined)
      w.write(0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`)
    if (s.startTime) w.write(0, `Start Time:\t${rfc1123z(s.startTime)}\n`)
    if (s.completionTime) w.write(0, `Completed At:\t${rfc1123z(s.completionTime)}\n`)
    const st = parseTime(s.startTime)
    const ct = parseTime(s.completionTime)
    if (st !== undefined && ct !== undefined) w.write(0, `Duration:\t${humanDuration(ct - st)}\n`)
    if (spec.activeDeadlineSeconds !== undefined)
      w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`)
    if (s.ready === undefined || s.ready === null)
      w.write(
        0,
        `Pods Statuses:\t${s.active ?? 0} Active / ${s.succeeded ?? 0} Succeeded / ${s.failed ?? 0} Failed\n`,
      )
    else
      w.write(
        0,
        `Pods Statuses:\t${s.active ?? 0} Active (${s.ready} Ready) / ${s.succeeded ?? 0} Succeeded / ${s.failed ?? 0} Failed\n`,
      )
    if (spec.completionMode === 'Indexed') {
      const idx: string = s.completedIndexes ?? ''
      let shown = idx || '<none>'
      if (idx.length > 50) {
        const cut = idx.indexOf(',', 50)
        if (cut >= 0) shown = idx.slice(0, cut + 1) + '...'
      }
      w.write(0, `Completed Indexes:\t${shown}\n`)
    }
    describePodTemplate(spec.template, w)
    describeEvents(ev, w, ctx.now)
  })
}

export function describeCronJob(cj: KObject, ctx: DescribeContext): string {
  const ev = events(cj, ctx)
  const spec = cj.spec ?? {}
  const unset = (v: unknown, suffix = '') =>
    v === undefined || v === null ? '<unset>' : `${v}${suffix}`
  return tabbed((w) => {
    header(cj, w)
    printLabelsMultiline(w, 'Labels', cj.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', cj.metadata.annotations)
    w.write(0, `Schedule:\t${spec.schedule ?? ''}\n`)
    w.write(0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`)
    w.write(
      0,
      `Suspend:\t${spec.suspend === undefined || spec.suspend === null ? '<unset>' : spec.suspend ? 'True' : 'False'}\n`,
    )
    w.write(0, `Successful Job History Limit:\t${unset(spec.successfulJobsHistoryLimit)}\n`)
    w.write(0, `Failed Job History Limit:\t${unset(spec.failedJobsHistoryLimit)}\n`)
    w.write(0, `Starting Deadline Seconds:\t${unset(spec.startingDeadlineSeconds, 's')}\n`)
    const jt = spec.jobTemplate?.spec ?? {}
    w.write(0, `Selector:\t${jt.selector ? selectorString(jt.selector) : '<unset>'}\n`)
    w.write(0, `Parallelism:\t${unset(jt.parallelism)}\n`)
    w.write(0, `Completions:\t${unset(jt.completions)}\n`)
    if (jt.activeDeadlineSeconds !== undefined)
      w.write(0, `Active Deadline Seconds:\t${jt.activeDeadlineSeconds}s\n`)
    describePodTemplate(jt.template, w)
    const last = cj.status?.lastScheduleTime
    w.write(0, `Last Schedule Time:\t${last ? rfc1123z(last) : '<unset>'}\n`)
    const active: any[] = cj.status?.active ?? []
    w.write(0, 'Active Jobs:\t')
    w.line(active.length === 0 ? '<none>' : active.map((j) => j.name).join(', '))
    describeEvents(ev, w, ctx.now)
  })
}

export function describePodDisruptionBudget(pdb: KObject, ctx: DescribeContext): string {
  const ev = events(pdb, ctx)
  const spec = pdb.spec ?? {}
  const s = pdb.status ?? {}
  return tabbed((w) => {
    header(pdb, w)
    if (spec.minAvailable !== undefined) w.write(0, `Min available:\t${spec.minAvailable}\n`)
    else if (spec.maxUnavailable !== undefined)
      w.write(0, `Max unavailable:\t${spec.maxUnavailable}\n`)
    w.write(0, `Selector:\t${spec.selector ? formatLabelSelector(spec.selector) : '<unset>'}\n`)
    w.write(0, 'Status:\n')
    w.write(2, `Allowed disruptions:\t${s.disruptionsAllowed ?? 0}\n`)
    w.write(2, `Current:\t${s.currentHealthy ?? 0}\n`)
    w.write(2, `Desired:\t${s.desiredHealthy ?? 0}\n`)
    w.write(2, `Total:\t${s.expectedPods ?? 0}\n`)
    describeEvents(ev, w, ctx.now)
  })
}

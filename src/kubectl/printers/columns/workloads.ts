import type { KObject } from '../../../sim/api/types.ts'
import { humanDuration, parseTime, since } from '../age.ts'
import { canonicalQuantity } from '../quantity.ts'
import {
  boolPtr,
  containerCells,
  controllerOf,
  formatLabelSelector,
  formatLabels,
  formatResourceName,
  int,
} from './util.ts'
import type { KindTable, RowContext } from './types.ts'

const age = (o: KObject, ctx: RowContext) => since(o.metadata.creationTimestamp, ctx.now)
const WIDE3 = [
  { name: 'Containers', priority: 1 },
  { name: 'Images', priority: 1 },
  { name: 'Selector', priority: 1 },
]

function wide3(spec: any, selector: string): string[] {
  const [names, images] = containerCells(spec?.template?.spec?.containers)
  return [names, images, selector]
}

export const deploymentTable: KindTable = {
  columns: [
    { name: 'Name' },
    { name: 'Ready' },
    { name: 'Up-to-date' },
    { name: 'Available' },
    { name: 'Age' },
    ...WIDE3,
  ],
  row(o, ctx) {
    const s = o.status ?? {}
    const cells = [
      o.metadata.name ?? '',
      `${int(s.readyReplicas)}/${int(o.spec?.replicas)}`,
      int(s.updatedReplicas),
      int(s.availableReplicas),
      age(o, ctx),
    ]
    if (!ctx.wide) return cells
    // LabelSelectorAsSelector renders an empty selector as "" (matches everything)
    const sel = formatLabelSelector(o.spec?.selector)
    return [...cells, ...wide3(o.spec, sel === '<none>' ? '' : sel)]
  },
}

export const replicaSetTable: KindTable = {
  columns: [
    { name: 'Name' },
    { name: 'Desired' },
    { name: 'Current' },
    { name: 'Ready' },
    { name: 'Age' },
    ...WIDE3,
  ],
  row(o, ctx) {
    const s = o.status ?? {}
    const cells = [
      o.metadata.name ?? '',
      int(o.spec?.replicas),
      int(s.replicas),
      int(s.readyReplicas),
      age(o, ctx),
    ]
    return ctx.wide ? [...cells, ...wide3(o.spec, formatLabelSelector(o.spec?.selector))] : cells
  },
}

export const replicationControllerTable: KindTable = {
  columns: replicaSetTable.columns,
  row(o, ctx) {
    const s = o.status ?? {}
    const cells = [
      o.metadata.name ?? '',
      int(o.spec?.replicas),
      int(s.replicas),
      int(s.readyReplicas),
      age(o, ctx),
    ]
    return ctx.wide ? [...cells, ...wide3(o.spec, formatLabels(o.spec?.selector))] : cells
  },
}

export const statefulSetTable: KindTable = {
  columns: [{ name: 'Name' }, { name: 'Ready' }, { name: 'Age' }, WIDE3[0], WIDE3[1]],
  row(o, ctx) {
    const cells = [
      o.metadata.name ?? '',
      `${int(o.status?.readyReplicas)}/${int(o.spec?.replicas)}`,
      age(o, ctx),
    ]
    return ctx.wide ? [...cells, ...wide3(o.spec, '').slice(0, 2)] : cells
  },
}

export const daemonSetTable: KindTable = {
  columns: [
    { name: 'Name' },
    { name: 'Desired' },
    { name: 'Current' },
    { name: 'Ready' },
    { name: 'Up-to-date' },
    { name: 'Available' },
    { name: 'Node Selector' },
    { name: 'Age' },
    ...WIDE3,
  ],
  row(o, ctx) {
    const s = o.status ?? {}
    const cells = [
      o.metadata.name ?? '',
      int(s.desiredNumberScheduled),
      int(s.currentNumberScheduled),
      int(s.numberReady),
      int(s.updatedNumberScheduled),
      int(s.numberAvailable),
      formatLabels(o.spec?.template?.spec?.nodeSelector),
      age(o, ctx),
    ]
    return ctx.wide ? [...cells, ...wide3(o.spec, formatLabelSelector(o.spec?.selector))] : cells
  },
}

function hasCondition(o: KObject, type: string): boolean {
  const c = (o.status?.conditions ?? []).find((x: any) => x.type === type)
  return c?.status === 'True'
}

/** The STATUS cell of printJob (added in v1.30). */
export function jobStatus(o: KObject): string {
  if (hasCondition(o, 'Complete')) return 'Complete'
  if (hasCondition(o, 'Failed')) return 'Failed'
  if (o.metadata.deletionTimestamp) return 'Terminating'
  if (hasCondition(o, 'Suspended')) return 'Suspended'
  if (hasCondition(o, 'FailureTarget')) return 'FailureTarget'
  return 'Running'
}

export const jobTable: KindTable = {
  columns: [
    { name: 'Name' },
    { name: 'Status' },
    { name: 'Completions' },
    { name: 'Duration' },
    { name: 'Age' },
    ...WIDE3,
  ],
  row(o, ctx) {
    const spec = o.spec ?? {}
    const s = o.status ?? {}
    let completions: string
    if (spec.completions !== undefined && spec.completions !== null)
      completions = `${int(s.succeeded)}/${spec.completions}`
    else if (int(spec.parallelism) > 1) completions = `${int(s.succeeded)}/1 of ${spec.parallelism}`
    else completions = `${int(s.succeeded)}/1`
    const start = parseTime(s.startTime)
    const done = parseTime(s.completionTime)
    let duration = ''
    if (start !== undefined) duration = humanDuration((done ?? ctx.now) - start)
    const cells = [o.metadata.name ?? '', jobStatus(o), completions, duration, age(o, ctx)]
    return ctx.wide ? [...cells, ...wide3(spec, formatLabelSelector(spec.selector))] : cells
  },
}

export const cronJobTable: KindTable = {
  columns: [
    { name: 'Name' },
    { name: 'Schedule' },
    { name: 'Timezone' },
    { name: 'Suspend' },
    { name: 'Active' },
    { name: 'Last Schedule' },
    { name: 'Age' },
    ...WIDE3,
  ],
  row(o, ctx) {
    const spec = o.spec ?? {}
    const s = o.status ?? {}
    const last = s.lastScheduleTime ? since(s.lastScheduleTime, ctx.now) : '<none>'
    const cells = [
      o.metadata.name ?? '',
      spec.schedule ?? '',
      spec.timeZone ?? '<none>',
      boolPtr(spec.suspend),
      (s.active ?? []).length,
      last,
      age(o, ctx),
    ]
    if (!ctx.wide) return cells
    const jt = spec.jobTemplate?.spec
    return [...cells, ...wide3(jt, formatLabelSelector(jt?.selector))]
  },
}

/** The v2 metric specs of an HPA, converting the autoscaling/v1 shape when that is what is stored. */
function hpaMetrics(o: KObject): { specs: any[]; statuses: any[] } {
  const spec = o.spec ?? {}
  if (spec.metrics || spec.targetCPUUtilizationPercentage === undefined)
    return { specs: spec.metrics ?? [], statuses: o.status?.currentMetrics ?? [] }
  const cur = o.status?.currentCPUUtilizationPercentage
  return {
    specs: [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage },
        },
      },
    ],
    statuses:
      cur === undefined
        ? []
        : [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cur } } }],
  }
}

/** formatHPAMetrics: `cpu: 10%/50%`, `<unknown>` current values, at most two then ` + N more...`. */
export function formatHpaMetrics(o: KObject): string {
  const { specs, statuses } = hpaMetrics(o)
  if (specs.length === 0) return '<none>'
  const list: string[] = []
  specs.forEach((m, i) => {
    const st = statuses[i]
    const q = (v: unknown) => canonicalQuantity(v)
    switch (m.type) {
      case 'External':
      case 'Object': {
        const key = m.type === 'External' ? 'external' : 'object'
        const cur = st?.[key]?.current
        if (m[key]?.target?.averageValue !== undefined) {
          const c = cur?.averageValue !== undefined ? q(cur.averageValue) : '<unknown>'
          list.push(`${c}/${q(m[key].target.averageValue)} (avg)`)
        } else {
          const c = st?.[key] ? q(cur?.value ?? '0') : '<unknown>'
          list.push(`${c}/${q(m[key]?.target?.value ?? '0')}`)
        }
        break
      }
      case 'Pods': {
        const c = st?.pods ? q(st.pods.current?.averageValue ?? '0') : '<unknown>'
        list.push(`${c}/${q(m.pods?.target?.averageValue ?? '0')}`)
        break
      }
      case 'Resource':
      case 'ContainerResource': {
        const key = m.type === 'Resource' ? 'resource' : 'containerResource'
        const src = m[key] ?? {}
        if (src.target?.averageValue !== undefined) {
          const c = st?.[key] ? q(st[key].current?.averageValue ?? '0') : '<unknown>'
          list.push(`${src.name}: ${c}/${q(src.target.averageValue)}`)
        } else {
          const util = st?.[key]?.current?.averageUtilization
          const c = util !== undefined && util !== null ? `${util}%` : '<unknown>'
          const t = src.target?.averageUtilization
          list.push(`${src.name}: ${c}/${t !== undefined && t !== null ? `${t}%` : '<auto>'}`)
        }
        break
      }
      default:
        list.push('<unknown type>')
    }
  })
  if (list.length > 2) return `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...`
  return list.join(', ')
}

export const hpaTable: KindTable = {
  columns: [
    { name: 'Name' },
    { name: 'Reference' },
    { name: 'Targets' },
    { name: 'MinPods' },
    { name: 'MaxPods' },
    { name: 'Replicas' },
    { name: 'Age' },
  ],
  row(o, ctx) {
    const spec = o.spec ?? {}
    const ref = `${spec.scaleTargetRef?.kind ?? ''}/${spec.scaleTargetRef?.name ?? ''}`
    const min =
      spec.minReplicas !== undefined && spec.minReplicas !== null
        ? String(spec.minReplicas)
        : '<unset>'
    return [
      o.metadata.name ?? '',
      ref,
      formatHpaMetrics(o),
      min,
      int(spec.maxReplicas),
      int(o.status?.currentReplicas),
      age(o, ctx),
    ]
  },
}

export const pdbTable: KindTable = {
  columns: [
    { name: 'Name' },
    { name: 'Min Available' },
    { name: 'Max Unavailable' },
    { name: 'Allowed Disruptions' },
    { name: 'Age' },
  ],
  row(o, ctx) {
    const spec = o.spec ?? {}
    const v = (x: unknown) => (x === undefined || x === null ? 'N/A' : String(x))
    return [
      o.metadata.name ?? '',
      v(spec.minAvailable),
      v(spec.maxUnavailable),
      int(o.status?.disruptionsAllowed),
      age(o, ctx),
    ]
  },
}

export const controllerRevisionTable: KindTable = {
  columns: [{ name: 'Name' }, { name: 'Controller' }, { name: 'Revision' }, { name: 'Age' }],
  row(o, ctx) {
    const ref = controllerOf(o)
    const controller = ref ? formatResourceName(ref.apiVersion, ref.kind, ref.name) : '<none>'
    return [o.metadata.name ?? '', controller, int(o.revision), age(o, ctx)]
  },
}

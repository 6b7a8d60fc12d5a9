import type { KObject } from '../../sim/api/types.ts'
import { canonicalQuantity } from '../printers/quantity.ts'
import {
  describeEvents,
  printAnnotationsMultiline,
  printLabelsMultiline,
  rfc1123z,
  searchEvents,
  type DescribeContext,
} from './common.ts'
import { tabbed, type PrefixWriter } from './writer.ts'

const q = (v: unknown) => (v === undefined || v === null ? '0' : canonicalQuantity(v))

function metricLine(m: any, st: any, w: PrefixWriter): void {
  switch (m.type) {
    case 'External': {
      const t = m.external?.target ?? {}
      if (t.averageValue !== undefined) {
        const cur =
          st?.external?.current?.averageValue !== undefined
            ? q(st.external.current.averageValue)
            : '<unknown>'
        w.write(
          1,
          `${JSON.stringify(m.external.metric?.name ?? '')} (target average value):\t${cur} / ${q(t.averageValue)}\n`,
        )
      } else {
        const cur = st?.external ? q(st.external.current?.value) : '<unknown>'
        w.write(
          1,
          `${JSON.stringify(m.external?.metric?.name ?? '')} (target value):\t${cur} / ${q(t.value)}\n`,
        )
      }
      return
    }
    case 'Pods': {
      const cur = st?.pods ? q(st.pods.current?.averageValue) : '<unknown>'
      w.write(
        1,
        `${JSON.stringify(m.pods?.metric?.name ?? '')} on pods:\t${cur} / ${q(m.pods?.target?.averageValue)}\n`,
      )
      return
    }
    case 'Object': {
      const o = m.object ?? {}
      w.write(
        1,
        `"${o.metric?.name ?? ''}" on ${o.describedObject?.kind ?? ''}/${o.describedObject?.name ?? ''} `,
      )
      if (o.target?.type === 'AverageValue') {
        const cur = st?.object ? q(st.object.current?.averageValue) : '<unknown>'
        w.write(0, `(target average value):\t${cur} / ${q(o.target.averageValue)}\n`)
      } else {
        const cur = st?.object ? q(st.object.current?.value) : '<unknown>'
        w.write(0, `(target value):\t${cur} / ${q(o.target?.value)}\n`)
      }
      return
    }
    case 'Resource':
    case 'ContainerResource': {
      const key = m.type === 'Resource' ? 'resource' : 'containerResource'
      const src = m[key] ?? {}
      w.write(
        1,
        key === 'resource'
          ? `resource ${src.name} on pods`
          : `resource ${src.name} of container "${src.container}" on pods`,
      )
      if (src.target?.averageValue !== undefined) {
        const cur = st?.[key] ? q(st[key].current?.averageValue) : '<unknown>'
        w.write(0, `:\t${cur} / ${q(src.target.averageValue)}\n`)
      } else {
        const c = st?.[key]?.current
        const cur =
          c?.averageUtilization !== undefined && c?.averageUtilization !== null
            ? `${c.averageUtilization}% (${q(c.averageValue)})`
            : '<unknown>'
        const t = src.target?.averageUtilization
        w.write(
          1,
          `(as a percentage of request):\t${cur} / ${t !== undefined && t !== null ? `${t}%` : '<auto>'}\n`,
        )
      }
      return
    }
    default:
      w.write(1, `<unknown metric type ${JSON.stringify(m.type)}>\n`)
  }
}

function behavior(w: PrefixWriter, direction: string, rules: any): void {
  if (!rules) return
  w.write(1, `${direction}:\n`)
  if (rules.stabilizationWindowSeconds !== undefined)
    w.write(2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`)
  const policies: any[] = rules.policies ?? []
  if (policies.length > 0) {
    w.write(2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`)
    w.write(2, 'Policies:\n')
    for (const p of policies)
      w.write(3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`)
  }
}

/** The autoscaling/v2 describer (kubectl reads HPAs through v2 first). */
export function describeHorizontalPodAutoscaler(hpa: KObject, ctx: DescribeContext): string {
  const ev = ctx.showEvents === false ? undefined : searchEvents(hpa, ctx)
  const spec = hpa.spec ?? {}
  const s = hpa.status ?? {}
  let metrics: any[] = spec.metrics ?? []
  let current: any[] = s.currentMetrics ?? []
  if (!spec.metrics && spec.targetCPUUtilizationPercentage !== undefined) {
    metrics = [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage },
        },
      },
    ]
    current =
      s.currentCPUUtilizationPercentage === undefined
        ? []
        : [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                current: { averageUtilization: s.currentCPUUtilizationPercentage },
              },
            },
          ]
  }
  return tabbed((w) => {
    w.write(0, `Name:\t${hpa.metadata.name}\n`)
    w.write(0, `Namespace:\t${hpa.metadata.namespace}\n`)
    printLabelsMultiline(w, 'Labels', hpa.metadata.labels)
    printAnnotationsMultiline(w, 'Annotations', hpa.metadata.annotations)
    w.write(0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp)}\n`)
    w.write(
      0,
      `Reference:\t${spec.scaleTargetRef?.kind ?? ''}/${spec.scaleTargetRef?.name ?? ''}\n`,
    )
    w.write(0, 'Metrics:\t( current / target )\n')
    metrics.forEach((m, i) => metricLine(m, current[i], w))
    w.write(0, `Min replicas:\t${spec.minReplicas ?? '<unset>'}\n`)
    w.write(0, `Max replicas:\t${spec.maxReplicas ?? 0}\n`)
    if (spec.behavior) {
      w.write(0, 'Behavior:\n')
      behavior(w, 'Scale Up', spec.behavior.scaleUp)
      behavior(w, 'Scale Down', spec.behavior.scaleDown)
    }
    w.write(0, `${spec.scaleTargetRef?.kind ?? ''} pods:\t`)
    w.write(0, `${s.currentReplicas ?? 0} current / ${s.desiredReplicas ?? 0} desired\n`)
    const conds: any[] = s.conditions ?? []
    if (conds.length > 0) {
      w.write(0, 'Conditions:\n')
      w.write(1, 'Type\tStatus\tReason\tMessage\n')
      w.write(1, '----\t------\t------\t-------\n')
      for (const c of conds)
        w.write(1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`)
    }
    describeEvents(ev, w, ctx.now)
  })
}

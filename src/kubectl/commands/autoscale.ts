import type { KObject } from '../../sim/api/types.ts'
import { apiVersionOf, resourceById } from '../../sim/api/resources.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError, MultiError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { resolveTargets } from '../resolve/targets.ts'
import { createGenerated } from './generate.ts'

const SCALABLE = ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']

/** `kubectl autoscale`: an autoscaling/v2 HorizontalPodAutoscaler for each target. */
function autoscale(inv: Invocation): number {
  const max = inv.flags.int('max', -1)
  const min = inv.flags.int('min', -1)
  const cpu = inv.flags.int('cpu-percent', -1)
  if (max < 1) throw new CliError('--max=MAXPODS is required and must be at least 1, max: ' + max)
  if (max < min)
    throw new CliError(
      `--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`,
    )
  inv.connect()
  const targets = resolveTargets(inv, inv.args)
  const errors: unknown[] = [...targets.errors]
  for (const t of targets.items) {
    if (!SCALABLE.includes(t.obj.kind)) {
      errors.push(new Error(`cannot autoscale a ${t.obj.kind}: ${t.obj.kind} is not scalable`))
      continue
    }
    const spec: Record<string, unknown> = {
      maxReplicas: max,
      scaleTargetRef: {
        apiVersion: apiVersionOf(t.info),
        kind: t.obj.kind,
        name: t.obj.metadata.name,
      },
    }
    if (min >= 0) spec.minReplicas = min
    if (cpu >= 0)
      spec.metrics = [
        {
          resource: { name: 'cpu', target: { averageUtilization: cpu, type: 'Utilization' } },
          type: 'Resource',
        },
      ]
    const hpa: KObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: {
        creationTimestamp: null as unknown as string,
        name: inv.flags.str('name') || t.obj.metadata.name,
      },
      spec,
      status: { currentMetrics: null, desiredReplicas: 0 },
    }
    try {
      createGenerated(inv, resourceById('horizontalpodautoscalers.autoscaling'), hpa, 'autoscaled')
    } catch (e) {
      errors.push(e)
    }
  }
  if (errors.length) throw errors.length === 1 ? errors[0] : new MultiError(errors)
  return 0
}

registerCommand('autoscale', autoscale, ['max'])

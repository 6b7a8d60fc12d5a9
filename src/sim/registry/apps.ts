// apps/v1 Deployment and ReplicaSet: defaulting (SetDefaults_*), validation and the update rules
// of pkg/registry/apps/{deployment,replicaset}/strategy.go.
import type { KObject, StatusCause } from '../api/types.ts'
import { fieldErr } from '../api/errors.ts'
import { registerStrategy } from '../apiserver/strategy.ts'
import { defaultPodTemplateSpec } from './podSpec.ts'
import {
  intOrPercentValue,
  notMoreThan100Percent,
  validatePositiveIntOrPercent,
} from './intOrPercent.ts'
import {
  immutableSelector,
  invalidGo,
  nonNegative,
  validateTemplateForReplicaSet,
  validateWorkloadSelector,
} from './replicaTemplate.ts'

function defaultDeployment(obj: KObject): void {
  obj.spec ??= {}
  const spec = obj.spec
  spec.replicas ??= 1
  spec.strategy ??= {}
  spec.strategy.type ||= 'RollingUpdate'
  if (spec.strategy.type === 'RollingUpdate') {
    spec.strategy.rollingUpdate ??= {}
    spec.strategy.rollingUpdate.maxUnavailable ??= '25%'
    spec.strategy.rollingUpdate.maxSurge ??= '25%'
  }
  spec.revisionHistoryLimit ??= 10
  spec.progressDeadlineSeconds ??= 600
  defaultPodTemplateSpec(spec.template, 'Deployment')
}

function goStrategy(strategy: any): string {
  const ru = strategy?.rollingUpdate
    ? '(*apps.RollingUpdateDeployment)(0xc000a2c1e0)'
    : '(*apps.RollingUpdateDeployment)(nil)'
  return `apps.DeploymentStrategy{Type:${JSON.stringify(strategy?.type ?? '')}, RollingUpdate:${ru}}`
}

/** ValidateDeploymentStrategy and ValidateRollingUpdateDeployment. */
function validateStrategy(strategy: any): StatusCause[] {
  const path = 'spec.strategy'
  switch (strategy?.type) {
    case 'Recreate':
      return strategy.rollingUpdate
        ? [
            fieldErr.forbidden(
              `${path}.rollingUpdate`,
              "may not be specified when strategy `type` is 'Recreate'",
            ),
          ]
        : []
    case 'RollingUpdate': {
      const ru = strategy.rollingUpdate
      if (!ru)
        return [
          fieldErr.required(`${path}.rollingUpdate`, 'this should be defaulted and never be nil'),
        ]
      const p = `${path}.rollingUpdate`
      const errs = [
        ...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`),
        ...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`),
      ]
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(
          invalidGo(
            `${p}.maxUnavailable`,
            String(ru.maxUnavailable),
            'may not be 0 when `maxSurge` is 0',
          ),
        )
      }
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`))
      return errs
    }
    default:
      return [
        {
          reason: 'FieldValueNotSupported',
          field: path,
          message: `Unsupported value: ${goStrategy(strategy)}: supported values: "Recreate", "RollingUpdate"`,
        },
      ]
  }
}

function validateDeployment(obj: KObject): StatusCause[] {
  const spec = obj.spec ?? {}
  const errs: StatusCause[] = [
    ...nonNegative(spec.replicas, 'spec.replicas'),
    ...validateWorkloadSelector(spec, 'spec'),
    ...validateTemplateForReplicaSet(spec, 'spec'),
    ...validateStrategy(spec.strategy),
    ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'),
  ]
  const pds = spec.progressDeadlineSeconds
  if (typeof pds === 'number') {
    errs.push(...nonNegative(pds, 'spec.progressDeadlineSeconds'))
    if (pds <= (spec.minReadySeconds ?? 0))
      errs.push(
        fieldErr.invalid(
          'spec.progressDeadlineSeconds',
          pds,
          'must be greater than minReadySeconds',
        ),
      )
  }
  return errs
}

function validateReplicaSet(obj: KObject): StatusCause[] {
  const spec = obj.spec ?? {}
  return [
    ...nonNegative(spec.replicas, 'spec.replicas'),
    ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...validateWorkloadSelector(spec, 'spec'),
    ...validateTemplateForReplicaSet(spec, 'spec'),
  ]
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? {}) === JSON.stringify(b ?? {})
}

registerStrategy('deployments.apps', {
  defaults: defaultDeployment,
  validate: validateDeployment,
  validateUpdate: (obj, old) => [...validateDeployment(obj), ...immutableSelector(obj, old)],
  prepareCreate(obj) {
    obj.status = {}
  },
  prepareUpdate(obj, old, ctx) {
    // Annotations are copied onto ReplicaSets, so a user changing them makes a new generation too.
    // The controller's own revision annotation travels with a status write upstream and does not.
    const specSame = sameJson(obj.spec, old.spec)
    if (ctx.fromUser && specSame && !sameJson(obj.metadata.annotations, old.metadata.annotations))
      obj.metadata.generation = (old.metadata.generation ?? 1) + 1
  },
})

registerStrategy('replicasets.apps', {
  defaults(obj) {
    obj.spec ??= {}
    obj.spec.replicas ??= 1
    defaultPodTemplateSpec(obj.spec.template, 'ReplicaSet')
  },
  validate: validateReplicaSet,
  validateUpdate: (obj, old) => [...validateReplicaSet(obj), ...immutableSelector(obj, old)],
  prepareCreate(obj) {
    obj.status = { replicas: 0 }
  },
})

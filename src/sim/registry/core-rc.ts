// core/v1 ReplicationController: SetDefaults_ReplicationController and ValidateReplicationController.
import type { KObject, StatusCause } from '../api/types.ts'
import { fieldErr } from '../api/errors.ts'
import { labelValue, qualifiedName } from '../api/names.ts'
import { registerStrategy } from '../apiserver/strategy.ts'
import { defaultPodTemplateSpec } from './podSpec.ts'
import { nonNegative, validateTemplateForRC } from './replicaTemplate.ts'

function defaultRC(obj: KObject): void {
  obj.spec ??= {}
  const spec = obj.spec
  // The template's labels stand in for a missing selector and missing object labels.
  const labels = spec.template?.metadata?.labels
  if (labels && typeof labels === 'object') {
    if (!spec.selector || Object.keys(spec.selector).length === 0) spec.selector = { ...labels }
    if (!obj.metadata.labels || Object.keys(obj.metadata.labels).length === 0)
      obj.metadata.labels = { ...labels }
  }
  spec.replicas ??= 1
  defaultPodTemplateSpec(spec.template, 'ReplicationController')
}

function validateRC(obj: KObject): StatusCause[] {
  const spec = obj.spec ?? {}
  const errs: StatusCause[] = [...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds')]
  const sel: Record<string, unknown> = spec.selector ?? {}
  if (Object.keys(sel).length === 0) errs.push(fieldErr.required('spec.selector'))
  for (const [k, v] of Object.entries(sel)) {
    for (const m of qualifiedName(k)) errs.push(fieldErr.invalid('spec.selector', k, m))
    for (const m of labelValue(String(v))) errs.push(fieldErr.invalid('spec.selector', v, m))
  }
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'))
  errs.push(...validateTemplateForRC(spec, 'spec'))
  return errs
}

registerStrategy('replicationcontrollers', {
  defaults: defaultRC,
  validate: validateRC,
  prepareCreate(obj) {
    obj.status = { replicas: 0 }
  },
})

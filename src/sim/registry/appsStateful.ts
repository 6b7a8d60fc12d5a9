// apps/v1 DaemonSet, StatefulSet and ControllerRevision: defaulting (SetDefaults_*), validation and
// the update rules of pkg/registry/apps/{daemonset,statefulset,controllerrevision}/strategy.go.
import type { KObject, StatusCause } from '../api/types.ts'
import { fieldErr } from '../api/errors.ts'
import { labelValue, qualifiedName } from '../api/names.ts'
import { registerStrategy } from '../apiserver/strategy.ts'
import { defaultPodTemplateSpec, validatePodTemplateSpec } from './podSpec.ts'
import {
  validatePositiveIntOrPercent,
  notMoreThan100Percent,
  intOrPercentValue,
} from './intOrPercent.ts'
import { immutableSelector, invalidGo, validateLabelSelector } from './replicaTemplate.ts'
import {
  nonNegative,
  oneOf,
  restartPolicyIn,
  validateSelectorAndLabels,
} from './workloadValidation.ts'
import { TEMPLATE_GENERATION_ANNOTATION } from '../controllers/daemonSetPods.ts'

function templateCauses(obj: KObject, kindWord: 'daemonset' | 'statefulset'): StatusCause[] {
  const causes: StatusCause[] = []
  const spec = obj.spec ?? {}
  if (spec.selector) causes.push(...validateLabelSelector(spec.selector, 'spec.selector'))
  validateSelectorAndLabels(spec.selector, spec.template?.metadata?.labels, kindWord, causes)
  if (kindWord === 'daemonset')
    causes.push(...validatePodTemplateSpec(spec.template, 'spec.template'))
  else if (!spec.template) causes.push(fieldErr.required('spec.template'))
  else {
    // ValidatePodTemplateSpecForStatefulSet checks only the template's labels: its volumes are
    // completed by the claim templates, so the pod spec is first validated when pods are created.
    for (const [k, v] of Object.entries(spec.template.metadata?.labels ?? {})) {
      for (const m of qualifiedName(k)) causes.push(fieldErr.invalid('spec.template.labels', k, m))
      for (const m of labelValue(String(v)))
        causes.push(fieldErr.invalid('spec.template.labels', v, m))
    }
  }
  if (spec.template) restartPolicyIn(spec.template, 'spec.template', ['Always'], causes)
  const ads = spec.template?.spec?.activeDeadlineSeconds
  if (ads !== undefined && ads !== null) {
    const f = 'spec.template.spec.activeDeadlineSeconds'
    causes.push(
      kindWord === 'daemonset'
        ? fieldErr.invalid(f, ads, 'activeDeadlineSeconds must be nil for daemonset')
        : fieldErr.forbidden(f, 'activeDeadlineSeconds in StatefulSet is not Supported'),
    )
  }
  return causes
}

// ---- DaemonSet -----------------------------------------------------------------------------

registerStrategy('daemonsets.apps', {
  defaults(obj) {
    const spec = (obj.spec = obj.spec ?? {})
    spec.updateStrategy = spec.updateStrategy ?? {}
    spec.updateStrategy.type ||= 'RollingUpdate'
    if (spec.updateStrategy.type === 'RollingUpdate') {
      spec.updateStrategy.rollingUpdate = spec.updateStrategy.rollingUpdate ?? {}
      spec.updateStrategy.rollingUpdate.maxUnavailable ??= 1
      spec.updateStrategy.rollingUpdate.maxSurge ??= 0
    }
    spec.revisionHistoryLimit ??= 10
    defaultPodTemplateSpec(spec.template, 'DaemonSet')
  },
  validate: (obj) => validateDaemonSet(obj),
  validateUpdate: (obj, old) => [...validateDaemonSet(obj), ...immutableSelector(obj, old)],
  prepareCreate(obj) {
    obj.metadata.annotations = {
      ...(obj.metadata.annotations ?? {}),
      [TEMPLATE_GENERATION_ANNOTATION]: '1',
    }
    obj.status = {
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
    }
  },
  prepareUpdate(obj, old) {
    // The template generation moves with every template change (apps/v1 keeps it in an annotation).
    const prev = Number(old.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? '1')
    const changed = JSON.stringify(obj.spec?.template) !== JSON.stringify(old.spec?.template)
    obj.metadata.annotations = {
      ...(obj.metadata.annotations ?? {}),
      [TEMPLATE_GENERATION_ANNOTATION]: String(changed ? prev + 1 : prev),
    }
  },
})

function validateDaemonSet(obj: KObject): StatusCause[] {
  const causes = templateCauses(obj, 'daemonset')
  const spec = obj.spec ?? {}
  nonNegative(obj, ['spec', 'minReadySeconds'], causes)
  nonNegative(obj, ['spec', 'revisionHistoryLimit'], causes)
  const us = spec.updateStrategy ?? {}
  oneOf('spec.updateStrategy.type', us.type, ['OnDelete', 'RollingUpdate'], causes)
  if (us.type === 'RollingUpdate') {
    const ru = us.rollingUpdate ?? {}
    const f = 'spec.updateStrategy.rollingUpdate'
    causes.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${f}.maxUnavailable`))
    causes.push(...notMoreThan100Percent(ru.maxUnavailable, `${f}.maxUnavailable`))
    causes.push(...validatePositiveIntOrPercent(ru.maxSurge, `${f}.maxSurge`))
    causes.push(...notMoreThan100Percent(ru.maxSurge, `${f}.maxSurge`))
    if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0)
      causes.push(
        invalidGo(
          `${f}.maxUnavailable`,
          String(ru.maxUnavailable ?? 0),
          'may not be 0 when maxSurge is 0',
        ),
      )
  }
  return causes
}

// ---- StatefulSet ---------------------------------------------------------------------------

registerStrategy('statefulsets.apps', {
  defaults(obj) {
    const spec = (obj.spec = obj.spec ?? {})
    spec.podManagementPolicy ||= 'OrderedReady'
    spec.updateStrategy = spec.updateStrategy ?? {}
    spec.updateStrategy.type ||= 'RollingUpdate'
    if (spec.updateStrategy.type === 'RollingUpdate') {
      spec.updateStrategy.rollingUpdate = spec.updateStrategy.rollingUpdate ?? {}
      spec.updateStrategy.rollingUpdate.partition ??= 0
    }
    spec.replicas ??= 1
    spec.revisionHistoryLimit ??= 10
    spec.persistentVolumeClaimRetentionPolicy = spec.persistentVolumeClaimRetentionPolicy ?? {}
    spec.persistentVolumeClaimRetentionPolicy.whenDeleted ||= 'Retain'
    spec.persistentVolumeClaimRetentionPolicy.whenScaled ||= 'Retain'
    for (const t of spec.volumeClaimTemplates ?? []) {
      t.apiVersion ??= 'v1'
      t.kind ??= 'PersistentVolumeClaim'
      t.metadata = { creationTimestamp: null, ...(t.metadata ?? {}) }
      t.spec = t.spec ?? {}
      t.spec.volumeMode ??= 'Filesystem'
      t.status = t.status ?? { phase: 'Pending' }
    }
    defaultPodTemplateSpec(spec.template, 'StatefulSet')
  },
  validate: (obj) => validateStatefulSet(obj),
  validateUpdate(obj, old) {
    const causes = validateStatefulSet(obj)
    // Only these fields may change (ValidateStatefulSetUpdate).
    const mutable = [
      'replicas',
      'ordinals',
      'template',
      'updateStrategy',
      'persistentVolumeClaimRetentionPolicy',
      'minReadySeconds',
    ]
    const strip = (s: any): string => {
      const copy = { ...(s ?? {}) }
      for (const k of mutable) delete copy[k]
      return JSON.stringify(copy, Object.keys(copy).sort())
    }
    if (strip(obj.spec) !== strip(old.spec))
      causes.push(
        fieldErr.forbidden(
          'spec',
          "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        ),
      )
    return causes
  },
  prepareCreate(obj) {
    obj.status = { replicas: 0, availableReplicas: 0 }
  },
})

function validateStatefulSet(obj: KObject): StatusCause[] {
  const causes = templateCauses(obj, 'statefulset')
  const spec = obj.spec ?? {}
  oneOf('spec.podManagementPolicy', spec.podManagementPolicy, ['OrderedReady', 'Parallel'], causes)
  const us = spec.updateStrategy ?? {}
  oneOf('spec.updateStrategy.type', us.type, ['OnDelete', 'RollingUpdate'], causes)
  if (us.type === 'OnDelete' && us.rollingUpdate)
    causes.push(
      fieldErr.invalid(
        'spec.updateStrategy.rollingUpdate',
        us.rollingUpdate,
        "only allowed for updateStrategy 'RollingUpdate'",
      ),
    )
  nonNegative(obj, ['spec', 'updateStrategy', 'rollingUpdate', 'partition'], causes)
  nonNegative(obj, ['spec', 'replicas'], causes)
  nonNegative(obj, ['spec', 'minReadySeconds'], causes)
  nonNegative(obj, ['spec', 'ordinals', 'start'], causes)
  const policy = spec.persistentVolumeClaimRetentionPolicy ?? {}
  oneOf(
    'spec.persistentVolumeClaimRetentionPolicy.whenDeleted',
    policy.whenDeleted,
    ['Retain', 'Delete'],
    causes,
  )
  oneOf(
    'spec.persistentVolumeClaimRetentionPolicy.whenScaled',
    policy.whenScaled,
    ['Retain', 'Delete'],
    causes,
  )
  return causes
}

// ---- ControllerRevision ------------------------------------------------------------------------

registerStrategy('controllerrevisions.apps', {
  validate(obj) {
    const causes: StatusCause[] = []
    if (obj.revision === undefined || obj.revision === null)
      causes.push(fieldErr.required('revision'))
    else nonNegative({ spec: obj }, ['spec', 'revision'], causes)
    for (const c of causes) if (c.field === 'spec.revision') c.field = 'revision'
    return causes
  },
  validateUpdate(obj, old) {
    if (JSON.stringify(obj.data) !== JSON.stringify(old.data))
      return [invalidGo('data', goRawExtension(obj.data), 'field is immutable')]
    return []
  },
})

/** %#v of a runtime.RawExtension holding JSON, as field.Invalid prints it. */
function goRawExtension(data: unknown): string {
  const bytes = [...new TextEncoder().encode(JSON.stringify(data ?? null))]
  return `runtime.RawExtension{Raw:[]uint8{${bytes.map((b) => '0x' + b.toString(16)).join(', ')}}, Object:runtime.Object(nil)}`
}

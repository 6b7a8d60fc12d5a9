import type { KObject, StatusCause } from '../api/types.ts'
import { fieldErr } from '../api/errors.ts'
import { registerStrategy } from '../apiserver/strategy.ts'
import { CronParseError, isKnownZone, parseSchedule } from '../controllers/cronSchedule.ts'
import { defaultPodTemplateSpec, validatePodTemplateSpec } from './podSpec.ts'
import { goLabelSelector } from './goFormat.ts'
import { validateLabelSelector } from './replicaTemplate.ts'
import {
  immutable,
  nonNegative,
  oneOf,
  restartPolicyIn,
  validateSelectorAndLabels,
} from './workloadValidation.ts'

const UID_LABEL = 'batch.kubernetes.io/controller-uid'
const NAME_LABEL = 'batch.kubernetes.io/job-name'

/** SetDefaults_Job (batch/v1, v1.32). */
function defaultJobSpec(spec: any): void {
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1
    spec.parallelism = 1
  }
  if (spec.parallelism === undefined) spec.parallelism = 1
  if (spec.backoffLimit === undefined)
    spec.backoffLimit = spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6
  spec.completionMode ??= 'NonIndexed'
  spec.suspend ??= false
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed'
  spec.manualSelector ??= false
}

/** ValidateJobSpec for a Job (`spec`) or a CronJob's job template (`spec.jobTemplate.spec`). */
function validateJobSpec(
  spec: any,
  path: string,
  causes: StatusCause[],
  isTemplate: boolean,
): void {
  const counts: StatusCause[] = []
  for (const f of [
    'parallelism',
    'completions',
    'activeDeadlineSeconds',
    'backoffLimit',
    'ttlSecondsAfterFinished',
  ])
    nonNegative({ spec }, ['spec', f], counts)
  for (const c of counts) causes.push({ ...c, field: path + c.field!.slice(4) })
  for (const f of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
    const v = spec[f]
    if (typeof v === 'number' && v < 0)
      causes.push(fieldErr.invalid(`${path}.${f}`, v, 'must be greater than or equal to 0'))
  }
  if (spec.maxFailedIndexes !== undefined && spec.backoffLimitPerIndex === undefined)
    causes.push(
      fieldErr.required(`${path}.backoffLimitPerIndex`, 'when maxFailedIndexes is specified'),
    )
  if (spec.backoffLimitPerIndex !== undefined && spec.completionMode !== 'Indexed')
    causes.push(
      fieldErr.invalid(
        `${path}.backoffLimitPerIndex`,
        spec.backoffLimitPerIndex,
        'requires indexed completion mode',
      ),
    )
  if (spec.successPolicy && spec.completionMode !== 'Indexed')
    causes.push(fieldErr.invalid(`${path}.successPolicy`, '', 'requires indexed completion mode'))
  ;(spec.successPolicy?.rules ?? []).forEach((r: any, i: number) => {
    if (r?.succeededIndexes === undefined && r?.succeededCount === undefined)
      causes.push(
        fieldErr.required(
          `${path}.successPolicy.rules[${i}]`,
          'at least one of succeededCount or succeededIndexes must be specified',
        ),
      )
  })
  oneOf(`${path}.completionMode`, spec.completionMode, ['NonIndexed', 'Indexed'], causes)
  if (
    spec.completionMode === 'Indexed' &&
    (spec.completions === undefined || spec.completions === null)
  )
    causes.push(fieldErr.required(`${path}.completions`, 'when completion mode is Indexed'))
  oneOf(
    `${path}.podReplacementPolicy`,
    spec.podReplacementPolicy,
    ['TerminatingOrFailed', 'Failed'],
    causes,
  )
  causes.push(...validatePodTemplateSpec(spec.template, `${path}.template`))
  if (spec.template)
    restartPolicyIn(spec.template, `${path}.template`, ['OnFailure', 'Never'], causes)
  validateFailurePolicy(spec, path, causes)
  if (!isTemplate && spec.manualSelector === true) {
    if (spec.selector) causes.push(...validateLabelSelector(spec.selector, 'spec.selector'))
    validateSelectorAndLabels(spec.selector, spec.template?.metadata?.labels, 'job', causes)
  }
}

/** validatePodFailurePolicy: the rule shapes the v1.32 API server accepts. */
function validateFailurePolicy(spec: any, path: string, causes: StatusCause[]): void {
  const policy = spec.podFailurePolicy
  if (!policy) return
  const rp = spec.template?.spec?.restartPolicy
  if (rp !== 'Never')
    causes.push(
      fieldErr.invalid(
        `${path}.template.spec.restartPolicy`,
        rp ?? 'Always',
        'only "Never" is supported when podFailurePolicy is specified',
      ),
    )
  const rules: any[] = policy.rules ?? []
  if (rules.length > 20)
    causes.push({
      reason: 'FieldValueTooMany',
      field: `${path}.podFailurePolicy.rules`,
      message: `Too many: ${rules.length}: must have at most 20 items`,
    })
  rules.forEach((r, i) => {
    const f = `${path}.podFailurePolicy.rules[${i}]`
    const actions = ['Count', 'FailIndex', 'FailJob', 'Ignore']
    if (!r?.action) causes.push(fieldErr.required(`${f}.action`))
    else if (!actions.includes(r.action))
      causes.push(fieldErr.notSupported(`${f}.action`, r.action, actions))
    if (r?.action === 'FailIndex' && spec.backoffLimitPerIndex === undefined)
      causes.push(
        fieldErr.invalid(`${f}.action`, r.action, 'requires the backoffLimitPerIndex to be set'),
      )
    if (r?.onExitCodes && r?.onPodConditions)
      causes.push(
        fieldErr.invalid(f, '', 'specifying both OnExitCodes and OnPodConditions is not supported'),
      )
    else if (!r?.onExitCodes && !r?.onPodConditions)
      causes.push(
        fieldErr.invalid(f, '', 'specifying one of OnExitCodes and OnPodConditions is required'),
      )
    const ec = r?.onExitCodes
    if (ec) {
      if (!['In', 'NotIn'].includes(ec.operator))
        causes.push(
          fieldErr.notSupported(`${f}.onExitCodes.operator`, ec.operator ?? '', ['In', 'NotIn']),
        )
      const values: number[] = ec.values ?? []
      if (values.length === 0) causes.push(fieldErr.required(`${f}.onExitCodes.values`))
      values.forEach((v, j) => {
        if (ec.operator === 'In' && v === 0)
          causes.push(
            fieldErr.invalid(
              `${f}.onExitCodes.values[${j}]`,
              v,
              'must not be 0 for the In operator',
            ),
          )
      })
    }
  })
}

registerStrategy('jobs.batch', {
  defaults(obj) {
    obj.spec = obj.spec ?? {}
    defaultJobSpec(obj.spec)
    defaultPodTemplateSpec(obj.spec.template, 'Job')
  },
  validate(obj) {
    const causes: StatusCause[] = []
    const spec = obj.spec ?? {}
    if (spec.manualSelector !== true && spec.selector) {
      const keys = Object.keys(spec.selector.matchLabels ?? {})
      const generatedOnly =
        keys.length === 1 && keys[0] === UID_LABEL && !(spec.selector.matchExpressions ?? []).length
      if (!generatedOnly)
        causes.push({
          reason: 'FieldValueInvalid',
          field: 'spec.selector',
          message: `Invalid value: ${goLabelSelector(spec.selector)}: \`selector\` not auto-generated`,
        })
    }
    validateJobSpec(spec, 'spec', causes, false)
    return causes
  },
  validateUpdate(obj, old) {
    const causes: StatusCause[] = []
    validateJobSpec(obj.spec ?? {}, 'spec', causes, false)
    const s = obj.spec ?? {}
    const o = old.spec ?? {}
    immutable('spec.selector', s.selector, o.selector, causes)
    immutable('spec.completionMode', s.completionMode, o.completionMode, causes)
    // Indexed Jobs may change completions together with parallelism (elastic Indexed Jobs).
    const elastic = s.completionMode === 'Indexed' && s.completions === s.parallelism
    if (!elastic) immutable('spec.completions', s.completions, o.completions, causes)
    // A suspended Job that never started may change its template's scheduling directives; keep the
    // rest fixed as upstream does.
    if (
      JSON.stringify(s.template) !== JSON.stringify(o.template) &&
      !(o.suspend && !old.status?.startTime)
    )
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'spec.template',
        message: `Invalid value: ${JSON.stringify(s.template)}: field is immutable`,
      })
    return causes
  },
  prepareCreate(obj) {
    const spec = obj.spec
    const uid = obj.metadata.uid!
    if (spec.manualSelector !== true) {
      // generateSelector: the controller-uid selector and the labels it selects.
      spec.selector = {
        ...(spec.selector ?? {}),
        matchLabels: { ...(spec.selector?.matchLabels ?? {}), [UID_LABEL]: uid },
      }
      spec.template = { ...(spec.template ?? {}) }
      spec.template.metadata = { ...(spec.template.metadata ?? {}) }
      spec.template.metadata.labels = {
        ...(spec.template.metadata.labels ?? {}),
        [UID_LABEL]: uid,
        [NAME_LABEL]: obj.metadata.name!,
        'controller-uid': uid,
        'job-name': obj.metadata.name!,
      }
    }
    // Defaulting on read fills a Job's empty labels from its (now generated) template labels.
    if (!obj.metadata.labels || Object.keys(obj.metadata.labels).length === 0)
      obj.metadata.labels = { ...(spec.template?.metadata?.labels ?? {}) }
    obj.status = {}
  },
})

/** CronJob names become job names plus an 11-character suffix, so they are capped at 52. */
const CRONJOB_NAME_MAX = 52

registerStrategy('cronjobs.batch', {
  defaults(obj) {
    const spec = (obj.spec = obj.spec ?? {})
    spec.concurrencyPolicy ??= 'Allow'
    spec.suspend ??= false
    spec.successfulJobsHistoryLimit ??= 3
    spec.failedJobsHistoryLimit ??= 1
    defaultPodTemplateSpec(spec.jobTemplate?.spec?.template, 'CronJob')
  },
  validate(obj) {
    return validateCronJob(obj)
  },
  validateUpdate(obj) {
    return validateCronJob(obj)
  },
  prepareCreate(obj) {
    obj.status = {}
  },
})

function validateCronJob(obj: KObject): StatusCause[] {
  const causes: StatusCause[] = []
  const name = obj.metadata.name ?? ''
  if (name.length > CRONJOB_NAME_MAX)
    causes.push(
      fieldErr.invalid(
        'metadata.name',
        name,
        `must be no more than ${CRONJOB_NAME_MAX} characters`,
      ),
    )
  const spec = obj.spec ?? {}
  if (!spec.schedule) causes.push(fieldErr.required('spec.schedule'))
  else {
    try {
      parseSchedule(spec.schedule)
    } catch (e) {
      if (!(e instanceof CronParseError)) throw e
      causes.push(fieldErr.invalid('spec.schedule', spec.schedule, e.message))
    }
    if (spec.schedule.includes('TZ'))
      causes.push(
        fieldErr.invalid(
          'spec.schedule',
          spec.schedule,
          'cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
        ),
      )
  }
  if (spec.timeZone !== undefined && spec.timeZone !== null) {
    if (String(spec.timeZone).toLowerCase() === 'local')
      causes.push(
        fieldErr.invalid(
          'spec.timeZone',
          spec.timeZone,
          'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
        ),
      )
    else if (!isKnownZone(spec.timeZone))
      causes.push(
        fieldErr.invalid('spec.timeZone', spec.timeZone, `unknown time zone ${spec.timeZone}`),
      )
  }
  nonNegative(obj, ['spec', 'startingDeadlineSeconds'], causes)
  nonNegative(obj, ['spec', 'successfulJobsHistoryLimit'], causes)
  nonNegative(obj, ['spec', 'failedJobsHistoryLimit'], causes)
  oneOf('spec.concurrencyPolicy', spec.concurrencyPolicy, ['Allow', 'Forbid', 'Replace'], causes)
  validateJobSpec(spec.jobTemplate?.spec ?? {}, 'spec.jobTemplate.spec', causes, true)
  return causes
}

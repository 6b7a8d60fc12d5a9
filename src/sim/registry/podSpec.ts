import type { StatusCause } from '../api/types.ts'
import { fieldErr } from '../api/errors.ts'
import { dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from '../api/names.ts'
import { badRequest } from '../api/errors.ts'
import { findBadQuantity, validateContainers, validateVolumes } from './podContainers.ts'
import { QUANTITY_REGEX_MESSAGE } from './quantity.ts'

/**
 * Pod spec defaulting and validation shared by Pods and every workload's pod template
 * (pkg/apis/core/v1/defaults.go and pkg/apis/core/validation ValidatePodSpec, v1.32).
 */

type Spec = Record<string, any>

/** Image pull policy default: `Always` for `:latest` or no tag, otherwise `IfNotPresent`. */
export function defaultPullPolicy(image: string | undefined): string {
  const ref = image ?? ''
  if (ref.includes('@')) return 'IfNotPresent'
  const lastSlash = ref.lastIndexOf('/')
  const colon = ref.indexOf(':', lastSlash + 1)
  const tag = colon < 0 ? 'latest' : ref.slice(colon + 1)
  return tag === 'latest' ? 'Always' : 'IfNotPresent'
}

function defaultProbe(p: Spec | undefined): void {
  if (!p || typeof p !== 'object') return
  p.timeoutSeconds ??= 1
  p.periodSeconds ??= 10
  p.successThreshold ??= 1
  p.failureThreshold ??= 3
  if (p.httpGet && typeof p.httpGet === 'object') {
    p.httpGet.path ??= '/'
    p.httpGet.scheme ??= 'HTTP'
  }
  if (p.grpc && typeof p.grpc === 'object') p.grpc.service ??= ''
}

function defaultContainer(c: Spec): void {
  if (!c || typeof c !== 'object') return
  if (c.image !== undefined || c.imagePullPolicy === undefined)
    c.imagePullPolicy ??= defaultPullPolicy(c.image)
  c.terminationMessagePath ??= '/dev/termination-log'
  c.terminationMessagePolicy ??= 'File'
  c.resources ??= {}
  if (Array.isArray(c.ports))
    for (const p of c.ports) if (p && typeof p === 'object') p.protocol ??= 'TCP'
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[probe])
  if (Array.isArray(c.env)) {
    for (const e of c.env) {
      const ref = e?.valueFrom?.fieldRef
      if (ref && typeof ref === 'object') ref.apiVersion ??= 'v1'
    }
  }
}

function defaultVolume(v: Spec): void {
  if (!v || typeof v !== 'object') return
  const sources = Object.keys(v).filter((k) => k !== 'name')
  if (sources.length === 0) v.emptyDir = {}
  for (const kind of ['configMap', 'secret', 'downwardAPI', 'projected']) {
    if (v[kind] && typeof v[kind] === 'object') v[kind].defaultMode ??= 420
  }
  if (v.hostPath && typeof v.hostPath === 'object') v.hostPath.type ??= ''
  for (const src of v.projected?.sources ?? []) {
    const fr = src?.downwardAPI?.items
    if (Array.isArray(fr)) for (const it of fr) if (it?.fieldRef) it.fieldRef.apiVersion ??= 'v1'
  }
  if (Array.isArray(v.downwardAPI?.items)) {
    for (const it of v.downwardAPI.items) if (it?.fieldRef) it.fieldRef.apiVersion ??= 'v1'
  }
}

/**
 * SetDefaults_PodSpec and the nested container/volume defaults; idempotent, mutates `spec`.
 * With `kind` (e.g. `Deployment`), a malformed resource quantity throws the decode error the API
 * server returns before anything else runs.
 */
export function defaultPodSpec(spec: Spec | undefined, kind?: string): void {
  if (!spec || typeof spec !== 'object') return
  if (kind && findBadQuantity(spec) !== undefined) {
    throw badRequest(
      `${kind} in version "v1" cannot be handled as a ${kind}: ${QUANTITY_REGEX_MESSAGE}`,
    )
  }
  spec.dnsPolicy ??= 'ClusterFirst'
  spec.restartPolicy ??= 'Always'
  spec.schedulerName ??= 'default-scheduler'
  spec.securityContext ??= {}
  spec.terminationGracePeriodSeconds ??= 30
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
    if (Array.isArray(spec[list])) for (const c of spec[list]) defaultContainer(c)
  }
  if (Array.isArray(spec.volumes)) for (const v of spec.volumes) defaultVolume(v)
  if (spec.hostNetwork === true && Array.isArray(spec.containers)) {
    for (const c of spec.containers)
      for (const p of c?.ports ?? [])
        if (p && p.hostPort === undefined) p.hostPort = p.containerPort
  }
}

/** Defaults for a workload's `spec.template` (metadata plus a defaulted pod spec). */
export function defaultPodTemplateSpec(template: Spec | undefined, kind?: string): void {
  if (!template || typeof template !== 'object') return
  template.metadata ??= {}
  template.metadata.creationTimestamp ??= null
  defaultPodSpec(template.spec, kind)
}

/** Defaults that apply to Pod objects only (SetDefaults_Pod): requests copied from limits, service links. */
export function defaultPodOnly(spec: Spec | undefined): void {
  if (!spec || typeof spec !== 'object') return
  for (const list of ['containers', 'initContainers']) {
    for (const c of spec[list] ?? []) {
      const limits = c?.resources?.limits
      if (!limits || typeof limits !== 'object') continue
      const requests = { ...(c.resources.requests ?? {}) }
      for (const [k, v] of Object.entries(limits)) if (requests[k] === undefined) requests[k] = v
      c.resources.requests = requests
    }
  }
  spec.enableServiceLinks ??= true
}

const RESTART = ['Always', 'OnFailure', 'Never']
const DNS = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']
const TOLERATION_OPS = ['Equal', 'Exists']
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute']

export interface PodSpecOptions {
  /** Pods (not templates) also check image whitespace and required images. */
  forPod?: boolean
}

/** ValidatePodSpec: field errors at `path` (e.g. `spec` or `spec.template.spec`). */
export function validatePodSpec(
  spec: Spec | undefined,
  path = 'spec',
  opts: PodSpecOptions = {},
): StatusCause[] {
  if (!spec || typeof spec !== 'object') return [fieldErr.required(`${path}.containers`)]
  const errs: StatusCause[] = []
  const volumes = validateVolumes(spec.volumes, `${path}.volumes`, errs)
  validateContainers(spec, path, volumes, errs, opts.forPod ?? false)
  if (spec.restartPolicy !== undefined && !RESTART.includes(spec.restartPolicy))
    errs.push(fieldErr.notSupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART))
  if (spec.dnsPolicy !== undefined && !DNS.includes(spec.dnsPolicy))
    errs.push(fieldErr.notSupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS))
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) {
    for (const m of qualifiedName(k)) errs.push(fieldErr.invalid(`${path}.nodeSelector`, k, m))
    for (const m of labelValue(String(v))) errs.push(fieldErr.invalid(`${path}.nodeSelector`, v, m))
  }
  if (spec.serviceAccountName) {
    for (const m of dns1123Subdomain(spec.serviceAccountName))
      errs.push(fieldErr.invalid(`${path}.serviceAccountName`, spec.serviceAccountName, m))
  }
  if (spec.nodeName) {
    for (const m of dns1123Subdomain(spec.nodeName))
      errs.push(fieldErr.invalid(`${path}.nodeName`, spec.nodeName, m))
  }
  const ads = spec.activeDeadlineSeconds
  if (ads !== undefined && (typeof ads !== 'number' || ads < 1 || ads > 2147483647)) {
    errs.push(
      fieldErr.invalid(
        `${path}.activeDeadlineSeconds`,
        ads,
        'must be between 1 and 2147483647, inclusive',
      ),
    )
  }
  const tgps = spec.terminationGracePeriodSeconds
  if (tgps !== undefined && typeof tgps === 'number' && tgps < 0) {
    errs.push(
      fieldErr.invalid(
        `${path}.terminationGracePeriodSeconds`,
        tgps,
        'must be greater than or equal to 0',
      ),
    )
  }
  for (const f of ['hostname', 'subdomain']) {
    if (spec[f])
      for (const m of dns1123Label(spec[f])) errs.push(fieldErr.invalid(`${path}.${f}`, spec[f], m))
  }
  validateTolerations(spec.tolerations, `${path}.tolerations`, errs)
  return errs
}

function validateTolerations(list: unknown, path: string, errs: StatusCause[]): void {
  if (!Array.isArray(list)) return
  list.forEach((t: Spec, i) => {
    const p = `${path}[${i}]`
    if (t.key)
      for (const m of qualifiedName(t.key)) errs.push(fieldErr.invalid(`${p}.key`, t.key, m))
    const op = t.operator ?? 'Equal'
    if (!TOLERATION_OPS.includes(op)) {
      errs.push(fieldErr.notSupported(`${p}.operator`, op, TOLERATION_OPS))
    } else if (op === 'Exists' && t.value) {
      errs.push(
        fieldErr.invalid(`${p}.operator`, t, "value must be empty when `operator` is 'Exists'"),
      )
    } else if (op === 'Equal' && !t.key && t.value !== undefined) {
      errs.push(
        fieldErr.invalid(
          `${p}.operator`,
          op,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      )
    }
    if (t.effect && !TAINT_EFFECTS.includes(t.effect))
      errs.push(fieldErr.notSupported(`${p}.effect`, t.effect, TAINT_EFFECTS))
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      errs.push(
        fieldErr.invalid(
          `${p}.effect`,
          t.effect ?? '',
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      )
    }
  })
}

/** ValidatePodTemplateSpec: template labels plus the pod spec at `path.spec`. */
export function validatePodTemplateSpec(
  template: Spec | undefined,
  path = 'spec.template',
): StatusCause[] {
  if (!template || typeof template !== 'object') return [fieldErr.required(path)]
  const errs: StatusCause[] = []
  for (const [k, v] of Object.entries(template.metadata?.labels ?? {})) {
    for (const m of qualifiedName(k)) errs.push(fieldErr.invalid(`${path}.metadata.labels`, k, m))
    for (const m of labelValue(String(v)))
      errs.push(fieldErr.invalid(`${path}.metadata.labels`, v, m))
  }
  errs.push(...validatePodSpec(template.spec, `${path}.spec`))
  return errs
}

import type { KObject, StatusCause } from '../api/types.ts'
import { fieldErr } from '../api/errors.ts'
import { dns1123Label, dns1123Subdomain } from '../api/names.ts'
import { registerStrategy } from '../apiserver/strategy.ts'
import { requestUser } from './requestUser.ts'

/**
 * CertificateSigningRequests (certificates.k8s.io/v1) as kube-apiserver 1.32 stores them: the
 * requestor is the authenticated user, never what the request claims; a new request has no status;
 * the main resource changes only metadata (approval and status have their own subresources).
 * No signer runs in the simulated cluster, so status.certificate is never filled in.
 */
export const CSR = 'certificatesigningrequests.certificates.k8s.io'

const USAGES = [
  'signing',
  'digital signature',
  'content commitment',
  'key encipherment',
  'key agreement',
  'data encipherment',
  'cert sign',
  'crl sign',
  'encipher only',
  'decipher only',
  'any',
  'server auth',
  'client auth',
  'code signing',
  'email protection',
  's/mime',
  'ipsec end system',
  'ipsec tunnel',
  'ipsec user',
  'timestamping',
  'ocsp signing',
  'microsoft sgc',
  'netscape sgc',
].sort()

/** Spec keys in the order the API server writes them. */
const SPEC_ORDER = ['request', 'signerName', 'expirationSeconds', 'usages', 'username', 'groups']

/** Condition types that may only be True, and the ones approval sets. */
const TRUE_ONLY = ['Approved', 'Denied', 'Failed']

/** What an update path may do beyond the main resource (validation's certificateValidationOptions). */
export interface ConditionRules {
  allowSettingApprovalConditions: boolean
}

/** The request as bytes: JSON carries it base64, as Go's []byte. */
function requestBytes(obj: KObject): Uint8Array {
  try {
    return Uint8Array.from(atob(String(obj.spec?.request ?? '')), (c) => c.charCodeAt(0))
  } catch {
    return new Uint8Array()
  }
}

/** How field.Invalid prints a []byte: Go's %#v. */
function goBytes(b: Uint8Array): string {
  return `[]byte{${Array.from(b, (x) => '0x' + x.toString(16)).join(', ')}}`
}

/**
 * certificates.ParseCSR's first check: the PEM block must be a CERTIFICATE REQUEST. The PKCS#10
 * contents and their signature are not checked here (no X.509 in the simulated API server).
 */
function requestError(bytes: Uint8Array): string | undefined {
  const text = new TextDecoder().decode(bytes)
  const m = text.match(/-----BEGIN ([^\n-]+)-----\r?\n[\s\S]*?-----END \1-----/)
  if (!m || m[1] !== 'CERTIFICATE REQUEST') return 'PEM block type must be CERTIFICATE REQUEST'
  return undefined
}

function signerNameCauses(path: string, signer: string): StatusCause[] {
  if (!signer) return [fieldErr.required(path, 'signerName must be provided')]
  const segments = signer.split('/')
  if (segments.length !== 2)
    return [
      fieldErr.invalid(
        path,
        signer,
        "must be a fully qualified domain and path of the form 'example.com/signer-name'",
      ),
    ]
  const out: StatusCause[] = []
  const [domain, rest] = segments
  if (domain.length > 253) out.push(fieldErr.tooLong(path, 253))
  const labels = domain.split('.')
  for (const lbl of labels) {
    const errs = dns1123Label(lbl)
    for (const e of errs)
      out.push(fieldErr.invalid(path, domain, `validating label "${lbl}": ${e}`))
    if (errs.length) break
  }
  if (labels.length < 2)
    out.push(
      fieldErr.invalid(
        path,
        domain,
        'should be a domain with at least two segments separated by dots',
      ),
    )
  for (const lbl of rest.split('.')) {
    const errs = dns1123Subdomain(lbl)
    for (const e of errs) out.push(fieldErr.invalid(path, rest, `validating label "${lbl}": ${e}`))
    if (errs.length) break
  }
  if (signer.length > 571) out.push(fieldErr.tooLong(path, 571))
  return out
}

function specCauses(obj: KObject, old?: KObject): StatusCause[] {
  const spec = obj.spec ?? {}
  const out: StatusCause[] = []
  const bytes = requestBytes(obj)
  const bad = requestError(bytes)
  if (bad)
    out.push({
      reason: 'FieldValueInvalid',
      field: 'spec.request',
      message: `Invalid value: ${goBytes(bytes)}: ${bad}`,
    })
  const usages: string[] = spec.usages ?? []
  if (!usages.length) out.push(fieldErr.required('spec.usages', 'usages must be provided'))
  // Problems the stored object already has are tolerated, for compatibility.
  const oldUsages: string[] = old?.spec?.usages ?? []
  if (!oldUsages.some((u) => !USAGES.includes(u)))
    usages.forEach((u, i) => {
      if (!USAGES.includes(u)) out.push(fieldErr.notSupported(`spec.usages[${i}]`, u, USAGES))
    })
  if (new Set(oldUsages).size === oldUsages.length)
    usages.forEach((u, i) => {
      if (usages.indexOf(u) < i) out.push(fieldErr.duplicate(`spec.usages[${i}]`, u))
    })
  const signer = String(spec.signerName ?? '')
  if (signer === 'kubernetes.io/legacy-unknown' && old?.spec?.signerName !== signer)
    out.push(
      fieldErr.invalid(
        'spec.signerName',
        signer,
        'the legacy signerName is not allowed via this API version',
      ),
    )
  else if (signer !== 'kubernetes.io/legacy-unknown')
    out.push(...signerNameCauses('spec.signerName', signer))
  const exp = spec.expirationSeconds
  if (typeof exp === 'number' && exp < 600)
    out.push(
      fieldErr.invalid(
        'spec.expirationSeconds',
        exp,
        'may not specify a duration less than 600 seconds (10 minutes)',
      ),
    )
  return out
}

type Condition = Record<string, any>

const conditionsOf = (o: KObject | undefined): Condition[] => o?.status?.conditions ?? []

function conditionCauses(obj: KObject, old: KObject | undefined): StatusCause[] {
  const out: StatusCause[] = []
  const before = conditionsOf(old)
  const hadBoth =
    before.some((c) => c.type === 'Approved') && before.some((c) => c.type === 'Denied')
  const hadDuplicates = new Set(before.map((c) => c.type)).size !== before.length
  const hadEmpty = before.some((c) => !c.type)
  const seen = new Set<string>()
  let approved = false
  let denied = false
  conditionsOf(obj).forEach((c, i) => {
    const path = `status.conditions[${i}]`
    if (!c.type && !hadEmpty) out.push(fieldErr.required(`${path}.type`))
    const allowed = TRUE_ONLY.includes(c.type) ? ['True'] : ['False', 'True', 'Unknown']
    if (!c.status) out.push(fieldErr.required(`${path}.status`))
    else if (!allowed.includes(c.status))
      out.push(fieldErr.notSupported(`${path}.status`, c.status, allowed))
    if (!hadBoth) {
      if (c.type === 'Approved') {
        approved = true
        if (denied)
          out.push(
            fieldErr.invalid(
              `${path}.type`,
              c.type,
              'Approved and Denied conditions are mutually exclusive',
            ),
          )
      } else if (c.type === 'Denied') {
        denied = true
        if (approved)
          out.push(
            fieldErr.invalid(
              `${path}.type`,
              c.type,
              'Approved and Denied conditions are mutually exclusive',
            ),
          )
      }
    }
    if (!hadDuplicates) {
      if (seen.has(c.type)) out.push(fieldErr.duplicate(`${path}.type`, c.type))
      seen.add(c.type)
    }
  })
  return out
}

/** Field errors for an update through the main resource or a subresource (validation.go). */
export function validateCsrUpdate(
  obj: KObject,
  old: KObject,
  rules: ConditionRules,
): StatusCause[] {
  const out = [...specCauses(obj, old), ...conditionCauses(obj, old)]
  const count = (o: KObject, t: string): Condition[] => conditionsOf(o).filter((c) => c.type === t)
  for (const t of ['Approved', 'Denied', 'Failed'])
    if (count(obj, t).length < count(old, t).length)
      out.push(
        fieldErr.forbidden(
          'status.conditions',
          `updates may not remove a condition of type "${t}"`,
        ),
      )
  if (!rules.allowSettingApprovalConditions)
    for (const t of ['Approved', 'Denied'])
      if (count(obj, t).length > count(old, t).length)
        out.push(
          fieldErr.forbidden('status.conditions', `updates may not add a condition of type "${t}"`),
        )
  return out
}

/** Fills lastUpdateTime and lastTransitionTime as the strategy does; a same type and status keeps its transition time. */
export function withConditionTimestamps(
  conditions: Condition[],
  old: KObject,
  now: string,
): Condition[] {
  return conditions.map((c) => {
    const prior = conditionsOf(old).find(
      (o) => o.type === c.type && o.status === c.status && o.lastTransitionTime,
    )
    // Keys in the order the API server writes a CertificateSigningRequestCondition.
    const out: Condition = {
      type: c.type,
      status: c.status,
      reason: c.reason,
      message: c.message,
      lastUpdateTime: c.lastUpdateTime || now,
      lastTransitionTime: c.lastTransitionTime || prior?.lastTransitionTime || now,
    }
    for (const k of Object.keys(out)) if (out[k] === undefined || out[k] === '') delete out[k]
    return out
  })
}

registerStrategy(CSR, {
  validate: (obj) => specCauses(obj),
  // Spec and status are kept from the stored object (prepareUpdate), so only metadata can change.
  validateUpdate: () => [],
  prepareCreate(obj, ctx) {
    const user = requestUser(ctx.api)
    const sent = { ...(obj.spec ?? {}), username: user.username, groups: user.groups }
    // The user's uid and extra are empty for certificate credentials; what was sent is dropped.
    const spec: Record<string, unknown> = {}
    for (const k of SPEC_ORDER) if (sent[k] !== undefined) spec[k] = sent[k]
    for (const k of Object.keys(sent))
      if (!(k in spec) && k !== 'uid' && k !== 'extra') spec[k] = sent[k]
    obj.spec = spec
    // Users cannot create pre-approved requests.
    obj.status = {}
  },
  prepareUpdate(obj, old) {
    obj.spec = old.spec
    obj.status = old.status
  },
})

import type { KObject, StatusCause } from '../api/types.ts'
import { badRequest, fieldErr, invalid } from '../api/errors.ts'
import { resourceById } from '../api/resources.ts'
import type { ApiServer, WriteResult } from '../apiserver/apiServer.ts'
import { CSR, validateCsrUpdate, withConditionTimestamps } from './certificates.ts'

/**
 * Writes through a CertificateSigningRequest's `approval` and `status` subresources, with the
 * strategies and validation kube-apiserver 1.32 uses for them:
 * - approval changes status.conditions only (kubectl certificate approve/deny, a signer's Failed);
 * - status changes the rest of status (status.certificate, other conditions) but keeps the
 *   Approved and Denied conditions as stored.
 */

export interface CsrWriteOptions {
  fieldManager?: string
  dryRun?: boolean
}

type Condition = Record<string, any>

function sentName(input: KObject, name: string): void {
  if (input?.metadata?.name !== name)
    throw badRequest(
      `the name of the object (${input?.metadata?.name}) does not match the name on the URL (${name})`,
    )
}

function write(
  api: ApiServer,
  old: KObject,
  input: KObject,
  status: Record<string, unknown>,
  causes: StatusCause[],
  opts: CsrWriteOptions & { managerSubresource?: 'approval' },
): WriteResult {
  const name = old.metadata.name ?? ''
  if (causes.length) throw invalid(resourceById(CSR), name, causes)
  const next: KObject = {
    ...old,
    metadata: { ...old.metadata, resourceVersion: input.metadata.resourceVersion },
    status,
  }
  return api.update(CSR, next, { ...opts, subresource: 'status' })
}

/** PUT …/certificatesigningrequests/NAME/approval. */
export function updateCsrApproval(
  api: ApiServer,
  name: string,
  input: KObject,
  opts: CsrWriteOptions = {},
): WriteResult {
  sentName(input, name)
  const old = api.get(CSR, undefined, name)
  const conditions = withConditionTimestamps(input.status?.conditions ?? [], old, api.now())
  const status: Record<string, unknown> = { ...(old.status ?? {}) }
  delete status.conditions
  const ordered = conditions.length ? { conditions, ...status } : status
  const candidate = { ...old, status: ordered }
  const causes = validateCsrUpdate(candidate, old, { allowSettingApprovalConditions: true })
  return write(api, old, input, ordered, causes, { ...opts, managerSubresource: 'approval' })
}

/** The stored Approved/Denied instances replace the sent ones when their count is unchanged. */
function keepApprovalConditions(sent: Condition[], old: KObject): Condition[] {
  const out = [...sent]
  for (const type of ['Approved', 'Denied']) {
    const before = (old.status?.conditions ?? []).filter((c: Condition) => c.type === type)
    const at = out.flatMap((c, i) => (c.type === type ? [i] : []))
    if (at.length === before.length) at.forEach((i, j) => (out[i] = before[j]))
  }
  return out
}

/** status.certificate as PEM text; the X.509 contents are not parsed in the simulated server. */
function certificateCauses(sent: string | undefined, old: KObject): StatusCause[] {
  const before: string | undefined = old.status?.certificate
  if ((sent ?? '') === (before ?? '')) return []
  if (before)
    return [
      fieldErr.forbidden(
        'status.certificate',
        'updates may not modify existing certificate content',
      ),
    ]
  if (!sent) return []
  let text: string
  try {
    text = atob(sent)
  } catch {
    text = ''
  }
  const blocks = [...text.matchAll(/-----BEGIN ([^\n-]+)-----/g)].map((m) => m[1])
  const wrong = blocks.find((b) => b !== 'CERTIFICATE')
  const detail = wrong
    ? `only CERTIFICATE PEM blocks are allowed, found "${wrong}"`
    : blocks.length
      ? undefined
      : 'must contain at least one CERTIFICATE PEM block'
  return detail ? [fieldErr.invalid('status.certificate', '<certificate data>', detail)] : []
}

/** PUT …/certificatesigningrequests/NAME/status. */
export function updateCsrStatus(
  api: ApiServer,
  name: string,
  input: KObject,
  opts: CsrWriteOptions = {},
): WriteResult {
  sentName(input, name)
  const old = api.get(CSR, undefined, name)
  const sent: Record<string, unknown> = { ...(input.status ?? {}) }
  const conditions = withConditionTimestamps(
    keepApprovalConditions((sent.conditions as Condition[]) ?? [], old),
    old,
    api.now(),
  )
  delete sent.conditions
  const status = conditions.length ? { conditions, ...sent } : sent
  const candidate = { ...old, status }
  const causes = [
    ...validateCsrUpdate(candidate, old, { allowSettingApprovalConditions: false }),
    ...certificateCauses(sent.certificate as string | undefined, old),
  ]
  return write(api, old, input, status, causes, opts)
}

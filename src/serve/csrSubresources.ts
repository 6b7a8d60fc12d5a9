import type { ApiRequestHead, ResponseSink } from './handler.ts'
import type { Sim } from '../sim/sim.ts'
import type { KObject } from '../sim/api/types.ts'
import { badRequest, methodNotAllowed } from '../sim/api/errors.ts'
import { applyPatch, type PatchType } from '../sim/apiserver/patch.ts'
import { updateCsrApproval, updateCsrStatus } from '../sim/registry/csrSubresources.ts'
import { sendJson } from './respond.ts'
import { asVersion, type ResourceTarget } from './resources.ts'
import { requestFieldManager } from './apply.ts'

const PATCH_TYPES: Record<string, PatchType> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
}

/** PUT and PATCH on a CertificateSigningRequest's `approval` or `status` (what kubectl certificate sends). */
export function handleCsrWrite(
  sim: Sim,
  req: ApiRequestHead,
  res: ResponseSink,
  url: URL,
  t: ResourceTarget,
  body: string,
): void {
  const name = t.name!
  let sent: unknown
  try {
    sent = JSON.parse(body)
  } catch {
    throw badRequest('the request body is not valid JSON')
  }
  let input: KObject
  if (req.method === 'PUT') input = sent as KObject
  else if (req.method === 'PATCH') {
    const type = PATCH_TYPES[(req.headers['content-type'] ?? '').split(';')[0].trim()]
    if (!type) throw badRequest('the body of the request was in an unknown format')
    input = applyPatch(type, sim.api.get(t.info.id, undefined, name), sent, t.info)
  } else throw methodNotAllowed('the server does not allow this method on the requested resource')
  const opts = {
    fieldManager: requestFieldManager(req, url),
    dryRun: url.searchParams.getAll('dryRun').includes('All'),
  }
  const write = t.subresource === 'approval' ? updateCsrApproval : updateCsrStatus
  const { object } = write(sim.api, name, input, opts)
  sendJson(res, 200, asVersion(object, t.info, t.version))
}

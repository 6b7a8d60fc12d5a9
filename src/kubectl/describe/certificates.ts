import type { KObject } from '../../sim/api/types.ts'
import { CliError } from '../cli/errors.ts'
import { humanDuration } from '../printers/age.ts'
import { formatLabels } from '../printers/columns/util.ts'
import { describeEvents, rfc1123z, searchEvents, type DescribeContext } from './common.ts'
import { parseCsr } from './csrRequest.ts'
import { tabbed, type PrefixWriter } from './writer.ts'

/** extractCSRStatus: Denied over Approved over Pending, then Failed and Issued. */
export function csrStatus(obj: KObject): string {
  const types = (obj.status?.conditions ?? []).map((c: { type?: string }) => c.type)
  let s = types.includes('Denied') ? 'Denied' : types.includes('Approved') ? 'Approved' : 'Pending'
  if (types.includes('Failed')) s += ',Failed'
  if (obj.status?.certificate) s += ',Issued'
  return s
}

function list(w: PrefixWriter, name: string, values: string[]): void {
  if (values.length) w.write(0, `\t${name}:\t${values.join('\n\t\t')}\n`)
}

/** CertificateSigningRequestDescriber (describe.go v0.32). */
export function describeCertificateSigningRequest(obj: KObject, ctx: DescribeContext): string {
  const spec = obj.spec ?? {}
  let cr
  try {
    cr = parseCsr(Uint8Array.from(atob(String(spec.request ?? '')), (c) => c.charCodeAt(0)))
  } catch (e) {
    throw new CliError(`Error parsing CSR: ${(e as Error).message}`)
  }
  const events = ctx.showEvents === false ? undefined : searchEvents(obj, ctx)
  return tabbed((w) => {
    w.write(0, `Name:\t${obj.metadata.name ?? ''}\n`)
    w.write(0, `Labels:\t${formatLabels(obj.metadata.labels)}\n`)
    w.write(0, `Annotations:\t${formatLabels(obj.metadata.annotations)}\n`)
    w.write(0, `CreationTimestamp:\t${rfc1123z(obj.metadata.creationTimestamp)}\n`)
    w.write(0, `Requesting User:\t${spec.username ?? ''}\n`)
    if (spec.signerName) w.write(0, `Signer:\t${spec.signerName}\n`)
    if (typeof spec.expirationSeconds === 'number')
      w.write(0, `Requested Duration:\t${humanDuration(spec.expirationSeconds * 1000)}\n`)
    w.write(0, `Status:\t${csrStatus(obj)}\n`)
    const s = cr.subject
    w.write(0, 'Subject:\n')
    w.write(0, `\tCommon Name:\t${s.commonName}\n`)
    w.write(0, `\tSerial Number:\t${s.serialNumber}\n`)
    list(w, 'Organization', s.organization)
    list(w, 'Organizational Unit', s.organizationalUnit)
    list(w, 'Country', s.country)
    list(w, 'Locality', s.locality)
    list(w, 'Province', s.province)
    list(w, 'StreetAddress', s.streetAddress)
    list(w, 'PostalCode', s.postalCode)
    if (cr.dnsNames.length + cr.emailAddresses.length + cr.ipAddresses.length + cr.uris.length) {
      w.write(0, 'Subject Alternative Names:\n')
      list(w, 'DNS Names', cr.dnsNames)
      list(w, 'Email Addresses', cr.emailAddresses)
      list(w, 'URIs', cr.uris)
      list(w, 'IP Addresses', cr.ipAddresses)
    }
    describeEvents(events, w, ctx.now)
  })
}

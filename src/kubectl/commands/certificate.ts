import type { KObject } from '../../sim/api/types.ts'
import { resourceById, type ResourceInfo } from '../../sim/api/resources.ts'
import { CSR } from '../../sim/registry/certificates.ts'
import { updateCsrApproval } from '../../sim/registry/csrSubresources.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError, MultiError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { readManifests } from '../resolve/files.ts'
import { lookupType } from '../resolve/types.ts'
import { emitResult } from './output.ts'

/**
 * kubectl certificate approve|deny: appends an Approved or Denied condition through the CSR's
 * approval subresource, as kubectl 1.32 does (certificates.go). No signer runs in the simulated
 * cluster, so an approved request is never issued a certificate.
 */

interface Verdict {
  /** The condition that makes this verdict impossible. */
  mustNotHave: 'Approved' | 'Denied'
  type: 'Approved' | 'Denied'
  reason: string
  message: string
  op: string
}

const APPROVE: Verdict = {
  mustNotHave: 'Denied',
  type: 'Approved',
  reason: 'KubectlApprove',
  message: 'This CSR was approved by kubectl certificate approve.',
  op: 'approved',
}

const DENY: Verdict = {
  mustNotHave: 'Approved',
  type: 'Denied',
  reason: 'KubectlDeny',
  message: 'This CSR was denied by kubectl certificate deny.',
  op: 'denied',
}

/** The objects named on the command line or in -f files, read live; failures are kept in order. */
function targets(inv: Invocation, csr: ResourceInfo): (KObject | Error)[] {
  const files = inv.flags.list('filename')
  const out: (KObject | Error)[] = []
  if (files.length) {
    for (const f of readManifests(inv.ctx, files, { recursive: inv.flags.bool('recursive') })) {
      const name = f.obj.metadata?.name ?? ''
      const ns = f.obj.metadata?.namespace
      if (f.info.namespaced && !ns) {
        // -f here sets no default namespace, so a namespaced object cannot even be read.
        const gv = `${f.info.group}/${f.info.versions[0]}`
        out.push(
          new Error(`no namespace set on resource ${gv}, Resource=${f.info.plural} "${name}"`),
        )
        continue
      }
      try {
        out.push(inv.api.get(f.info.id, ns, name))
      } catch (e) {
        out.push(e as Error)
      }
    }
    return out
  }
  for (const arg of inv.args) {
    const slash = arg.indexOf('/')
    const info = slash < 0 ? csr : (lookupType(arg.slice(0, slash)) ?? csr)
    const name = slash < 0 ? arg : arg.slice(slash + 1)
    try {
      out.push(inv.api.get(info.id, undefined, name))
    } catch (e) {
      out.push(e as Error)
    }
  }
  return out
}

function groupKind(obj: KObject): string {
  const [group] = (obj.apiVersion ?? '').includes('/') ? (obj.apiVersion ?? '').split('/') : ['']
  return group ? `${obj.kind}.${group}` : String(obj.kind)
}

function certificate(verdict: Verdict) {
  return (inv: Invocation): number => {
    const kustomize = inv.flags.str('kustomize')
    if (inv.args.length === 0 && inv.flags.list('filename').length === 0 && !kustomize)
      throw new CliError('one or more CSRs must be specified as <name> or -f <filename>')
    if (kustomize)
      throw new CliError(
        'kustomize is not available in this simulated cluster; run `kubectl kustomize` on a real machine and apply its output with -f',
      )
    inv.connect()
    const csr = resourceById(CSR)
    const force = inv.flags.bool('force')
    const errors: unknown[] = []
    for (const t of targets(inv, csr)) {
      if (t instanceof Error) {
        errors.push(t)
        continue
      }
      if (groupKind(t) !== 'CertificateSigningRequest.certificates.k8s.io') {
        errors.push(
          new Error(
            `can only handle CertificateSigningRequest.certificates.k8s.io objects, got ${groupKind(t)}`,
          ),
        )
        continue
      }
      const conditions: Record<string, unknown>[] = t.status?.conditions ?? []
      const blocking = conditions.find((c) => c.type === verdict.mustNotHave)
      if (blocking) {
        errors.push(
          new Error(
            `certificate signing request "${t.metadata.name}" is already ${verdict.mustNotHave}`,
          ),
        )
        continue
      }
      const has = conditions.some((c) => c.type === verdict.type)
      if (!has || force) {
        const condition = {
          type: verdict.type,
          status: 'True',
          reason: verdict.reason,
          message: verdict.message,
          lastUpdateTime: new Date(inv.ctx.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        }
        const sent = has ? conditions : [...conditions, condition]
        try {
          updateCsrApproval(
            inv.api,
            t.metadata.name ?? '',
            { ...t, status: { ...t.status, conditions: sent } },
            { fieldManager: 'kubectl' },
          )
        } catch (e) {
          errors.push(e)
          continue
        }
      }
      // kubectl prints the object as it read it, before the update.
      emitResult(inv, csr, t, verdict.op, 'none')
    }
    if (errors.length) throw errors.length === 1 ? errors[0] : new MultiError(errors)
    return 0
  }
}

registerCommand('certificate approve', certificate(APPROVE))
registerCommand('certificate deny', certificate(DENY))

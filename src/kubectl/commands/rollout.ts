import type { KObject } from '../../sim/api/types.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError, MultiError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { resolveTargets, type Target } from '../resolve/targets.ts'
import { DESCRIBE_TABWRITER, tabify } from '../printers/index.ts'
import { PrefixWriter } from '../describe/writer.ts'
import { describePodTemplate } from '../describe/pod.ts'
import { kindRef } from '../resolve/types.ts'
import { dryRunOf } from './common.ts'
import { emitResult } from './output.ts'

const REVISION = 'deployment.kubernetes.io/revision'
const CHANGE_CAUSE = 'kubernetes.io/change-cause'
const ROLLOUT_KINDS = ['Deployment', 'DaemonSet', 'StatefulSet']

function targetsOf(inv: Invocation): Target[] {
  inv.connect()
  const t = resolveTargets(inv, inv.args, { noneMessage: 'required resource not specified' })
  if (t.errors.length) throw t.errors.length === 1 ? t.errors[0] : new MultiError(t.errors)
  return t.items
}

/** The Deployment's ReplicaSets by revision (what deploymentutil.GetAllReplicaSets sees). */
function revisions(inv: Invocation, d: KObject): Map<number, KObject> {
  const out = new Map<number, KObject>()
  const rsList = inv.api.list('replicasets.apps', { namespace: d.metadata.namespace }).items
  for (const rs of rsList) {
    if (!(rs.metadata.ownerReferences ?? []).some((o) => o.uid === d.metadata.uid && o.controller))
      continue
    const rev = Number(rs.metadata.annotations?.[REVISION] ?? '0')
    out.set(rev, rs)
  }
  return out
}

function templateText(template: any): string {
  const w = new PrefixWriter()
  describePodTemplate(template, w)
  return tabify(w.text(), DESCRIBE_TABWRITER)
}

/** One revision as `rollout history` shows it: its change cause and the pod template it holds. */
interface HistoryEntry {
  changeCause?: string
  template: any
}

/** Deployments keep history in ReplicaSets (revision annotation, template minus its hash label). */
function deploymentHistory(inv: Invocation, d: KObject): Map<number, HistoryEntry> {
  const out = new Map<number, HistoryEntry>()
  for (const [rev, rs] of revisions(inv, d)) {
    if (rev === 0) continue
    const template = JSON.parse(JSON.stringify(rs.spec?.template ?? {}))
    delete template.metadata?.labels?.['pod-template-hash']
    out.set(rev, { changeCause: rs.metadata.annotations?.[CHANGE_CAUSE], template })
  }
  return out
}

/**
 * DaemonSets and StatefulSets keep it in ControllerRevisions: each holds a patch that replaces
 * the pod template, and the owner's annotations as they were when it was recorded.
 */
function revisionHistory(inv: Invocation, owner: KObject): Map<number, HistoryEntry> {
  const out = new Map<number, HistoryEntry>()
  const all = inv.api.list('controllerrevisions.apps', { namespace: owner.metadata.namespace })
  for (const cr of all.items) {
    if (
      !(cr.metadata.ownerReferences ?? []).some((o) => o.uid === owner.metadata.uid && o.controller)
    )
      continue
    const { $patch: _replace, ...template } = (cr.data?.spec?.template ?? {}) as Record<
      string,
      unknown
    >
    out.set(Number(cr.revision ?? 0), {
      changeCause: cr.metadata.annotations?.[CHANGE_CAUSE],
      template,
    })
  }
  return out
}

function history(inv: Invocation): number {
  const rev = inv.flags.int('revision', 0)
  for (const t of targetsOf(inv)) {
    if (!ROLLOUT_KINDS.includes(t.obj.kind))
      throw new CliError(
        `no history viewer has been implemented for ${JSON.stringify(t.info.group ? `${t.obj.kind}.${t.info.group}` : t.obj.kind)}`,
      )
    const revs =
      t.obj.kind === 'Deployment' ? deploymentHistory(inv, t.obj) : revisionHistory(inv, t.obj)
    // kubectl's name printer appends " <operation>", and the operation is empty without --revision
    const head = `${kindRef(t.info)}/${t.obj.metadata.name}`
    if (!revs.size) {
      inv.io.out(`${head} \nNo rollout history found.\n`)
      continue
    }
    if (rev > 0) {
      const entry = revs.get(rev)
      if (!entry) throw new CliError(`unable to find the specified revision`)
      const tmpl = JSON.parse(JSON.stringify(entry.template))
      if (entry.changeCause) {
        tmpl.metadata = tmpl.metadata ?? {}
        tmpl.metadata.annotations = {
          ...(tmpl.metadata.annotations ?? {}),
          [CHANGE_CAUSE]: entry.changeCause,
        }
      }
      inv.io.out(`${head} with revision #${rev}\n${templateText(tmpl)}\n`)
      continue
    }
    let table = 'REVISION\tCHANGE-CAUSE\n'
    for (const r of [...revs.keys()].sort((a, b) => a - b))
      table += `${r}\t${revs.get(r)!.changeCause || '<none>'}\n`
    inv.io.out(`${head} \n${tabify(table, DESCRIBE_TABWRITER)}\n`)
  }
  return 0
}

function stripHash(template: any): any {
  const t = JSON.parse(JSON.stringify(template ?? {}))
  if (t.metadata?.labels) delete t.metadata.labels['pod-template-hash']
  return t
}

/** Client-side rollback as kubectl v1.32 does it: the ReplicaSet's template patched into the Deployment. */
function undo(inv: Invocation): number {
  const to = inv.flags.int('to-revision', 0)
  const dry = dryRunOf(inv)
  for (const t of targetsOf(inv)) {
    const d = t.obj
    if (d.kind !== 'Deployment')
      throw new CliError(`rollout undo for ${d.kind} is not available in this simulated cluster`)
    if (d.spec?.paused)
      throw new CliError(
        `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again`,
      )
    const revs = revisions(inv, d)
    let rev = to
    if (to === 0) {
      const sorted = [...revs.keys()].filter((r) => r > 0).sort((a, b) => b - a)
      if (sorted.length < 2)
        throw new CliError(`no rollout history found for deployment "${d.metadata.name}"`)
      rev = sorted[1]
    }
    const rs = revs.get(rev)
    if (!rs) throw new CliError(`unable to find specified revision ${rev} in history`)
    const template = stripHash(rs.spec?.template)
    if (JSON.stringify(template) === JSON.stringify(stripHash(d.spec?.template))) {
      inv.io.out(
        `${kindRef(t.info)}/${d.metadata.name} skipped rollback (current template already matches revision ${rev})\n`,
      )
      continue
    }
    const annotations: Record<string, string | null> = {}
    for (const k of [CHANGE_CAUSE]) annotations[k] = rs.metadata.annotations?.[k] ?? null
    let result = d
    if (dry !== 'client')
      result = inv.api.patch(
        t.info.id,
        d.metadata.namespace,
        d.metadata.name ?? '',
        'json',
        [
          { op: 'replace', path: '/spec/template', value: template },
          {
            op: 'replace',
            path: '/metadata/annotations',
            value: cleanAnnotations({ ...(d.metadata.annotations ?? {}), ...annotations }),
          },
        ],
        { dryRun: dry === 'server' },
      ).object
    emitResult(inv, t.info, result, 'rolled back', dry)
  }
  return 0
}

function cleanAnnotations(a: Record<string, string | null>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(a)) if (v !== null) out[k] = v
  return out
}

function setPaused(inv: Invocation, paused: boolean): number {
  const dry = dryRunOf(inv)
  const errors: unknown[] = []
  for (const t of targetsOf(inv)) {
    if (t.obj.kind !== 'Deployment') {
      errors.push(
        new Error(
          `${kindRef(t.info)}/${t.obj.metadata.name} ${paused ? 'pausing' : 'resuming'} is not supported`,
        ),
      )
      continue
    }
    if (!!t.obj.spec?.paused === paused) {
      emitResult(inv, t.info, t.obj, paused ? 'already paused' : 'already resumed', 'none')
      continue
    }
    let obj = t.obj
    if (dry !== 'client')
      obj = inv.api.patch(
        t.info.id,
        t.obj.metadata.namespace,
        t.obj.metadata.name ?? '',
        'strategic',
        { spec: { paused: paused || null } },
        {
          dryRun: dry === 'server',
        },
      ).object
    emitResult(inv, t.info, obj, paused ? 'paused' : 'resumed', dry)
  }
  if (errors.length) throw errors.length === 1 ? errors[0] : new MultiError(errors)
  return 0
}

function restart(inv: Invocation): number {
  const dry = dryRunOf(inv)
  const at = new Date(inv.ctx.now()).toISOString().replace(/\.\d{3}Z$/, 'Z')
  for (const t of targetsOf(inv)) {
    if (!ROLLOUT_KINDS.includes(t.obj.kind))
      throw new CliError(`${kindRef(t.info)}/${t.obj.metadata.name} restarting is not supported`)
    if (t.obj.spec?.paused)
      throw new CliError(
        `${t.info.plural}.${t.info.group} "${t.obj.metadata.name}" can't restart paused deployment (run rollout resume first)`,
      )
    const patch = {
      spec: {
        template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } },
      },
    }
    let obj = t.obj
    if (dry !== 'client')
      obj = inv.api.patch(
        t.info.id,
        t.obj.metadata.namespace,
        t.obj.metadata.name ?? '',
        'strategic',
        patch,
        {
          dryRun: dry === 'server',
        },
      ).object
    emitResult(inv, t.info, obj, 'restarted', dry)
  }
  return 0
}

registerCommand('rollout history', history)
registerCommand('rollout undo', undo)
registerCommand('rollout pause', (inv) => setPaused(inv, true))
registerCommand('rollout resume', (inv) => setPaused(inv, false))
registerCommand('rollout restart', restart)

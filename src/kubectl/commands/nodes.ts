import type { Effect, Proc } from '../../shell/types.ts'
import type { KObject } from '../../sim/api/types.ts'
import { isNotFound, isStatusError } from '../../sim/api/errors.ts'
import { evictPod } from '../../sim/registry/eviction.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError, MultiError, usageError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { dryRunOf, dryRunSuffix, type DryRun } from './common.ts'
import { waitFor } from './getWatch.ts'

function nodesOf(inv: Invocation, verb: string): KObject[] {
  const selector = inv.flags.str('selector')
  if (!inv.args.length && !selector) throw usageError(inv.path, `USAGE: ${verb} NODE [flags]`)
  inv.connect()
  if (selector) return inv.api.list('nodes', { labelSelector: selector }).items
  return inv.args.map((n) => inv.api.get('nodes', undefined, n))
}

/** Sets spec.unschedulable and prints `node/x cordoned` (or `already cordoned`). */
function cordonNodes(inv: Invocation, nodes: KObject[], desired: boolean, dry: DryRun): void {
  const word = desired ? 'cordoned' : 'uncordoned'
  for (const node of nodes) {
    const name = node.metadata.name
    if (!!node.spec?.unschedulable === desired) {
      inv.io.out(`node/${name} already ${word}\n`)
      continue
    }
    if (dry !== 'client')
      inv.api.patch(
        'nodes',
        undefined,
        name ?? '',
        'strategic',
        { spec: { unschedulable: desired || null } },
        {
          dryRun: dry === 'server',
        },
      )
    inv.io.out(`node/${name} ${word}${dryRunSuffix(dry)}\n`)
  }
}

function cordon(inv: Invocation, desired: boolean): number {
  const dry = dryRunOf(inv)
  cordonNodes(inv, nodesOf(inv, desired ? 'cordon' : 'uncordon'), desired, dry)
  return 0
}

interface PodPlan {
  remove: KObject[]
  warnings: Map<string, string[]>
  errors: Map<string, string[]>
}

/** The drain helper's filters: DaemonSet, mirror, local storage and unmanaged pods. */
function planDrain(inv: Invocation, node: string): PodPlan {
  const plan: PodPlan = { remove: [], warnings: new Map(), errors: new Map() }
  const add = (m: Map<string, string[]>, msg: string, pod: KObject): void => {
    m.set(msg, [...(m.get(msg) ?? []), `${pod.metadata.namespace}/${pod.metadata.name}`])
  }
  const podSelector = inv.flags.str('pod-selector') || undefined
  const pods = inv.api.list('pods', {
    fieldSelector: `spec.nodeName=${node}`,
    labelSelector: podSelector,
  }).items
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue
    const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed'
    const owner = (pod.metadata.ownerReferences ?? []).find((o) => o.controller)
    if (owner?.kind === 'DaemonSet') {
      const ds = inv.api.tryGet('daemonsets.apps', pod.metadata.namespace, owner.name)
      if (ds || !inv.flags.bool('force')) {
        if (inv.flags.bool('ignore-daemonsets'))
          add(plan.warnings, 'ignoring DaemonSet-managed Pods', pod)
        else add(plan.errors, 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)', pod)
        continue
      }
    }
    if (pod.metadata.annotations?.['kubernetes.io/config.mirror']) continue
    let fatal = false
    if (!finished && (pod.spec?.volumes ?? []).some((v: { emptyDir?: unknown }) => v.emptyDir)) {
      if (inv.flags.bool('delete-emptydir-data'))
        add(plan.warnings, 'deleting Pods with local storage', pod)
      else {
        add(plan.errors, 'Pods with local storage (use --delete-emptydir-data to override)', pod)
        fatal = true
      }
    }
    if (!owner && !finished) {
      if (inv.flags.bool('force'))
        add(plan.warnings, 'deleting Pods that declare no controller', pod)
      else {
        add(plan.errors, 'Pods declare no controller (use --force to override)', pod)
        fatal = true
      }
    }
    if (!fatal) plan.remove.push(pod)
  }
  return plan
}

function* drainNode(
  inv: Invocation,
  node: KObject,
  deadline: number,
): Generator<Effect, void, void> {
  const name = node.metadata.name ?? ''
  const plan = planDrain(inv, name)
  if (plan.errors.size) {
    const errs = [...plan.errors]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([msg, pods]) => new Error(`cannot delete ${msg}: ${pods.join(', ')}`))
    throw errs.length === 1 ? errs[0] : new MultiError(errs)
  }
  if (plan.warnings.size)
    inv.io.err(
      `Warning: ${[...plan.warnings].map(([msg, pods]) => `${msg}: ${pods.join(', ')}`).join('; ')}\n`,
    )
  const dry = dryRunOf(inv)
  if (dry === 'client') {
    for (const p of plan.remove)
      inv.io.out(`evicting pod ${p.metadata.namespace}/${p.metadata.name} (dry run)\n`)
    return
  }
  const grace = inv.flags.int('grace-period', -1)
  const disable = inv.flags.bool('disable-eviction')
  const pending = [...plan.remove]
  const started: { pod: KObject }[] = []
  while (pending.length) {
    const retry: KObject[] = []
    for (const pod of pending) {
      const ns = pod.metadata.namespace ?? ''
      const pname = pod.metadata.name ?? ''
      if (!disable) inv.io.out(`evicting pod ${ns}/${pname}\n`)
      try {
        const opts = {
          gracePeriodSeconds: grace >= 0 ? grace : undefined,
          dryRun: dry === 'server',
        }
        if (disable) inv.api.delete('pods', ns, pname, opts)
        else evictPod(inv.api, ns, pname, opts)
        started.push({ pod })
      } catch (e) {
        if (isNotFound(e)) continue
        if (isStatusError(e) && e.code === 429) {
          inv.io.err(
            `error when evicting pods/"${pname}" -n "${ns}" (will retry after 5s): ${e.status.message}\n`,
          )
          retry.push(pod)
          continue
        }
        throw e
      }
    }
    pending.splice(0, pending.length, ...retry)
    if (pending.length) {
      const until = Math.min(deadline, inv.ctx.now() + 5000)
      yield* waitFor(inv, () => false, until)
      if (inv.ctx.now() >= deadline)
        throw new Error(`drain did not complete within ${fmtTimeout(inv)}`)
      if (inv.io.interrupted()) return
    }
  }
  if (dry === 'server') return
  const remaining = [...started]
  while (remaining.length) {
    const gone = (p: KObject): boolean =>
      inv.api.tryGet('pods', p.metadata.namespace, p.metadata.name ?? '')?.metadata.uid !==
      p.metadata.uid
    const ok = yield* waitFor(inv, () => remaining.some((r) => gone(r.pod)), deadline)
    if (!ok) {
      if (inv.io.interrupted()) return
      throw new Error(`drain did not complete within ${fmtTimeout(inv)}`)
    }
    for (let i = 0; i < remaining.length;) {
      if (gone(remaining[i].pod)) {
        inv.io.out(`pod/${remaining[i].pod.metadata.name} ${disable ? 'deleted' : 'evicted'}\n`)
        remaining.splice(i, 1)
      } else i++
    }
  }
}

function fmtTimeout(inv: Invocation): string {
  return inv.flags.str('timeout') || '0s'
}

function* drain(inv: Invocation): Proc {
  const dry = dryRunOf(inv)
  const nodes = nodesOf(inv, 'drain')
  cordonNodes(inv, nodes, true, dry)
  const timeout = inv.flags.duration('timeout', 0)
  const deadline = inv.ctx.now() + (timeout > 0 ? timeout : 365 * 24 * 3600_000)
  const drained = new Set<string>()
  for (const node of nodes) {
    const name = node.metadata.name ?? ''
    try {
      yield* drainNode(inv, node, deadline)
      if (inv.io.interrupted()) return 130
      drained.add(name)
      inv.io.out(`node/${name} drained${dryRunSuffix(dry)}\n`)
    } catch (e) {
      if (inv.flags.bool('ignore-errors') && nodes.length > 1) {
        inv.io.err(
          `error: unable to drain node "${name}" due to error:${(e as Error).message}, continuing command...\n`,
        )
        continue
      }
      inv.io.err(`error: unable to drain node "${name}", aborting command...\n\n`)
      const rest = nodes.map((n) => n.metadata.name ?? '').filter((n) => !drained.has(n))
      if (rest.length)
        inv.io.err(`There are pending nodes to be drained:\n${rest.map((n) => ` ${n}\n`).join('')}`)
      throw e
    }
  }
  return 0
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute']

interface TaintSpec {
  key: string
  value?: string
  effect?: string
}

function parseTaint(spec: string, removing: boolean): TaintSpec {
  const [kv, effect] = spec.split(':')
  const [key, value] = kv.split('=')
  if (effect !== undefined && !EFFECTS.includes(effect))
    throw new CliError(`invalid taint spec: ${spec}, unsupported taint effect`)
  if (!removing && !effect)
    throw new CliError(`invalid taint spec: ${spec}, unsupported taint effect`)
  return { key, ...(value !== undefined ? { value } : {}), ...(effect ? { effect } : {}) }
}

function taint(inv: Invocation): number {
  const [type, ...rest] = inv.args
  if (!type) throw new CliError('one or more resources must be specified as <resource> <name>')
  const all = inv.flags.bool('all')
  const selector = inv.flags.str('selector')
  const names: string[] = []
  const specs: string[] = []
  let typeArg = type
  let nameFromSlash: string | undefined
  if (type.includes('/')) [typeArg, nameFromSlash] = type.split('/')
  if (!['node', 'nodes', 'no'].includes(typeArg.toLowerCase()))
    throw new CliError(`invalid resource type ${typeArg}, only node types are supported`)
  if (nameFromSlash) names.push(nameFromSlash)
  for (const a of rest)
    (a.includes('=') || a.includes(':') || a.endsWith('-') ? specs : names).push(a)
  if (!specs.length) throw usageError(inv.path, 'at least one taint update is required')
  const add = specs.filter((s) => !s.endsWith('-')).map((s) => parseTaint(s, false))
  const remove = specs.filter((s) => s.endsWith('-')).map((s) => parseTaint(s.slice(0, -1), true))
  const dry = dryRunOf(inv)
  inv.connect()
  const nodes =
    all || selector
      ? inv.api.list('nodes', { labelSelector: selector || undefined }).items
      : names.map((n) => inv.api.get('nodes', undefined, n))
  const overwrite = inv.flags.bool('overwrite')
  for (const node of nodes) {
    let taints: TaintSpec[] = [...(node.spec?.taints ?? [])]
    const name = node.metadata.name
    if (!overwrite) {
      const clash = add.filter((a) => taints.some((t) => t.key === a.key && t.effect === a.effect))
      if (clash.length)
        throw new CliError(
          `node ${name} already has ${clash.map((c) => c.key).join(',')} taint(s) with same effect(s) and --overwrite is false`,
        )
    }
    for (const r of remove) {
      const before = taints.length
      taints = taints.filter((t) => !(t.key === r.key && (!r.effect || t.effect === r.effect)))
      if (taints.length === before)
        throw new CliError(`taint "${r.key}${r.effect ? ':' + r.effect : ''}" not found`)
    }
    for (const a of add) {
      const i = taints.findIndex((t) => t.key === a.key && t.effect === a.effect)
      if (i >= 0) taints[i] = a
      else taints.push(a)
    }
    const op = remove.length && !add.length ? 'untainted' : 'tainted'
    if (dry !== 'client') {
      const next = { ...node, spec: { ...node.spec, taints: taints.length ? taints : undefined } }
      if (!taints.length) delete next.spec.taints
      inv.api.update('nodes', next, { dryRun: dry === 'server' })
    }
    inv.io.out(`node/${name} ${op}${dryRunSuffix(dry)}\n`)
  }
  return 0
}

registerCommand('cordon', (inv) => cordon(inv, true))
registerCommand('uncordon', (inv) => cordon(inv, false))
registerCommand('drain', drain)
registerCommand('taint', taint)

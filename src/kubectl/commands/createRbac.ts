import type { KObject } from '../../sim/api/types.ts'
import { resourceById } from '../../sim/api/resources.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { lookupType } from '../resolve/types.ts'
import { createGenerated, meta, nameArg } from './generate.ts'

const RBAC = 'rbac.authorization.k8s.io'
const VERBS = [
  '*',
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'use',
  'bind',
  'escalate',
  'impersonate',
]

/** Policy rules: one rule per API group, resources in the order given (kubectl's RoleOptions). */
function rules(inv: Invocation): Record<string, unknown>[] {
  const verbs = inv.flags.list('verb')
  if (!verbs.length) throw new CliError('at least one verb must be specified')
  for (const v of verbs) if (!VERBS.includes(v)) throw new CliError(`invalid verb: '${v}'`)
  const names = inv.flags.list('resource-name')
  const out: Record<string, unknown>[] = []
  const byGroup = new Map<string, string[]>()
  for (const r of inv.flags.list('resource')) {
    const [res, sub] = r.split('/')
    if (res === '*') {
      byGroup.set('', [...(byGroup.get('') ?? []), r])
      continue
    }
    const info = lookupType(res)
    if (!info) throw new CliError(`the server doesn't have a resource type "${res}"`)
    const name = sub ? `${info.plural}/${sub}` : info.plural
    byGroup.set(info.group, [...(byGroup.get(info.group) ?? []), name])
  }
  for (const [group, resources] of byGroup) {
    const rule: Record<string, unknown> = { apiGroups: [group], resources }
    if (names.length) rule.resourceNames = names
    rule.verbs = verbs
    out.push(rule)
  }
  const urls = inv.flags.list('non-resource-url')
  if (urls.length) out.push({ nonResourceURLs: urls, verbs })
  if (!out.length) throw new CliError('at least one resource must be specified')
  return out
}

function createRole(inv: Invocation, cluster: boolean): number {
  const name = nameArg(inv)
  const obj: KObject = {
    apiVersion: `${RBAC}/v1`,
    kind: cluster ? 'ClusterRole' : 'Role',
    metadata: meta(name),
  }
  const agg = cluster ? inv.flags.str('aggregation-rule') : ''
  if (agg) {
    const matchLabels: Record<string, string> = {}
    for (const p of agg.split(',')) {
      const [k, v] = p.split('=')
      matchLabels[k] = v ?? ''
    }
    // Go's nil slice: Rules has no omitempty, so kubectl sends (and the server keeps) null.
    obj.rules = null
    obj.aggregationRule = { clusterRoleSelectors: [{ matchLabels }] }
  } else obj.rules = rules(inv)
  return createGenerated(inv, resourceById(cluster ? `clusterroles.${RBAC}` : `roles.${RBAC}`), obj)
}

function createBinding(inv: Invocation, cluster: boolean): number {
  const name = nameArg(inv)
  const role = cluster ? '' : inv.flags.str('role')
  const clusterRole = inv.flags.str('clusterrole')
  if (!cluster && !role && !clusterRole)
    throw new CliError('exactly one of clusterrole or role must be specified')
  if (role && clusterRole)
    throw new CliError('exactly one of clusterrole or role must be specified')
  const subjects: Record<string, unknown>[] = []
  for (const u of inv.flags.list('user')) subjects.push({ apiGroup: RBAC, kind: 'User', name: u })
  for (const g of inv.flags.list('group')) subjects.push({ apiGroup: RBAC, kind: 'Group', name: g })
  for (const sa of inv.flags.list('serviceaccount')) {
    const [ns, n] = sa.split(':')
    if (!n) throw new CliError(`serviceaccount must be <namespace>:<name>`)
    subjects.push({ kind: 'ServiceAccount', name: n, namespace: ns })
  }
  const obj: KObject = {
    apiVersion: `${RBAC}/v1`,
    kind: cluster ? 'ClusterRoleBinding' : 'RoleBinding',
    metadata: meta(name),
    roleRef: { apiGroup: RBAC, kind: role ? 'Role' : 'ClusterRole', name: role || clusterRole },
  }
  if (subjects.length) obj.subjects = subjects
  return createGenerated(
    inv,
    resourceById(cluster ? `clusterrolebindings.${RBAC}` : `rolebindings.${RBAC}`),
    obj,
  )
}

/** Service account tokens need the TokenRequest API and a signing key, which are not simulated. */
function createToken(inv: Invocation): number {
  const name = nameArg(inv)
  inv.connect()
  inv.api.get('serviceaccounts', inv.namespace(), name)
  throw new CliError(
    `failed to create token: the TokenRequest API is not simulated in this cluster, so no token can be signed for serviceaccount "${name}"`,
  )
}

registerCommand('create role', (inv) => createRole(inv, false))
registerCommand('create clusterrole', (inv) => createRole(inv, true))
registerCommand('create rolebinding', (inv) => createBinding(inv, false))
registerCommand('create clusterrolebinding', (inv) => createBinding(inv, true), ['clusterrole'])
registerCommand('create token', createToken)

import { RESOURCES, apiVersionOf } from '../../sim/api/resources.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError, usageError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { KUBECTL_TABWRITER, tabify, toYaml } from '../printers/index.ts'
import { lookupType } from '../resolve/types.ts'
import { helpText } from '../cli/help.ts'

const KUSTOMIZE = 'v5.5.0'

/** Build facts of the v1.32.4 release, as `kubectl version -o yaml` reports them. */
function buildInfo(gitVersion: string): Record<string, string> {
  return {
    major: '1',
    minor: '32',
    gitVersion,
    gitCommit: '59526cd4867447956156ae3a602fcbac5a8a5ef8',
    gitTreeState: 'clean',
    buildDate: '2025-04-22T16:03:58Z',
    goVersion: 'go1.23.6',
    compiler: 'gc',
    platform: 'linux/amd64',
  }
}

function version(inv: Invocation): number {
  const output = inv.flags.str('output')
  if (output && output !== 'yaml' && output !== 'json')
    throw new CliError(`--output must be 'yaml' or 'json'`)
  const client = inv.flags.bool('client')
  const v = inv.sim.cluster.version
  const data: Record<string, unknown> = { clientVersion: buildInfo(v), kustomizeVersion: KUSTOMIZE }
  if (!client) {
    inv.connect()
    data.serverVersion = buildInfo(v)
  }
  if (output === 'yaml') inv.io.out(toYaml(data) + '\n')
  else if (output === 'json') inv.io.out(JSON.stringify(data, null, 2) + '\n')
  else
    inv.io.out(
      `Client Version: ${v}\nKustomize Version: ${KUSTOMIZE}\n${client ? '' : `Server Version: ${v}\n`}`,
    )
  return 0
}

function apiResources(inv: Invocation): number {
  inv.connect()
  const output = inv.flags.str('output')
  if (output && output !== 'wide' && output !== 'name')
    throw new CliError(`--output ${output} is not available`)
  const group = inv.flags.has('api-group') ? inv.flags.str('api-group') : undefined
  const namespaced = inv.flags.has('namespaced') ? inv.flags.bool('namespaced') : undefined
  const verbs = inv.flags.list('verbs')
  const categories = inv.flags.list('categories')
  let rows = RESOURCES.filter(
    (r) =>
      (group === undefined || r.group === group) &&
      (namespaced === undefined || r.namespaced === namespaced) &&
      verbs.every((v) => r.verbs.includes(v)) &&
      categories.every((c) => r.categories.includes(c)),
  )
  const sortBy = inv.flags.str('sort-by')
  if (sortBy === 'name') rows = [...rows].sort((a, b) => (a.plural < b.plural ? -1 : 1))
  else if (sortBy === 'kind') rows = [...rows].sort((a, b) => (a.kind < b.kind ? -1 : 1))
  else if (sortBy) throw new CliError(`--sort-by accepts only name or kind`)
  if (output === 'name') {
    inv.io.out(rows.map((r) => (r.group ? `${r.plural}.${r.group}\n` : `${r.plural}\n`)).join(''))
    return 0
  }
  const wide = output === 'wide'
  let text = inv.flags.bool('no-headers')
    ? ''
    : `NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND${wide ? '\tVERBS\tCATEGORIES' : ''}\n`
  for (const r of rows) {
    text += `${r.plural}\t${r.shortNames.join(',')}\t${apiVersionOf(r)}\t${r.namespaced}\t${r.kind}`
    if (wide) text += `\t${r.verbs.join(',')}\t${r.categories.join(',')}`
    text += '\n'
  }
  inv.io.out(tabify(text, KUBECTL_TABWRITER))
  return 0
}

function apiVersions(inv: Invocation): number {
  inv.connect()
  const all = new Set<string>()
  for (const r of RESOURCES) for (const v of r.versions) all.add(r.group ? `${r.group}/${v}` : v)
  inv.io.out(
    [...all]
      .sort()
      .map((v) => v + '\n')
      .join(''),
  )
  return 0
}

const GREEN = '\x1b[0;32m'
const YELLOW = '\x1b[0;33m'
const RESET = '\x1b[0m'

function clusterInfo(inv: Invocation): number {
  if (inv.args.length) throw usageError(inv.path, `Unexpected args: [${inv.args.join(' ')}]`)
  const conn = inv.connect()
  // kubectl colours these only on a terminal; piped or redirected, the text is plain
  const tty = inv.io.isTTY
  const line = (name: string, link: string): string =>
    tty
      ? `${GREEN}${name}${RESET} is running at ${YELLOW}${link}${RESET}\n`
      : `${name} is running at ${link}\n`
  let out = line('Kubernetes control plane', conn.server)
  const services = inv.api.list('services', {
    namespace: 'kube-system',
    labelSelector: 'kubernetes.io/cluster-service=true',
  }).items
  for (const svc of services) {
    const name = svc.metadata.labels?.['kubernetes.io/name'] ?? svc.metadata.name ?? ''
    const port = svc.spec?.ports?.[0]
    const portName = port?.name ? `:${port.name}` : port ? `:${port.port}` : ''
    out += line(
      name,
      `${conn.server}/api/v1/namespaces/kube-system/services/${svc.metadata.name}${portName}/proxy`,
    )
  }
  out += `\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`
  inv.io.out(out)
  return 0
}

/** The kubeadm admin kubeconfig authenticates as a cluster admin, so every check passes. */
function canI(inv: Invocation): number {
  if (inv.flags.bool('list'))
    throw new CliError('auth can-i --list is not available in this simulated cluster')
  if (inv.args.length < 1 || (inv.args.length < 2 && !inv.args[0].startsWith('/')))
    throw new CliError(
      "you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.",
    )
  if (inv.flags.str('as') || inv.flags.list('as-group').length)
    throw new CliError(
      'impersonation (--as) is not simulated: RBAC rules are stored but not evaluated in this cluster',
    )
  inv.connect()
  const [, resource] = inv.args
  if (resource && !resource.startsWith('/')) {
    const type = resource.split('/')[0]
    if (type !== '*' && !lookupType(type))
      inv.io.err(`Warning: the server doesn't have a resource type '${type}'\n`)
  }
  if (!inv.flags.bool('quiet')) inv.io.out('yes\n')
  return 0
}

function whoami(inv: Invocation): number {
  const conn = inv.connect()
  const user = conn.user?.name ?? inv.sim.cluster.user
  const output = inv.flags.str('output')
  const status = {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'SelfSubjectReview',
    metadata: {
      creationTimestamp: new Date(inv.ctx.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
    status: {
      userInfo: { groups: ['kubeadm:cluster-admins', 'system:authenticated'], username: user },
    },
  }
  if (output === 'yaml') inv.io.out(toYaml(status))
  else if (output === 'json') inv.io.out(JSON.stringify(status, null, 4) + '\n')
  else
    inv.io.out(
      tabify(
        `ATTRIBUTE\tVALUE\nUsername\t${user}\nGroups\t[kubeadm:cluster-admins system:authenticated]\n`,
        KUBECTL_TABWRITER,
      ),
    )
  return 0
}

/** Commands that exist in kubectl but have nothing to act on in this cluster. */
function notHere(what: string): (inv: Invocation) => number {
  return () => {
    throw new CliError(what)
  }
}

registerCommand('version', version)
registerCommand('api-resources', apiResources)
registerCommand('api-versions', apiVersions)
registerCommand('cluster-info', clusterInfo)
registerCommand(
  'cluster-info dump',
  notHere(
    'cluster-info dump is not available in this simulated cluster; use kubectl get, describe and logs on the objects you want to inspect',
  ),
)
registerCommand('auth can-i', canI)
registerCommand('auth whoami', whoami)
registerCommand(
  'auth reconcile',
  notHere(
    'auth reconcile is not available in this simulated cluster; create or apply the RBAC objects instead',
  ),
)
registerCommand('plugin list', (inv) => {
  inv.io.err('error: unable to find any kubectl plugins in your PATH\n')
  return 1
})
registerCommand(
  'completion',
  notHere(
    'shell completion scripts are not needed here: the Kubeplay terminal completes kubectl commands with Tab',
  ),
)
registerCommand(
  'kustomize',
  notHere(
    'kustomize is not available in this simulated cluster; build the manifests elsewhere and apply them with -f',
  ),
)
registerCommand(
  'debug',
  notHere(
    'kubectl debug (ephemeral containers and node debugging) is not available in this simulated cluster; use kubectl exec or kubectl run',
  ),
)
registerCommand('alpha', (inv) => {
  inv.io.err('No alpha commands are available in this version of kubectl\n')
  return 0
})
registerCommand('options', (inv) => {
  inv.io.out(helpText('options') ?? '')
  return 0
})

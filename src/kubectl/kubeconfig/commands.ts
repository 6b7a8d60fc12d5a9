import type { Invocation } from '../cli/command.ts'
import { CliError, MultiError } from '../cli/errors.ts'
import { helpText } from '../cli/help.ts'
import { registerCommand } from '../cli/run.ts'
import { KUBECTL_TABWRITER, tabify } from '../printers/tabwriter.ts'
import {
  kubeconfigPath,
  kubeconfigYaml,
  readKubeconfig,
  writeKubeconfig,
  type Kubeconfig,
  type NamedContext,
} from './kubeconfig.ts'
import { jsonpathOutput } from '../commands/output.ts'

function load(inv: Invocation): { path: string; cfg: Kubeconfig } {
  const path = kubeconfigPath(inv.ctx, inv.flags.str('kubeconfig') || undefined)
  return { path, cfg: readKubeconfig(inv.ctx.fs, path) }
}

function save(inv: Invocation, path: string, cfg: Kubeconfig): void {
  writeKubeconfig(inv.ctx.fs, path, cfg)
}

const SECRET_DATA = ['client-certificate-data', 'client-key-data', 'certificate-authority-data']
const SECRET_TEXT = ['token', 'password']

function redact(cfg: Kubeconfig): Kubeconfig {
  const hide = (o: Record<string, unknown>): Record<string, unknown> => {
    const out = { ...o }
    for (const k of SECRET_DATA) if (k in out) out[k] = 'DATA+OMITTED'
    for (const k of SECRET_TEXT) if (k in out) out[k] = 'REDACTED'
    return out
  }
  return {
    ...cfg,
    clusters: cfg.clusters?.map((c) => ({ ...c, cluster: hide(c.cluster) })) ?? null,
    users: cfg.users?.map((u) => ({ ...u, user: hide(u.user) })) ?? null,
  }
}

function minify(cfg: Kubeconfig, contextName: string): Kubeconfig {
  if (!contextName) throw new CliError('current-context must exist in order to minify')
  const ctx = cfg.contexts?.find((c) => c.name === contextName)
  if (!ctx) throw new CliError(`cannot locate context ${contextName}`)
  const cluster = cfg.clusters?.find((c) => c.name === ctx.context.cluster)
  if (!cluster) throw new CliError(`cannot locate cluster ${ctx.context.cluster ?? ''}`)
  const user = cfg.users?.find((u) => u.name === ctx.context.user)
  return {
    ...cfg,
    clusters: [cluster],
    contexts: [ctx],
    'current-context': contextName,
    users: user ? [user] : null,
  }
}

/** The JSON form client-go writes (struct field order, not sorted). */
function configJson(cfg: Kubeconfig): string {
  const v = {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: cfg.preferences,
    clusters: (cfg.clusters ?? []).map((c) => ({ name: c.name, cluster: c.cluster })),
    users: (cfg.users ?? []).map((u) => ({ name: u.name, user: u.user })),
    contexts: (cfg.contexts ?? []).map((c) => ({ name: c.name, context: c.context })),
    'current-context': cfg['current-context'],
  }
  return JSON.stringify(v, null, 4) + '\n'
}

function view(inv: Invocation): number {
  const { cfg } = load(inv)
  let shown = inv.flags.bool('minify')
    ? minify(cfg, inv.flags.str('context') || cfg['current-context'])
    : cfg
  if (!inv.flags.bool('raw')) shown = redact(shown)
  const output = inv.flags.str('output', 'yaml')
  if (output === 'yaml') inv.io.out(kubeconfigYaml(shown))
  else if (output === 'json') inv.io.out(configJson(shown))
  else if (output.startsWith('jsonpath='))
    inv.io.out(jsonpathOutput(JSON.parse(configJson(shown)), output.slice(9)))
  else
    throw new CliError(
      `unable to match a printer suitable for the output format "${output}", allowed formats are: json,jsonpath,jsonpath-as-json,jsonpath-file,yaml`,
    )
  return 0
}

function currentContext(inv: Invocation): number {
  const { cfg } = load(inv)
  if (!cfg['current-context']) throw new CliError('current-context is not set')
  inv.io.out(cfg['current-context'] + '\n')
  return 0
}

function useContext(inv: Invocation): number {
  if (inv.args.length !== 1) {
    inv.io.out(helpText('config use-context') ?? '')
    throw new CliError(`Unexpected args: [${inv.args.join(' ')}]`)
  }
  const { path, cfg } = load(inv)
  const name = inv.args[0]
  if (!cfg.contexts?.some((c) => c.name === name))
    throw new CliError(`no context exists with the name: "${name}"`)
  save(inv, path, { ...cfg, 'current-context': name })
  inv.io.out(`Switched to context "${name}".\n`)
  return 0
}

function getContexts(inv: Invocation): number {
  const { cfg } = load(inv)
  const output = inv.flags.str('output')
  if (output && output !== 'name')
    throw new CliError(`output must be one of '' or 'name': ${output}`)
  const all = cfg.contexts ?? []
  const wanted = inv.args.length ? inv.args : all.map((c) => c.name)
  const rows: NamedContext[] = []
  const missing: string[] = []
  for (const n of wanted) {
    const c = all.find((x) => x.name === n)
    if (c) rows.push(c)
    else missing.push(n)
  }
  rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  if (output === 'name') inv.io.out(rows.map((r) => r.name + '\n').join(''))
  else {
    let text = inv.flags.bool('no-headers') ? '' : 'CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n'
    for (const r of rows) {
      const cur = r.name === cfg['current-context'] ? '*' : ''
      text += `${cur}\t${r.name}\t${r.context.cluster ?? ''}\t${r.context.user ?? ''}\t${r.context.namespace ?? ''}\n`
    }
    inv.io.out(tabify(text, KUBECTL_TABWRITER))
  }
  if (missing.length === 1) throw new CliError(`context ${missing[0]} not found`)
  if (missing.length > 1)
    throw new MultiError(missing.map((m) => new Error(`context ${m} not found`)))
  return 0
}

function getNames(inv: Invocation, key: 'clusters' | 'users'): number {
  const { cfg } = load(inv)
  inv.io.out('NAME\n' + (cfg[key] ?? []).map((c) => c.name + '\n').join(''))
  return 0
}

function setContext(inv: Invocation): number {
  const { path, cfg } = load(inv)
  const current = inv.flags.bool('current')
  let name = inv.args[0]
  if (current) {
    if (inv.args.length) throw new CliError('you cannot specify both a context name and --current')
    name = cfg['current-context']
    if (!name) throw new CliError('no current context is set')
  }
  if (!name) throw new CliError('you must specify a non-empty context name or --current')
  const contexts = [...(cfg.contexts ?? [])]
  const i = contexts.findIndex((c) => c.name === name)
  const existing = i >= 0 ? contexts[i].context : { cluster: '', user: '' }
  const next = { ...existing }
  for (const [flag, key] of [
    ['cluster', 'cluster'],
    ['user', 'user'],
    ['namespace', 'namespace'],
  ] as const) {
    if (inv.flags.has(flag)) next[key] = inv.flags.str(flag)
  }
  if (i >= 0) contexts[i] = { name, context: next }
  else contexts.push({ name, context: next })
  save(inv, path, { ...cfg, contexts })
  inv.io.out(`Context "${name}" ${i >= 0 ? 'modified' : 'created'}.\n`)
  return 0
}

function setEntry(
  inv: Invocation,
  key: 'clusters' | 'users',
  flagMap: [string, string][],
  label: string,
): number {
  const { path, cfg } = load(inv)
  const name = inv.args[0]
  if (!name || inv.args.length !== 1) {
    inv.io.out(helpText(`config set-${key === 'clusters' ? 'cluster' : 'credentials'}`) ?? '')
    throw new CliError(`Unexpected args: [${inv.args.join(' ')}]`)
  }
  const field = key === 'clusters' ? 'cluster' : 'user'
  const list = [...((cfg[key] ?? []) as { name: string; [k: string]: any }[])]
  const i = list.findIndex((c) => c.name === name)
  const entry: Record<string, unknown> = {
    ...(i >= 0 ? list[i][field] : key === 'clusters' ? { server: '' } : {}),
  }
  for (const [flag, prop] of flagMap) {
    if (!inv.flags.has(flag)) continue
    const v = inv.flags.str(flag)
    if (flag === 'insecure-skip-tls-verify') entry[prop] = inv.flags.bool(flag)
    else if (
      inv.flags.bool('embed-certs') &&
      /^(certificate-authority|client-certificate|client-key)$/.test(flag)
    ) {
      const content = inv.ctx.fs.read(inv.ctx.resolve(v))
      if (content === undefined)
        throw new CliError(
          `error reading ${flag} data from ${v}: open ${v}: no such file or directory`,
        )
      entry[`${prop}-data`] = btoa(content)
    } else entry[prop] = v
  }
  const named = { name, [field]: entry }
  if (i >= 0) list[i] = named
  else list.push(named)
  save(inv, path, { ...cfg, [key]: list })
  inv.io.out(`${label} "${name}" set.\n`)
  return 0
}

function deleteEntry(
  inv: Invocation,
  key: 'clusters' | 'users' | 'contexts',
  what: string,
): number {
  const { path, cfg } = load(inv)
  const name = inv.args[0]
  if (!name) {
    inv.io.out(helpText(`config delete-${what}`) ?? '')
    return 0
  }
  const list = (cfg[key] ?? []) as { name: string }[]
  if (!list.some((c) => c.name === name))
    throw new CliError(`cannot delete ${what} ${name}, not in ${path}`)
  const next = { ...cfg, [key]: list.filter((c) => c.name !== name) } as Kubeconfig
  save(inv, path, next)
  if (key === 'contexts' && cfg['current-context'] === name)
    inv.io.err(
      'warning: this removed your active context, use "kubectl config use-context" to select a different one\n',
    )
  inv.io.out(`deleted ${what} ${name} from ${path}\n`)
  return 0
}

function renameContext(inv: Invocation): number {
  if (inv.args.length !== 2) {
    inv.io.out(helpText('config rename-context') ?? '')
    throw new CliError(`Unexpected args: [${inv.args.join(' ')}]`)
  }
  const { path, cfg } = load(inv)
  const [from, to] = inv.args
  const contexts = cfg.contexts ?? []
  if (!contexts.some((c) => c.name === from))
    throw new CliError(`cannot rename the context "${from}", it's not in ${path}`)
  if (contexts.some((c) => c.name === to))
    throw new CliError(
      `cannot rename the context "${from}", the context "${to}" already exists in ${path}`,
    )
  save(inv, path, {
    ...cfg,
    contexts: contexts.map((c) => (c.name === from ? { ...c, name: to } : c)),
    'current-context': cfg['current-context'] === from ? to : cfg['current-context'],
  })
  inv.io.out(`Context "${from}" renamed to "${to}".\n`)
  return 0
}

/** `config set|unset contexts.NAME.namespace VALUE`: dotted paths into the named lists. */
function setProperty(inv: Invocation, unset: boolean): number {
  const [prop, value] = inv.args
  if (!prop || (!unset && value === undefined))
    throw new CliError(`Unexpected args: [${inv.args.join(' ')}]`)
  const { path, cfg } = load(inv)
  const parts = prop.split('.')
  const next = JSON.parse(JSON.stringify(cfg)) as any
  if (parts[0] === 'current-context') {
    next['current-context'] = unset ? '' : value
  } else if (['clusters', 'contexts', 'users'].includes(parts[0]) && parts.length >= 3) {
    const field = parts[0] === 'clusters' ? 'cluster' : parts[0] === 'contexts' ? 'context' : 'user'
    const list: any[] = next[parts[0]] ?? []
    let entry = list.find((e) => e.name === parts[1])
    if (!entry) {
      if (unset) throw new CliError(`current map key \`${parts[1]}\` is invalid`)
      entry = { name: parts[1], [field]: {} }
      list.push(entry)
    }
    next[parts[0]] = list
    const key = parts.slice(2).join('.')
    if (unset) delete entry[field][key]
    else entry[field][key] = value
  } else {
    throw new CliError(`unable to locate path ${parts[0]}`)
  }
  save(inv, path, next)
  inv.io.out(`Property "${prop}" ${unset ? 'unset' : 'set'}.\n`)
  return 0
}

registerCommand('config view', view)
registerCommand('config current-context', currentContext)
registerCommand('config use-context', useContext)
registerCommand('config get-contexts', getContexts)
registerCommand('config get-clusters', (inv) => getNames(inv, 'clusters'))
registerCommand('config get-users', (inv) => getNames(inv, 'users'))
registerCommand('config set-context', setContext)
registerCommand('config set-cluster', (inv) =>
  setEntry(
    inv,
    'clusters',
    [
      ['server', 'server'],
      ['certificate-authority', 'certificate-authority'],
      ['insecure-skip-tls-verify', 'insecure-skip-tls-verify'],
      ['tls-server-name', 'tls-server-name'],
      ['proxy-url', 'proxy-url'],
    ],
    'Cluster',
  ),
)
registerCommand('config set-credentials', (inv) =>
  setEntry(
    inv,
    'users',
    [
      ['client-certificate', 'client-certificate'],
      ['client-key', 'client-key'],
      ['token', 'token'],
      ['username', 'username'],
      ['password', 'password'],
    ],
    'User',
  ),
)
registerCommand('config delete-context', (inv) => deleteEntry(inv, 'contexts', 'context'))
registerCommand('config delete-cluster', (inv) => deleteEntry(inv, 'clusters', 'cluster'))
registerCommand('config delete-user', (inv) => deleteEntry(inv, 'users', 'user'))
registerCommand('config rename-context', renameContext)
registerCommand('config set', (inv) => setProperty(inv, false))
registerCommand('config unset', (inv) => setProperty(inv, true))

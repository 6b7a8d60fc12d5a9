import { load } from 'js-yaml'
import { EXCESSIVE_ALIASING, excessiveAliasing } from '../resolve/aliasBudget.ts'
import { JS_YAML_DEPTH, yamlTooDeep, jsYamlDepthMessage } from '../resolve/depthLimit.ts'
import { toYaml } from '../printers/yaml.ts'
import type { CommandContext, FileSystem } from '../../shell/types.ts'
import type { ClusterSpec } from '../../sim/cluster/spec.ts'
import { CliError } from '../cli/errors.ts'

export interface NamedCluster {
  name: string
  cluster: { server?: string; 'certificate-authority-data'?: string; [k: string]: unknown }
}
export interface NamedContext {
  name: string
  context: { cluster?: string; user?: string; namespace?: string; [k: string]: unknown }
}
export interface NamedUser {
  name: string
  user: Record<string, unknown>
}

/** A kubeconfig file as client-go's clientcmd/api/v1 serialises it. */
export interface Kubeconfig {
  apiVersion: string
  clusters: NamedCluster[] | null
  contexts: NamedContext[] | null
  'current-context': string
  kind: string
  preferences: Record<string, unknown>
  users: NamedUser[] | null
}

export function emptyKubeconfig(): Kubeconfig {
  return {
    apiVersion: 'v1',
    clusters: null,
    contexts: null,
    'current-context': '',
    kind: 'Config',
    preferences: {},
    users: null,
  }
}

/** Which file kubectl reads: --kubeconfig, else the first of $KUBECONFIG, else ~/.kube/config. */
export function kubeconfigPath(ctx: CommandContext, flag: string | undefined): string {
  if (flag) return ctx.resolve(flag)
  const env = ctx.env.KUBECONFIG
  if (env) {
    const paths = env.split(':').filter(Boolean)
    const existing = paths.find((p) => ctx.fs.exists(ctx.resolve(p)))
    return ctx.resolve(existing ?? paths[paths.length - 1])
  }
  return `${ctx.env.HOME || '/root'}/.kube/config`
}

export function readKubeconfig(fs: FileSystem, path: string): Kubeconfig {
  const text = fs.read(path)
  if (text === undefined || text.trim() === '') return emptyKubeconfig()
  let doc: unknown
  const fail = (why: string): never => {
    throw new CliError(`error loading config file "${path}": ${why}`)
  }
  const deep = yamlTooDeep(text)
  if (deep) fail(deep.go ?? deep.sim)
  try {
    doc = load(text, JS_YAML_DEPTH as object)
  } catch (e) {
    fail(jsYamlDepthMessage(e) ?? (e as Error).message.split('\n')[0])
  }
  // go-yaml refuses alias bombs while decoding; js-yaml would hand back a shared-reference graph.
  if (excessiveAliasing(doc)) fail(EXCESSIVE_ALIASING)
  const raw = (doc ?? {}) as Partial<Kubeconfig>
  return {
    ...emptyKubeconfig(),
    ...raw,
    'current-context': raw['current-context'] ?? '',
    preferences: raw.preferences ?? {},
  }
}

/** YAML the way `kubectl config` writes it: sorted keys, block lists at the parent's indent. */
export function kubeconfigYaml(cfg: Kubeconfig): string {
  const norm = {
    ...cfg,
    clusters: cfg.clusters?.length ? cfg.clusters : null,
    contexts: cfg.contexts?.length ? cfg.contexts : null,
    users: cfg.users?.length ? cfg.users : null,
  }
  return toYaml(norm)
}

export function writeKubeconfig(fs: FileSystem, path: string, cfg: Kubeconfig): void {
  const dir = path.slice(0, path.lastIndexOf('/'))
  if (dir && !fs.exists(dir)) mkdirp(fs, dir)
  fs.write(path, kubeconfigYaml(cfg))
}

function mkdirp(fs: FileSystem, dir: string): void {
  let cur = ''
  for (const part of dir.split('/').filter(Boolean)) {
    cur += '/' + part
    if (!fs.exists(cur)) fs.mkdir(cur)
  }
}

// A deterministic stand-in for the PEM blocks kubeadm writes: kubectl only ever shows them as
// DATA+OMITTED, and the simulated API server does not check certificates.
const PEM = (label: string): string =>
  btoa(
    `-----BEGIN ${label}-----\nkubeplay simulated ${label.toLowerCase()}\n-----END ${label}-----\n`,
  )

/** The admin kubeconfig kubeadm writes to /etc/kubernetes/admin.conf (and tutorials copy to ~/.kube/config). */
export function adminKubeconfig(cluster: ClusterSpec): Kubeconfig {
  const ctxName = `${cluster.user}@${cluster.name}`
  return {
    apiVersion: 'v1',
    clusters: [
      {
        cluster: { 'certificate-authority-data': PEM('CERTIFICATE'), server: cluster.server },
        name: cluster.name,
      },
    ],
    contexts: [{ context: { cluster: cluster.name, user: cluster.user }, name: ctxName }],
    'current-context': ctxName,
    kind: 'Config',
    preferences: {},
    users: [
      {
        name: cluster.user,
        user: {
          'client-certificate-data': PEM('CERTIFICATE'),
          'client-key-data': PEM('RSA PRIVATE KEY'),
        },
      },
    ],
  }
}

/** Writes the admin kubeconfig to `path` (the shell calls this when it sets up the control-plane node). */
export function installKubeconfig(fs: FileSystem, path: string, cluster: ClusterSpec): void {
  writeKubeconfig(fs, path, adminKubeconfig(cluster))
}

/** What a command talks to, resolved from kubeconfig and the global flags. */
export interface Connection {
  path: string
  config: Kubeconfig
  contextName: string
  namespace: string
  /** Set when the namespace came from -n or the context, rather than the `default` fallback. */
  server: string
  user?: NamedUser
}

export function resolveConnection(
  ctx: CommandContext,
  cluster: ClusterSpec,
  flags: { kubeconfig?: string; context?: string; namespace?: string; server?: string },
): Connection {
  const path = kubeconfigPath(ctx, flags.kubeconfig)
  if (flags.kubeconfig && !ctx.fs.exists(path))
    throw new CliError(`stat ${flags.kubeconfig}: no such file or directory`)
  const config = readKubeconfig(ctx.fs, path)
  const contextName = flags.context || config['current-context']
  const named = config.contexts?.find((c) => c.name === contextName)
  if (flags.context && !named)
    throw new CliError(`context was not found for specified context: ${flags.context}`)
  const clusterEntry = config.clusters?.find((c) => c.name === named?.context.cluster)
  if (named?.context.cluster && !clusterEntry && !flags.server)
    throw new CliError(`cluster "${named.context.cluster}" not found`, false)
  const server = flags.server || clusterEntry?.cluster.server || 'http://localhost:8080'
  return {
    path,
    config,
    contextName,
    namespace: flags.namespace || named?.context.namespace || 'default',
    server,
    user: config.users?.find((u) => u.name === named?.context.user),
  }
}

/** Fails the way kubectl does when the configured server is not our cluster's API server. */
export function checkReachable(conn: Connection, cluster: ClusterSpec): void {
  if (sameServer(conn.server, cluster.server)) {
    const u = conn.user?.user ?? {}
    const hasCreds = [
      'client-certificate-data',
      'client-certificate',
      'token',
      'tokenFile',
      'exec',
    ].some((k) => u[k] !== undefined)
    if (!hasCreds)
      throw new CliError('error: You must be logged in to the server (Unauthorized)', true)
    return
  }
  const host = conn.server.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '')
  throw new CliError(
    `The connection to the server ${host} was refused - did you specify the right host or port?`,
    true,
  )
}

function sameServer(a: string, b: string): boolean {
  const norm = (s: string): string => s.replace(/\/+$/, '')
  return norm(a) === norm(b)
}

import type { IO, Proc } from '../shell/types.ts'
import type { AttachRequest } from '../kubectl/index.ts'
import type { ClusterSpec } from '../sim/cluster/spec.ts'
import { createSim, Sim, type SimSnapshot } from '../sim/sim.ts'
import { presetCluster, type PresetName } from '../sim/cluster/presets.ts'
import { createFs, joinPath, loadFs, type FsJSON, type MemFs } from '../shell/fs.ts'
import { runScript } from '../shell/interpreter.ts'
import { exportedEnv, newState, type CommandTable, type ShellState } from '../shell/state.ts'
import { installKubeconfig } from '../kubectl/index.ts'
import { hostCommands } from './hostCommands.ts'
import { strftime } from '../shell/dateFormat.ts'
import { completeLine } from './complete.ts'
import { expandHistory } from './historyExpand.ts'

export const SESSION_SNAPSHOT_VERSION = 1
/** A learner is handed a cluster that has been running for a while, with every system pod up. */
export const CLUSTER_UP_FOR_MS = 47 * 60_000

export interface SessionOptions {
  seed?: number
  /** Virtual start time: ISO string or epoch ms. */
  start?: string | number
  profile?: 'realistic' | 'fast'
  /** A cluster shape or the name of a preset (`kubeadm`, `minikube`, `tutorial-001`, `large`). */
  cluster?: ClusterSpec | PresetName
  /** Files for the home directory (paths relative to /root, or absolute). */
  files?: Record<string, string>
  /** How long the cluster has been up when the learner arrives (default 47 minutes: settled, not new). */
  upForMs?: number
  /** Keep the files of an earlier session (resetting the cluster keeps the learner's files). */
  filesFrom?: MemFs
  attach?: (req: AttachRequest) => Proc
}

export interface SessionSnapshot {
  version: number
  sim: SimSnapshot
  fs: FsJSON
  shell: ShellState
}

/** A terminal on the control-plane node of a simulated cluster: cluster, files and shell together. */
export interface Session {
  readonly sim: Sim
  readonly fs: MemFs
  readonly shell: ShellState
  /** The control-plane node the terminal runs on. */
  readonly node: string
  readonly commands: CommandTable
  /** Runs one command line (or a multi-line script) in the node's shell. */
  exec(line: string, io: IO, opts?: { record?: boolean }): Proc
  /** `root@control-plane:~# ` */
  prompt(): string
  /** Completions for the word before the cursor (`line` ends at the cursor). */
  complete(line: string): string[]
  snapshot(): SessionSnapshot
}

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

function resolveCluster(c: SessionOptions['cluster']): ClusterSpec | undefined {
  return typeof c === 'string' ? presetCluster(c) : c
}

function controlPlane(sim: Sim): string {
  return (sim.cluster.nodes.find((n) => n.role === 'control-plane') ?? sim.cluster.nodes[0]).name
}

/** Writes what a freshly installed node has: kubeconfig files, hostname, hosts. */
function provisionNode(fs: MemFs, sim: Sim, node: string): void {
  if (!fs.exists('/root/.kube/config')) {
    fs.mkdir('/root/.kube')
    if (sim.cluster.flavor === 'minikube') fs.write('/root/.kube/config', minikubeKubeconfig(sim))
    else installKubeconfig(fs, '/root/.kube/config', sim.cluster)
  }
  if (sim.cluster.flavor === 'kubeadm' && !fs.exists('/etc/kubernetes/admin.conf')) {
    fs.mkdir('/etc/kubernetes')
    installKubeconfig(fs, '/etc/kubernetes/admin.conf', sim.cluster)
    fs.chmod('/etc/kubernetes/admin.conf', 0o600)
  }
  const ip = sim.cluster.nodes.find((n) => n.name === node)?.ip ?? '127.0.1.1'
  fs.write('/etc/hostname', node + '\n')
  fs.write(
    '/etc/hosts',
    `127.0.0.1 localhost\n${ip} ${node}\n\n# The following lines are desirable for IPv6 capable hosts\n::1     ip6-localhost ip6-loopback\nfe00::0 ip6-localnet\nff00::0 ip6-mcastprefix\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n`,
  )
  // uname reads the kernel the Node object reports (status.nodeInfo.kernelVersion).
  const nodeObj = sim.api.tryGet('nodes', '', node) as
    { status?: { nodeInfo?: { kernelVersion?: string } } } | undefined
  const kernel = nodeObj?.status?.nodeInfo?.kernelVersion
  if (kernel) {
    fs.mkdir('/proc/sys/kernel')
    fs.write('/proc/sys/kernel/osrelease', kernel + '\n')
  }
  fs.write('/etc/resolv.conf', 'nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n')
}

/** The kubeconfig `minikube start` writes: context, cluster and user all named after the profile. */
function minikubeKubeconfig(sim: Sim): string {
  const name = sim.cluster.name
  const stamp = strftime('%a, %d %b %Y %H:%M:%S %Z', sim.now())
  const ext = (kind: string): string =>
    `    extensions:\n    - extension:\n        last-update: ${stamp}\n        provider: minikube.sigs.k8s.io\n        version: v1.35.0\n      name: ${kind}\n`
  return (
    `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority: /root/.minikube/ca.crt\n${ext('cluster_info')}    server: ${sim.cluster.server}\n  name: ${name}\n` +
    `contexts:\n- context:\n    cluster: ${name}\n${ext('context_info')}    namespace: default\n    user: ${name}\n  name: ${name}\n` +
    `current-context: ${name}\nkind: Config\npreferences: {}\nusers:\n- name: ${name}\n  user:\n    client-certificate: /root/.minikube/profiles/${name}/client.crt\n    client-key: /root/.minikube/profiles/${name}/client.key\n`
  )
}

function initialShell(node: string): ShellState {
  const st = newState({
    env: {
      HOME: '/root',
      PATH,
      HOSTNAME: node,
      USER: 'root',
      LOGNAME: 'root',
      SHELL: '/bin/bash',
      PWD: '/root',
      TERM: 'xterm-256color',
      LANG: 'C.UTF-8',
    },
    cwd: '/root',
    name: 'bash',
    pid: 4242,
  })
  st.aliases = { k: 'kubectl', kk: 'kubectl' }
  return st
}

function build(
  sim: Sim,
  fs: MemFs,
  shell: ShellState,
  opts: Pick<SessionOptions, 'attach'>,
): Session {
  const node = controlPlane(sim)
  fs.clock = () => sim.now()
  const commands = hostCommands(sim, node, { attach: opts.attach })
  const ctxFor = (io: IO) => ({
    io,
    env: exportedEnv(shell),
    cwd: shell.cwd,
    fs,
    now: () => sim.now(),
    resolve: (p: string) => joinPath(shell.cwd, p),
  })
  return {
    sim,
    fs,
    shell,
    node,
    commands,
    exec(line, io, o = {}) {
      if (o.record !== false) {
        const h = expandHistory(line, shell.history)
        if ('error' in h) return failed(io, h.error, shell)
        // Bash shows the line it will run after expanding history references.
        if (h.changed) io.out(h.line + '\n')
        line = h.line
        if (line.trim()) shell.history.push(line.replace(/\n+$/, ''))
      }
      return runScript(line, ctxFor(io), commands, shell)
    },
    prompt() {
      const home = shell.vars.HOME ?? '/root'
      const cwd =
        shell.cwd === home
          ? '~'
          : shell.cwd.startsWith(home + '/')
            ? '~' + shell.cwd.slice(home.length)
            : shell.cwd
      return `root@${node}:${cwd}# `
    },
    complete(line) {
      return completeLine(line, { sim, fs, shell, commands })
    },
    snapshot() {
      return JSON.parse(
        JSON.stringify({
          version: SESSION_SNAPSHOT_VERSION,
          sim: sim.snapshot(),
          fs: fs.toJSON(),
          shell,
        }),
      )
    },
  }
}

// eslint-disable-next-line require-yield -- a command that fails before it starts still is a Proc
function* failed(io: IO, message: string, shell: ShellState): Proc {
  io.err(message + '\n')
  shell.status = 1
  return 1
}

export function createSession(opts: SessionOptions = {}): Session {
  const sim = createSim({
    seed: opts.seed,
    start: opts.start,
    profile: opts.profile,
    cluster: resolveCluster(opts.cluster),
    upForMs: opts.upForMs ?? CLUSTER_UP_FOR_MS,
  })
  const node = controlPlane(sim)
  const fs = opts.filesFrom ? loadFs(opts.filesFrom.toJSON()) : createFs()
  fs.clock = () => sim.now()
  for (const [path, content] of Object.entries(opts.files ?? {})) {
    const abs = joinPath('/root', path)
    fs.mkdir(abs.slice(0, abs.lastIndexOf('/')) || '/')
    fs.write(abs, content)
  }
  provisionNode(fs, sim, node)
  return build(sim, fs, initialShell(node), opts)
}

export function restoreSession(json: unknown, opts: Pick<SessionOptions, 'attach'> = {}): Session {
  const snap = json as SessionSnapshot
  if (snap.version !== SESSION_SNAPSHOT_VERSION)
    throw new Error(`unsupported session snapshot version ${snap.version}`)
  return build(Sim.restore(snap.sim), loadFs(snap.fs), structuredClone(snap.shell), opts)
}
export { runLineSync, type RunSyncOptions, type RunSyncResult } from './runSync.ts'

import type { CommandContext, IO, Proc } from '../../shell/types.ts'
import type { Sim } from '../../sim/sim.ts'
import type { KObject } from '../../sim/api/types.ts'
import type { ApiServer } from '../../sim/apiserver/apiServer.ts'
import type { FlagDef, Flags } from './flags.ts'
import type { Connection } from '../kubeconfig/kubeconfig.ts'

/** An interactive session the terminal runs in place of kubectl (exec -it, run -it, attach). */
export interface AttachRequest {
  pod: KObject
  container: string
  /** The program to run; empty for `run -it` (attach to the container's own process). */
  command: string[]
  tty: boolean
  stdin: boolean
  /** The container shell's prompt, from the runtime. */
  prompt: string
}

export interface KubectlContext extends CommandContext {
  sim: Sim
  /**
   * The terminal's hook for interactive sessions: it switches into the container's shell and
   * returns the session's exit code. Without it (scripts, tests), sessions run non-interactively
   * with the command's stdin.
   */
  attach?: (req: AttachRequest) => Proc
}

/** Everything a verb needs once the command line and kubeconfig are resolved. */
export interface Invocation {
  ctx: KubectlContext
  io: IO
  sim: Sim
  api: ApiServer
  flags: Flags
  args: string[]
  /** Index in `args` where `--` was (cobra ArgsLenAtDash), or -1. */
  dashAt: number
  /** `kubectl get`, `kubectl create deployment`: used in usage and help messages. */
  path: string
  /** Lazily resolves kubeconfig and checks the server is reachable (config commands never do). */
  connect(): Connection
  /** Namespace from -n, else the context's, else `default`. */
  namespace(): string
  /** Whether -n/--namespace was given explicitly. */
  explicitNamespace: boolean
}

export interface CommandSpec {
  name: string
  aliases?: string[]
  /** One-line summary for `kubectl` without arguments and "Did you mean" suggestions. */
  short?: string
  flags: FlagDef[]
  /** Flags cobra marks required (`error: required flag(s) "image" not set`). */
  required?: string[]
  subcommands?: CommandSpec[]
  run?(inv: Invocation): Proc
}

export const GLOBAL_FLAGS: FlagDef[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'context', type: 'string' },
  { name: 'kubeconfig', type: 'string' },
  { name: 'cluster', type: 'string' },
  { name: 'user', type: 'string' },
  { name: 'server', short: 's', type: 'string' },
  { name: 'token', type: 'string' },
  { name: 'request-timeout', type: 'string' },
  { name: 'v', short: 'v', type: 'int' },
  { name: 'vmodule', type: 'string' },
  { name: 'as', type: 'string' },
  { name: 'as-group', type: 'stringArray' },
  { name: 'as-uid', type: 'string' },
  { name: 'cache-dir', type: 'string' },
  { name: 'certificate-authority', type: 'string' },
  { name: 'client-certificate', type: 'string' },
  { name: 'client-key', type: 'string' },
  { name: 'disable-compression', type: 'bool' },
  { name: 'insecure-skip-tls-verify', type: 'bool' },
  { name: 'log-flush-frequency', type: 'duration' },
  { name: 'match-server-version', type: 'bool' },
  { name: 'password', type: 'string' },
  { name: 'username', type: 'string' },
  { name: 'profile', type: 'string' },
  { name: 'profile-output', type: 'string' },
  { name: 'tls-server-name', type: 'string' },
  { name: 'warnings-as-errors', type: 'bool' },
]

/** Flags shared by verbs that read manifests. */
export const FILE_FLAGS: FlagDef[] = [
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'kustomize', short: 'k', type: 'string' },
]

export const OUTPUT_FLAGS: FlagDef[] = [
  { name: 'output', short: 'o', type: 'string' },
  { name: 'template', type: 'string' },
  { name: 'show-managed-fields', type: 'bool' },
  { name: 'allow-missing-template-keys', type: 'bool' },
]

export const DRY_RUN: FlagDef = { name: 'dry-run', type: 'string', noOptDefault: 'unchanged' }
export const SELECTOR: FlagDef = { name: 'selector', short: 'l', type: 'string' }
export const FIELD_MANAGER: FlagDef = { name: 'field-manager', type: 'string' }
export const VALIDATE: FlagDef = { name: 'validate', type: 'string', noOptDefault: 'strict' }

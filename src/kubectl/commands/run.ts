import type { Proc } from '../../shell/types.ts'
import type { KObject } from '../../sim/api/types.ts'
import { resourceById } from '../../sim/api/resources.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError, usageError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { mergePatch } from '../../sim/apiserver/patch.ts'
import { dryRunOf } from './common.ts'
import { createGenerated, meta } from './generate.ts'
import { attachSession, feedStdin } from './attachSession.ts'
import { containerStatus, runtimeOf } from './pods.ts'
import { waitFor } from './getWatch.ts'

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/

function labelsFrom(spec: string, name: string): Record<string, string> {
  if (!spec) return { run: name }
  const out: Record<string, string> = {}
  for (const part of spec.split(',')) {
    const [k, v] = part.split('=')
    if (v === undefined || !k) throw new CliError(`invalid label spec: ${part}`)
    out[k] = v
  }
  return out
}

function resources(spec: string): Record<string, string> | undefined {
  if (!spec) return undefined
  const out: Record<string, string> = {}
  for (const part of spec.split(',')) {
    const kv = part.split('=')
    if (kv.length !== 2)
      throw new CliError(`Invalid argument syntax ${part}, expected <resource>=<value>`)
    out[kv[0]] = kv[1]
  }
  return out
}

/** The Pod `kubectl run` generates (generate/versioned BasicPod). */
export function runPod(inv: Invocation, name: string, args: string[]): KObject {
  const container: Record<string, unknown> = { image: inv.flags.str('image'), name }
  if (args.length) container[inv.flags.bool('command') ? 'command' : 'args'] = args
  const envs = inv.flags.list('env').map((e) => {
    const i = e.indexOf('=')
    if (i <= 0 || !ENV_NAME.test(e.slice(0, i))) throw new CliError(`invalid env: ${e}`)
    return { name: e.slice(0, i), value: e.slice(i + 1) }
  })
  if (envs.length) container.env = envs
  const pull = inv.flags.str('image-pull-policy')
  if (pull) container.imagePullPolicy = pull
  const port = inv.flags.str('port')
  if (port) {
    if (!/^\d+$/.test(port) || Number(port) > 65535) throw new CliError(`invalid port: "${port}"`)
    container.ports = [{ containerPort: Number(port) }]
  }
  const limits = resources(inv.flags.str('limits'))
  const requests = resources(inv.flags.str('requests'))
  container.resources = { ...(limits ? { limits } : {}), ...(requests ? { requests } : {}) }
  const stdin = inv.flags.bool('stdin')
  if (stdin) {
    container.stdin = true
    if (!inv.flags.bool('leave-stdin-open')) container.stdinOnce = true
  }
  if (inv.flags.bool('tty')) container.tty = true
  if (inv.flags.bool('privileged')) container.securityContext = { privileged: true }
  const annotations: Record<string, string> = {}
  for (const a of inv.flags.list('annotations')) {
    const i = a.indexOf('=')
    if (i <= 0) throw new CliError(`invalid annotation spec: ${a}`)
    annotations[a.slice(0, i)] = a.slice(i + 1)
  }
  const spec: Record<string, unknown> = {
    containers: [container],
    dnsPolicy: 'ClusterFirst',
    restartPolicy: inv.flags.str('restart') || 'Always',
  }
  const sa = inv.flags.str('serviceaccount')
  if (sa) spec.serviceAccountName = sa
  let pod: KObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, {
      ...(Object.keys(annotations).length ? { annotations } : {}),
      labels: labelsFrom(inv.flags.str('labels'), name),
    }),
    spec,
    status: {},
  }
  const overrides = inv.flags.str('overrides')
  if (overrides) {
    let patch: unknown
    try {
      patch = JSON.parse(overrides)
    } catch (e) {
      throw new CliError(`error: unable to parse overrides: ${(e as Error).message}`)
    }
    pod = mergePatch(pod, patch) as KObject
  }
  return pod
}

function* run(inv: Invocation): Proc {
  const before = inv.dashAt >= 0 ? inv.args.slice(0, inv.dashAt) : inv.args
  const name = before[0]
  if (!name) throw usageError(inv.path, 'NAME is required for run')
  const args = inv.dashAt >= 0 ? inv.args.slice(inv.dashAt) : inv.args.slice(1)
  const restart = inv.flags.str('restart') || 'Always'
  if (!['Always', 'OnFailure', 'Never'].includes(restart))
    throw usageError(inv.path, `invalid restart policy: ${restart}`)
  const stdin = inv.flags.bool('stdin')
  const tty = inv.flags.bool('tty')
  const attach = inv.flags.has('attach') ? inv.flags.bool('attach') : stdin
  const dry = dryRunOf(inv)
  if (dry !== 'none' && (attach || stdin || tty))
    throw usageError(
      inv.path,
      "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)",
    )
  const rm = inv.flags.bool('rm')
  if (rm && !attach) throw usageError(inv.path, '--rm should only be used for attached containers')
  if (tty && !stdin)
    throw usageError(inv.path, '-i/--stdin is required for containers with -t/--tty=true')
  const pod = runPod(inv, name, args)
  if (!attach) {
    createGenerated(inv, resourceById('pods'), pod)
    return 0
  }
  inv.connect()
  const ns = inv.namespace()
  const created = inv.api.create('pods', {
    ...pod,
    metadata: { ...pod.metadata, namespace: ns },
  }).object
  const code = yield* attachToPod(inv, created, { stdin, tty })
  // kubectl's wait after --rm still sees the pod: it is gone only once the kubelet has stopped it.
  const last = inv.api.tryGet('pods', ns, name)
  if (rm) {
    inv.api.delete('pods', ns, name, {})
    inv.io.out(`pod "${name}" deleted\n`)
  }
  if (code === 130 && inv.io.interrupted()) return code
  // kubectl's exit code is the pod's only when the pod ends by itself (restart Never/OnFailure).
  if (restart === 'Always' || inv.flags.bool('leave-stdin-open')) return 0
  return yield* podExitCode(inv, ns, name, restart, last)
}

/** kubectl run waits for the pod to finish and exits with its container's code. */
function* podExitCode(
  inv: Invocation,
  ns: string,
  name: string,
  restart: string,
  last: KObject | undefined,
): Proc {
  const timeout = inv.flags.duration('pod-running-timeout', 60_000)
  const current = (): KObject | undefined => inv.api.tryGet('pods', ns, name) ?? last
  const phase = (): string | undefined => current()?.status?.phase
  const done = yield* waitFor(
    inv,
    () => phase() === 'Succeeded' || (restart === 'Never' && phase() === 'Failed') || !phase(),
    inv.ctx.now() + timeout,
  )
  if (!done) throw new CliError('timed out waiting for the condition')
  const pod = current()
  if (!pod) throw new CliError(`pods "${name}" not found`)
  if (pod.status.phase === 'Succeeded') return 0
  const term = pod.status?.containerStatuses?.[0]?.state?.terminated
  if (!term || !term.exitCode) throw new CliError(`pod ${ns}/${name} failed with unknown exit code`)
  const text = `pod ${ns}/${name} terminated (${term.reason})\n${term.message ?? ''}`
  inv.io.err(text.endsWith('\n') ? text : text + '\n')
  return term.exitCode
}

/** `run -i/-it`: wait for the container to start, then follow its output or hand over the terminal. */
function* attachToPod(inv: Invocation, pod: KObject, mode: { stdin: boolean; tty: boolean }): Proc {
  const ns = pod.metadata.namespace
  const name = pod.metadata.name ?? ''
  const timeout = inv.flags.duration('pod-running-timeout', 60_000)
  const live = (): KObject | undefined => inv.api.tryGet('pods', ns, name)
  const state = (): any => containerStatus(live() ?? pod, name)?.state
  const started = yield* waitFor(
    inv,
    () => !!state()?.running || !!state()?.terminated,
    inv.ctx.now() + timeout,
  )
  if (!started) throw new CliError('timed out waiting for the condition')
  const current = live() ?? pod
  // Attaching to a running container (with or without a terminal) starts with this hint; a
  // container that already ended has its logs shown instead.
  if (state()?.running) inv.io.err("If you don't see a command prompt, try pressing enter.\n")
  if (mode.tty && state()?.running && inv.ctx.attach)
    return yield* attachSession(inv, current, name)
  // Without a terminal, attaching shows the container's output until it exits.
  const fed = mode.stdin && state()?.running ? yield* feedStdin(inv, current, name) : undefined
  const rt = runtimeOf(inv)
  let shown = 0
  // What the process wrote while reading the input was shown already.
  if (fed !== undefined) shown = rt.logs(live() ?? current, name).length
  for (;;) {
    const lines = rt.logs(live() ?? current, name)
    for (const l of lines.slice(shown)) inv.io.out(l.text + '\n')
    shown = lines.length
    const term = state()?.terminated
    if (term || !live()) return term?.exitCode ?? 0
    const more = yield* waitFor(
      inv,
      () => !!state()?.terminated || rt.logs(live() ?? current, name).length > shown,
      Number.POSITIVE_INFINITY,
    )
    if (!more) return 130
  }
}

registerCommand('run', run, ['image'])

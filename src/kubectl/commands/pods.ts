import type { KObject } from '../../sim/api/types.ts'
import type { ContainerRuntime } from '../../sim/kubelet/runtimeApi.ts'
import { badRequest, isNotFound } from '../../sim/api/errors.ts'
import { matchesRequirements, parseLabelSelector } from '../../sim/api/selectors.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError } from '../cli/errors.ts'
import { resolveType } from '../resolve/types.ts'

/** The container runtime of the simulated kubelets. */
export function runtimeOf(inv: Invocation): ContainerRuntime {
  const rt = inv.sim.services.get('runtime') as ContainerRuntime | undefined
  if (!rt)
    throw new CliError(
      'unable to upgrade connection: no container runtime is running in this simulated cluster',
    )
  return rt
}

const DEFAULT_CONTAINER = 'kubectl.kubernetes.io/default-container'

/**
 * The container a command acts on: -c, else the default-container annotation, else the first,
 * announcing the choice on stderr when the pod has several (as kubectl does).
 */
export function pickContainer(inv: Invocation, pod: KObject, explicit: string): string {
  const containers: { name: string }[] = pod.spec?.containers ?? []
  const inits: { name: string }[] = pod.spec?.initContainers ?? []
  const ephemeral: { name: string }[] = pod.spec?.ephemeralContainers ?? []
  const podName = pod.metadata.name ?? ''
  if (explicit) {
    if ([...containers, ...inits, ...ephemeral].some((c) => c.name === explicit)) return explicit
    throw new CliError(`container ${explicit} is not valid for pod ${podName}`)
  }
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER]
  if (annotated && containers.some((c) => c.name === annotated)) return annotated
  const first = containers[0]?.name ?? ''
  if (containers.length + inits.length + ephemeral.length > 1) {
    const all = [
      ...containers.map((c) => c.name),
      ...inits.map((c) => `${c.name} (init)`),
      ...ephemeral.map((c) => `${c.name} (ephem)`),
    ].join(', ')
    inv.io.err(`Defaulted container "${first}" out of: ${all}\n`)
  }
  return first
}

/**
 * `POD`, `pod/NAME` or `TYPE/NAME` of a workload: the pod to attach to. For workloads kubectl
 * picks one of the selected pods and says which.
 */
export function podForArg(inv: Invocation, arg: string, announce: boolean): KObject {
  const ns = inv.namespace()
  const slash = arg.indexOf('/')
  if (slash < 0) return inv.api.get('pods', ns, arg)
  const info = resolveType(arg.slice(0, slash))
  const name = arg.slice(slash + 1)
  if (info.id === 'pods') return inv.api.get('pods', ns, name)
  const owner = inv.api.get(info.id, info.namespaced ? ns : undefined, name)
  const selector = selectorOf(owner)
  if (!selector)
    throw new CliError(`cannot attach to ${info.kind}: selector for ${info.kind} not implemented`)
  const pods = inv.api
    .list('pods', { namespace: ns, labelSelector: selector })
    .items.filter((p) => !p.metadata.deletionTimestamp)
    .sort(activeFirst)
  if (!pods.length) throw new CliError(`timed out waiting for the condition`)
  if (announce && pods.length > 1)
    inv.io.err(`Found ${pods.length} pods, using pod/${pods[0].metadata.name}\n`)
  return pods[0]
}

function selectorOf(obj: KObject): string | undefined {
  const sel = obj.spec?.selector
  if (!sel) return undefined
  if (sel.matchLabels || sel.matchExpressions) {
    const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`)
    for (const e of sel.matchExpressions ?? []) {
      const vals = (e.values ?? []).join(',')
      if (e.operator === 'In') parts.push(`${e.key} in (${vals})`)
      else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${vals})`)
      else if (e.operator === 'Exists') parts.push(e.key)
      else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`)
    }
    return parts.join(',')
  }
  return Object.entries(sel as Record<string, string>)
    .map(([k, v]) => `${k}=${v}`)
    .join(',')
}

export { selectorOf }

/** kubectl's ActivePods ordering, reduced to what matters here: running and ready pods first. */
function activeFirst(a: KObject, b: KObject): number {
  const rank = (p: KObject): number => {
    const phase = p.status?.phase
    const ready = (p.status?.conditions ?? []).some(
      (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
    )
    return (phase === 'Running' ? 0 : phase === 'Pending' ? 1 : 2) * 2 + (ready ? 0 : 1)
  }
  return rank(a) - rank(b) || String(a.metadata.name).localeCompare(String(b.metadata.name))
}

/** Pods selected by -l in the namespace. */
export function podsBySelector(inv: Invocation, selector: string, allNs = false): KObject[] {
  const reqs = parseLabelSelector(selector)
  return inv.api
    .list('pods', { namespace: allNs ? undefined : inv.namespace() })
    .items.filter((p) => matchesRequirements(p.metadata.labels, reqs))
}

export function containerStatus(pod: KObject, container: string): any {
  const all = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.ephemeralContainerStatuses ?? []),
  ]
  return all.find((s: { name: string }) => s.name === container)
}

/** The kubelet's refusal to serve logs of a container that has not started (validateContainerLogStatus). */
export function checkLogsAvailable(pod: KObject, container: string, previous: boolean): void {
  const st = containerStatus(pod, container)
  const podName = pod.metadata.name
  if (previous) {
    if (!st?.lastState?.terminated)
      throw badRequest(`previous terminated container "${container}" in pod "${podName}" not found`)
    return
  }
  const waiting = st?.state?.waiting
  if (st && !st.state?.running && !st.state?.terminated && st.lastState?.terminated === undefined) {
    const reason = waiting?.reason ?? 'ContainerCreating'
    const text =
      reason === 'ErrImagePull'
        ? "image can't be pulled"
        : reason === 'ImagePullBackOff'
          ? 'trying and failing to pull image'
          : reason
    throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${text}`)
  }
  if (!st && pod.spec?.nodeName)
    throw badRequest(
      `container "${container}" in pod "${podName}" is waiting to start: ContainerCreating`,
    )
}

export function isMissing(e: unknown): boolean {
  return isNotFound(e)
}

/**
 * The read-only kubectl commands that show a cluster state: every listing format for each kind the
 * scenario created, describe of each object, events, rollout status and history, logs, explain.
 */
import type { KObject } from '../../sim/api/types.ts'
import { maybeResourceById, type ResourceInfo } from '../../sim/api/resources.ts'
import type { Sim } from '../../sim/sim.ts'

const WORKLOADS = new Set(['deployments.apps', 'daemonsets.apps', 'statefulsets.apps'])
/** Kinds every cluster has that show the scenario's effects on nodes and namespaces. */
const ALWAYS_CLUSTER = ['nodes', 'namespaces']

function kindArg(r: ResourceInfo): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural
}

interface Found {
  resource: ResourceInfo
  objects: KObject[]
}

/** The scenario's objects by kind: those not in `systemKeys` and not in kube-* namespaces. */
export function scenarioObjects(sim: Sim, systemKeys: Set<string>): Found[] {
  const snap = sim.snapshot()
  const found: Found[] = []
  for (const [id, objects] of Object.entries(snap.objects)) {
    const resource = maybeResourceById(id)
    if (!resource || !resource.verbs.includes('list')) continue
    const mine = objects.filter((o) => {
      const ns = o.metadata.namespace ?? ''
      return !ns.startsWith('kube-') && !systemKeys.has(`${id}/${ns}/${o.metadata.name}`)
    })
    if (mine.length || ALWAYS_CLUSTER.includes(id)) found.push({ resource, objects: mine })
  }
  return found
}

function namespacesOf(objects: KObject[]): string[] {
  return [...new Set(objects.map((o) => o.metadata.namespace ?? ''))].sort()
}

function listingCommands(kind: string, nsArgs: string[]): string[][] {
  return [
    ['get', kind, ...nsArgs],
    ['get', kind, ...nsArgs, '-o', 'wide'],
    ['get', kind, ...nsArgs, '-o', 'yaml'],
    ['get', kind, ...nsArgs, '-o', 'json'],
    ['get', kind, ...nsArgs, '-o', 'name'],
    ['get', kind, ...nsArgs, '--show-labels'],
  ]
}

function podCommands(pod: KObject): string[][] {
  const spec = (pod.spec ?? {}) as {
    containers?: { name: string }[]
    initContainers?: { name: string }[]
  }
  const status = (pod.status ?? {}) as {
    containerStatuses?: { name: string; restartCount?: number }[]
    initContainerStatuses?: { name: string; restartCount?: number }[]
  }
  const restarted = new Set(
    [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])]
      .filter((s) => (s.restartCount ?? 0) > 0)
      .map((s) => s.name),
  )
  const ns = ['-n', pod.metadata.namespace ?? 'default']
  const name = pod.metadata.name!
  const out: string[][] = [['logs', name, ...ns]]
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    out.push(['logs', name, '-c', c.name, ...ns])
    // without a restart, --previous is one error message: ask it once per pod
    if (restarted.has(c.name) || out.length === 2)
      out.push(['logs', name, '-c', c.name, '--previous', ...ns])
  }
  return out
}

/** Commands whose output depends only on the cluster state (no waiting, no changes). */
export function readCommands(sim: Sim, systemKeys: Set<string>): string[][] {
  const found = scenarioObjects(sim, systemKeys)
  const commands: string[][] = []
  const namespaces = new Set<string>()
  for (const { resource, objects } of found) {
    const kind = kindArg(resource)
    if (resource.namespaced) {
      for (const ns of namespacesOf(objects)) {
        namespaces.add(ns)
        commands.push(...listingCommands(kind, ['-n', ns]))
      }
      commands.push(['get', kind, '-A'])
    } else commands.push(...listingCommands(kind, []))
    if (resource.id !== 'events') commands.push(['explain', kind])
    const described = resource.id === 'nodes' ? sortedByName(objects, sim) : objects
    for (const o of described) {
      const ns = o.metadata.namespace ? ['-n', o.metadata.namespace] : []
      if (resource.id !== 'events') commands.push(['describe', kind, o.metadata.name!, ...ns])
      if (WORKLOADS.has(resource.id)) {
        const ref = `${resource.plural}/${o.metadata.name}`
        commands.push(['rollout', 'status', ref, '--watch=false', ...ns])
        commands.push(['rollout', 'history', ref, ...ns])
      }
      if (resource.id === 'pods') commands.push(...podCommands(o))
    }
  }
  for (const ns of [...namespaces].sort()) {
    commands.push(['get', 'events', '-n', ns, '--sort-by=.metadata.creationTimestamp'])
    commands.push(['events', '-n', ns])
    commands.push(['get', 'all', '-n', ns])
  }
  return commands
}

/** Nodes are cluster objects even when the scenario did not create them: describe every one. */
function sortedByName(objects: KObject[], sim: Sim): KObject[] {
  const all = objects.length ? objects : sim.api.list('nodes', {}).items
  return [...all].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))
}

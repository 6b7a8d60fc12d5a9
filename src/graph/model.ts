import type { KObject } from '../sim/api/types.ts'
import { matchesMapSelector } from '../sim/api/selectors.ts'
import { podLook, podReady, podStatusText, type PodLook } from './podStatus.ts'

/** Objects by storage resource id, as the UI store keeps them. */
export type ObjectsByResource = Record<string, KObject[]>

export type GraphNodeKind =
  | 'node'
  | 'pod'
  | 'podGroup'
  | 'deployment'
  | 'replicaset'
  | 'statefulset'
  | 'daemonset'
  | 'job'
  | 'cronjob'
  | 'service'
  | 'configmap'
  | 'secret'
  | 'pvc'

export interface GraphNode {
  id: string
  kind: GraphNodeKind
  name: string
  namespace?: string
  /** Resource id and key, so a click can open the inspector. */
  ref?: { resource: string; namespace?: string; name: string }
  /** Node a pod runs on ('' for unscheduled). */
  host?: string
  look?: PodLook
  status?: string
  ready?: boolean
  /** For grouped pods and controllers: how many. */
  count?: number
  detail?: string
  /** Accessible name: "Pod web-7d9c5b-x2x9q, Running, ready, on node worker-1". */
  label: string
}

export interface GraphEdge {
  id: string
  source: string
  target: string
  kind: 'owns' | 'selects' | 'selectsNotReady' | 'mounts'
}

export interface ClusterGraph {
  nodes: GraphNode[]
  edges: GraphEdge[]
}

const WORKLOADS: [string, GraphNodeKind, string][] = [
  ['deployments.apps', 'deployment', 'Deployment'],
  ['statefulsets.apps', 'statefulset', 'StatefulSet'],
  ['daemonsets.apps', 'daemonset', 'DaemonSet'],
  ['cronjobs.batch', 'cronjob', 'CronJob'],
  ['jobs.batch', 'job', 'Job'],
  ['replicasets.apps', 'replicaset', 'ReplicaSet'],
]

/** Above this many pods in view, pods are drawn as one group per owner and node. */
export const GROUP_THRESHOLD = 250

const id = (resource: string, o: KObject): string =>
  `${resource}/${o.metadata.namespace ?? ''}/${o.metadata.name}`

/**
 * Builds the graph the app draws from the cluster's objects: nodes hold their pods, controllers own
 * what they create, Services point at the pods they select. Pure, so it is tested in Node.
 */
export function buildGraph(all: ObjectsByResource, namespace: string | null): ClusterGraph {
  const inNs = (o: KObject): boolean => namespace === null || o.metadata.namespace === namespace
  const nodes: GraphNode[] = []
  const edges: GraphEdge[] = []
  const byUid = new Map<string, string>()

  for (const n of sorted(all['nodes'])) {
    const ready = (n.status?.conditions ?? []).some(
      (c: any) => c.type === 'Ready' && c.status === 'True',
    )
    const status =
      (ready ? 'Ready' : 'NotReady') + (n.spec?.unschedulable ? ',SchedulingDisabled' : '')
    nodes.push({
      id: id('nodes', n),
      kind: 'node',
      name: n.metadata.name!,
      ref: { resource: 'nodes', name: n.metadata.name! },
      status,
      ready,
      label: `Node ${n.metadata.name}, ${status}`,
    })
  }

  for (const [resource, kind, kindName] of WORKLOADS) {
    for (const o of sorted(all[resource]).filter(inNs)) {
      // Old ReplicaSets scaled to zero are history, not something to look at.
      if (kind === 'replicaset' && !(o.spec?.replicas > 0) && !(o.status?.replicas > 0)) continue
      const gid = id(resource, o)
      byUid.set(o.metadata.uid!, gid)
      const desired = o.spec?.replicas
      const ready = o.status?.readyReplicas ?? o.status?.numberReady ?? 0
      const detail = desired !== undefined ? `${ready}/${desired}` : undefined
      nodes.push({
        id: gid,
        kind,
        name: o.metadata.name!,
        namespace: o.metadata.namespace,
        ref: { resource, namespace: o.metadata.namespace, name: o.metadata.name! },
        detail,
        label: `${kindName} ${o.metadata.name}${detail ? `, ${detail} ready` : ''}`,
      })
    }
  }

  const pods = sorted(all['pods']).filter(inNs)
  const grouped = pods.length > GROUP_THRESHOLD
  const podIds = new Map<KObject, string>()
  if (grouped) {
    const groups = new Map<string, { pods: KObject[]; owner?: string; host: string }>()
    for (const p of pods) {
      const owner = p.metadata.ownerReferences?.find((r) => r.controller)
      const host = p.spec?.nodeName ?? ''
      const key = `${host}|${owner?.uid ?? p.metadata.name}`
      const g = groups.get(key) ?? { pods: [] as KObject[], owner: owner?.uid, host }
      g.pods.push(p)
      groups.set(key, g)
    }
    for (const [key, g] of groups) {
      const gid = `podGroup/${key}`
      const running = g.pods.filter((p) => podLook(p) === 'running').length
      const first = g.pods[0]
      const ownerName =
        first.metadata.ownerReferences?.find((r) => r.controller)?.name ?? first.metadata.name
      nodes.push({
        id: gid,
        kind: 'podGroup',
        name: ownerName!,
        namespace: first.metadata.namespace,
        host: g.host,
        count: g.pods.length,
        detail: `${running}/${g.pods.length} running`,
        look: running === g.pods.length ? 'running' : 'creating',
        label: `${g.pods.length} pods of ${ownerName}, ${running} running${g.host ? `, on node ${g.host}` : ', not scheduled'}`,
      })
      for (const p of g.pods) podIds.set(p, gid)
      if (g.owner && byUid.has(g.owner))
        edges.push({ id: `owns/${gid}`, source: byUid.get(g.owner)!, target: gid, kind: 'owns' })
    }
  } else {
    for (const p of pods) {
      const pid = id('pods', p)
      podIds.set(p, pid)
      const status = podStatusText(p)
      const ready = podReady(p)
      const host = p.spec?.nodeName ?? ''
      nodes.push({
        id: pid,
        kind: 'pod',
        name: p.metadata.name!,
        namespace: p.metadata.namespace,
        ref: { resource: 'pods', namespace: p.metadata.namespace, name: p.metadata.name! },
        host,
        look: podLook(p),
        status,
        ready,
        label: `Pod ${p.metadata.name}, ${status}${status === 'Running' ? (ready ? ', ready' : ', not ready') : ''}${host ? `, on node ${host}` : ', not scheduled'}`,
      })
    }
  }

  // Ownership: controller references only, between things that are drawn.
  const drawnOwned = [...WORKLOADS.map(([r]) => r), ...(grouped ? [] : ['pods'])]
  for (const resource of drawnOwned) {
    for (const o of sorted(all[resource]).filter(inNs)) {
      const target = resource === 'pods' ? podIds.get(o) : byUid.get(o.metadata.uid!)
      const ref = o.metadata.ownerReferences?.find((r) => r.controller)
      if (!target || !ref || !byUid.has(ref.uid)) continue
      edges.push({ id: `owns/${target}`, source: byUid.get(ref.uid)!, target, kind: 'owns' })
    }
  }

  for (const s of sorted(all['services']).filter(inNs)) {
    const sid = id('services', s)
    const type = s.spec?.type ?? 'ClusterIP'
    nodes.push({
      id: sid,
      kind: 'service',
      name: s.metadata.name!,
      namespace: s.metadata.namespace,
      ref: { resource: 'services', namespace: s.metadata.namespace, name: s.metadata.name! },
      detail: type,
      label: `Service ${s.metadata.name}, ${type}`,
    })
    const seen = new Set<string>()
    for (const p of pods) {
      if (
        p.metadata.namespace !== s.metadata.namespace ||
        !matchesMapSelector(p.metadata.labels, s.spec?.selector)
      )
        continue
      const target = podIds.get(p)!
      if (seen.has(target)) continue
      seen.add(target)
      const ready = podReady(p)
      edges.push({
        id: `sel/${sid}/${target}`,
        source: sid,
        target,
        kind: ready ? 'selects' : 'selectsNotReady',
      })
    }
  }

  addMounts(all, pods, podIds, inNs, nodes, edges)
  return { nodes, edges }
}

function addMounts(
  all: ObjectsByResource,
  pods: KObject[],
  podIds: Map<KObject, string>,
  inNs: (o: KObject) => boolean,
  nodes: GraphNode[],
  edges: GraphEdge[],
): void {
  const kinds: [string, GraphNodeKind, (v: any) => string | undefined][] = [
    ['configmaps', 'configmap', (v) => v.configMap?.name],
    ['secrets', 'secret', (v) => v.secret?.secretName],
    ['persistentvolumeclaims', 'pvc', (v) => v.persistentVolumeClaim?.claimName],
  ]
  for (const [resource, kind, nameOf] of kinds) {
    for (const o of sorted(all[resource]).filter(inNs)) {
      const users = pods.filter(
        (p) =>
          p.metadata.namespace === o.metadata.namespace &&
          ((p.spec?.volumes ?? []) as any[]).some((v) => nameOf(v) === o.metadata.name),
      )
      if (!users.length && kind !== 'pvc') continue
      const oid = id(resource, o)
      nodes.push({
        id: oid,
        kind,
        name: o.metadata.name!,
        namespace: o.metadata.namespace,
        ref: { resource, namespace: o.metadata.namespace, name: o.metadata.name! },
        detail: kind === 'pvc' ? o.status?.phase : undefined,
        label: `${kind === 'pvc' ? 'PersistentVolumeClaim' : kind === 'configmap' ? 'ConfigMap' : 'Secret'} ${o.metadata.name}`,
      })
      const targets = new Set(users.map((p) => podIds.get(p)!))
      for (const t of targets)
        edges.push({ id: `mount/${oid}/${t}`, source: t, target: oid, kind: 'mounts' })
    }
  }
}

function sorted(list: KObject[] | undefined): KObject[] {
  return [...(list ?? [])].sort((a, b) => {
    const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`
    const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`
    return ka < kb ? -1 : ka > kb ? 1 : 0
  })
}

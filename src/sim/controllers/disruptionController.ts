// The disruption controller (pkg/controller/disruption): PodDisruptionBudget status from the pods a
// budget selects and the scale of their controllers.
import type { KObject } from '../api/types.ts'
import { matchesSelector, formatSelector } from '../api/selectors.ts'
import type { ApiServer } from '../apiserver/apiServer.ts'
import { clone } from '../apiserver/store.ts'
import { scaledValue } from '../registry/intOrPercent.ts'
import { keyOf, splitKey, type Controller, type ControllerContext } from '../runtime/controller.ts'
import { controllerOf, isReady } from './podStatus.ts'

const PDB = 'poddisruptionbudgets.policy'
const SOURCE = { component: 'controllermanager' }
/** How long an eviction's pod counts as disrupted before the controller stops waiting (DeletionTimeout). */
export const DELETION_TIMEOUT_MS = 2 * 60_000

/** Budgets in the pod's namespace whose selector matches it (an empty selector matches all). */
export function budgetsFor(api: ApiServer, pod: KObject): KObject[] {
  const prefix = pod.metadata.namespace + '/'
  const out: KObject[] = []
  for (const [key, pdb] of api.store.table(PDB))
    if (key.startsWith(prefix) && matchesSelector(pod.metadata.labels, pdb.spec?.selector))
      out.push(pdb)
  return out
}

/** The replicas of a pod's controller, found through the finders of getExpectedScale. */
function controllerScale(
  api: ApiServer,
  pod: KObject,
): { uid: string; replicas: number } | undefined {
  const ref = controllerOf(pod)!
  const ns = pod.metadata.namespace
  const get = (res: string, name: string, uid: string): KObject | undefined => {
    const o = api.tryGet(res, ns, name)
    return o && o.metadata.uid === uid ? o : undefined
  }
  if (ref.kind === 'ReplicationController') {
    const rc = get('replicationcontrollers', ref.name, ref.uid)
    return rc && { uid: rc.metadata.uid!, replicas: rc.spec?.replicas ?? 0 }
  }
  if (ref.kind === 'ReplicaSet') {
    const rs = get('replicasets.apps', ref.name, ref.uid)
    if (!rs) return undefined
    const owner = controllerOf(rs)
    if (owner?.kind === 'Deployment') {
      const d = get('deployments.apps', owner.name, owner.uid)
      return d && { uid: d.metadata.uid!, replicas: d.spec?.replicas ?? 0 }
    }
    return { uid: rs.metadata.uid!, replicas: rs.spec?.replicas ?? 0 }
  }
  if (ref.kind === 'StatefulSet') {
    const sts = get('statefulsets.apps', ref.name, ref.uid)
    return sts && { uid: sts.metadata.uid!, replicas: sts.spec?.replicas ?? 0 }
  }
  return undefined
}

interface Expected {
  expected: number
  desiredHealthy: number
  unmanaged: number
}

/** getExpectedPodCount */
function expectedPodCount(api: ApiServer, pdb: KObject, pods: KObject[]): Expected {
  const spec = pdb.spec ?? {}
  const scaleOf = (): { total: number; unmanaged: number } => {
    const scales = new Map<string, number>()
    let unmanaged = 0
    for (const pod of pods) {
      if (!controllerOf(pod)) {
        unmanaged++
        continue
      }
      const s = controllerScale(api, pod)
      if (!s) throw new Error(`found no controllers for pod "${pod.metadata.name}"`)
      scales.set(s.uid, s.replicas)
    }
    let total = 0
    for (const n of scales.values()) total += n
    return { total, unmanaged }
  }
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const { total, unmanaged } = scaleOf()
    const max = scaledValue(spec.maxUnavailable, total, true)
    return { expected: total, desiredHealthy: Math.max(0, total - max), unmanaged }
  }
  if (typeof spec.minAvailable === 'number')
    return { expected: pods.length, desiredHealthy: spec.minAvailable, unmanaged: 0 }
  if (typeof spec.minAvailable === 'string') {
    const { total, unmanaged } = scaleOf()
    return {
      expected: total,
      desiredHealthy: scaledValue(spec.minAvailable, total, true),
      unmanaged,
    }
  }
  return { expected: 0, desiredHealthy: 0, unmanaged: 0 }
}

/** apimeta.SetStatusCondition for the DisruptionAllowed condition. */
function setAllowedCondition(status: any, generation: number, now: string, failure?: string): void {
  const allowed = !failure && status.disruptionsAllowed > 0
  const cond: any = {
    type: 'DisruptionAllowed',
    status: allowed ? 'True' : 'False',
    observedGeneration: generation,
    lastTransitionTime: now,
    reason: failure ? 'SyncFailed' : allowed ? 'SufficientPods' : 'InsufficientPods',
    message: failure ?? '',
  }
  const list: any[] = status.conditions ?? []
  const old = list.find((c) => c.type === cond.type)
  if (old && old.status === cond.status) cond.lastTransitionTime = old.lastTransitionTime
  status.conditions = [...list.filter((c) => c.type !== cond.type), cond]
}

function orderStatus(s: any): any {
  const out: any = {}
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration
  if (s.disruptedPods && Object.keys(s.disruptedPods).length) out.disruptedPods = s.disruptedPods
  out.disruptionsAllowed = s.disruptionsAllowed ?? 0
  out.currentHealthy = s.currentHealthy ?? 0
  out.desiredHealthy = s.desiredHealthy ?? 0
  out.expectedPods = s.expectedPods ?? 0
  if (s.conditions?.length) out.conditions = s.conditions
  return out
}

function writeStatus(ctx: ControllerContext, pdb: KObject, status: any): void {
  const ordered = orderStatus(status)
  if (JSON.stringify(ordered) !== JSON.stringify(pdb.status ?? {}))
    ctx.api.updateStatus(PDB, { ...pdb, status: ordered })
}

function syncBudget(ctx: ControllerContext, key: string): void {
  const { namespace, name } = splitKey(key)
  const pdb = ctx.api.tryGet(PDB, namespace, name)
  if (!pdb) return
  const now = ctx.clock.now()
  const iso = ctx.clock.iso()
  const generation = pdb.metadata.generation ?? 1
  const pods: KObject[] = []
  const prefix = namespace + '/'
  for (const [k, pod] of ctx.api.store.table('pods'))
    if (k.startsWith(prefix) && matchesSelector(pod.metadata.labels, pdb.spec?.selector))
      pods.push(pod)
  if (pods.length === 0)
    ctx.recorder.normal(pdb, 'NoPods', 'No matching pods found', { source: SOURCE })
  let exp: Expected
  try {
    exp = expectedPodCount(ctx.api, pdb, pods)
  } catch (e) {
    const msg = (e as Error).message
    ctx.recorder.warning(
      pdb,
      'CalculateExpectedPodCountFailed',
      `Failed to calculate the number of expected pods: ${msg}`,
      { source: SOURCE },
    )
    const status = clone(pdb.status ?? {})
    status.disruptionsAllowed = 0
    setAllowedCondition(status, generation, iso, msg)
    writeStatus(ctx, pdb, status)
    return
  }
  if (
    exp.unmanaged > 0 &&
    (pdb.spec?.maxUnavailable !== undefined || typeof pdb.spec?.minAvailable === 'string')
  ) {
    ctx.recorder.warning(
      pdb,
      'UnmanagedPods',
      `Pods selected by this PodDisruptionBudget (selector: ${formatSelector(pdb.spec?.selector).replace('<none>', '')}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
      { source: SOURCE },
    )
  }
  // buildDisruptedPodMap: evicted pods count as gone for two minutes, then as healthy again.
  const disrupted: Record<string, string> = {}
  let recheck: number | undefined
  const recorded: Record<string, string> = pdb.status?.disruptedPods ?? {}
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue
    const at = recorded[pod.metadata.name!]
    if (!at) continue
    const expires = Date.parse(at) + DELETION_TIMEOUT_MS
    if (expires < now) {
      ctx.recorder.warning(
        pod,
        'NotDeleted',
        `Pod was expected by PDB ${pdb.metadata.namespace}/${pdb.metadata.name} to be deleted but it wasn't`,
        { source: SOURCE },
      )
    } else {
      disrupted[pod.metadata.name!] = at
      if (recheck === undefined || expires < recheck) recheck = expires
    }
  }
  let healthy = 0
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue
    const at = disrupted[pod.metadata.name!]
    if (at && Date.parse(at) + DELETION_TIMEOUT_MS > now) continue
    if (isReady(pod)) healthy++
  }
  let allowed = healthy - exp.desiredHealthy
  if (exp.expected <= 0 || allowed <= 0) allowed = 0
  const status: any = {
    observedGeneration: generation,
    disruptedPods: disrupted,
    disruptionsAllowed: allowed,
    currentHealthy: healthy,
    desiredHealthy: exp.desiredHealthy,
    expectedPods: exp.expected,
    conditions: clone(pdb.status?.conditions ?? []),
  }
  setAllowedCondition(status, generation, iso)
  writeStatus(ctx, pdb, status)
  if (recheck !== undefined) ctx.requeueAt(key, recheck + 1)
}

export function disruptionController(api: ApiServer): Controller {
  return {
    name: 'disruption',
    watches: [
      { resource: PDB, keys: (ev) => (ev.type === 'DELETED' ? [] : [keyOf(ev.object)]) },
      {
        resource: 'pods',
        keys: (ev) => {
          // Most namespaces have no budget: nothing to look at for their pods' writes.
          if (!api.store.countInNamespace(PDB, ev.object.metadata.namespace)) return []
          const keys = new Set<string>()
          for (const o of ev.old ? [ev.object, ev.old] : [ev.object])
            for (const pdb of budgetsFor(api, o)) keys.add(keyOf(pdb))
          return [...keys]
        },
      },
      // A scale change of a pod's controller changes the expected count.
      ...[
        'deployments.apps',
        'replicasets.apps',
        'replicationcontrollers',
        'statefulsets.apps',
      ].map((resource) => ({
        resource,
        keys: (ev: { object: KObject }) => {
          const prefix = ev.object.metadata.namespace + '/'
          const keys: string[] = []
          for (const [k, pdb] of api.store.table(PDB))
            if (k.startsWith(prefix)) keys.push(keyOf(pdb))
          return keys
        },
      })),
    ],
    initialKeys: (ctx) => ctx.api.list(PDB).items.map(keyOf),
    reconcile: (key, ctx) => syncBudget(ctx, key),
  }
}

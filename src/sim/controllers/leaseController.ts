import type { KObject } from '../api/types.ts'
import { clone } from '../apiserver/store.ts'
import type { Controller, ControllerContext } from '../runtime/controller.ts'
import type { Sim } from '../sim.ts'
import { healthyConditions, kubeletStartEvents } from '../cluster/nodes.ts'

export const LEASE_NAMESPACE = 'kube-node-lease'
/** The kubelet's lease duration (nodeLeaseDurationSeconds). */
export const LEASE_DURATION_SECONDS = 40
/** nodeStatusReportFrequency: a healthy kubelet rewrites its conditions this often. */
const STATUS_REPORT_MS = 5 * 60_000

interface LeaseState {
  stopped: string[]
  /** Last time each node's status was posted, so the 5-minute rhythm survives snapshots. */
  lastStatus: [string, number][]
}

/**
 * The kubelets' heartbeat: every running node renews its Lease in kube-node-lease every 10 s
 * and re-posts its conditions every 5 minutes. A stopped node (its kubelet down) does neither,
 * which is what the node lifecycle controller notices.
 */
export class LeaseController implements Controller {
  readonly name = 'node-lease'
  readonly watches = [
    {
      resource: 'nodes',
      keys: (ev: { type: string; object: KObject }) =>
        ev.type === 'ADDED' ? [ev.object.metadata.name!] : [],
    },
  ]
  private readonly stopped = new Set<string>()
  private readonly lastStatus = new Map<string, number>()

  initialKeys(ctx: ControllerContext): string[] {
    return ctx.api.list('nodes').items.map((n) => n.metadata.name!)
  }

  isStopped(node: string): boolean {
    return this.stopped.has(node)
  }

  setStopped(node: string, stopped: boolean): void {
    if (stopped) this.stopped.add(node)
    else {
      this.stopped.delete(node)
      // A restarted kubelet posts its status at once.
      this.lastStatus.delete(node)
    }
  }

  reconcile(name: string, ctx: ControllerContext): void {
    const node = ctx.api.tryGet('nodes', undefined, name)
    if (!node || this.stopped.has(name)) return
    const now = ctx.clock.now()
    this.renewLease(node, ctx)
    const last = this.lastStatus.get(name)
    if (last === undefined || now - last >= STATUS_REPORT_MS) {
      this.postStatus(node, ctx)
      this.lastStatus.set(name, now)
    }
    ctx.requeueAfter(name, ctx.profile.nodeStatusMs)
  }

  private renewLease(node: KObject, ctx: ControllerContext): void {
    const name = node.metadata.name!
    const renewTime = ctx.clock.isoMicro()
    const lease = ctx.api.tryGet('leases.coordination.k8s.io', LEASE_NAMESPACE, name)
    if (lease) {
      const next = clone(lease)
      next.spec = { ...next.spec, renewTime }
      ctx.api.update('leases.coordination.k8s.io', next, { internal: true })
      return
    }
    ctx.api.create('leases.coordination.k8s.io', nodeLease(node, renewTime), { internal: true })
  }

  private postStatus(node: KObject, ctx: ControllerContext): void {
    const next = clone(node)
    next.status = next.status ?? {}
    next.status.conditions = healthyConditions(node.status?.conditions, ctx.api.now())
    ctx.api.updateStatus('nodes', next)
  }

  saveState(): LeaseState {
    return { stopped: [...this.stopped], lastStatus: [...this.lastStatus] }
  }

  loadState(state: unknown): void {
    const s = state as LeaseState
    this.stopped.clear()
    for (const n of s.stopped) this.stopped.add(n)
    this.lastStatus.clear()
    for (const [k, v] of s.lastStatus) this.lastStatus.set(k, v)
  }
}

/** The Lease a kubelet holds for its node, owned by the Node so it goes away with it. */
export function nodeLease(node: KObject, renewTime: string): KObject {
  const name = node.metadata.name!
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name,
      namespace: LEASE_NAMESPACE,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid! }],
    },
    spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime },
  }
}

export function leaseControllerOf(sim: Sim): LeaseController {
  const c = sim.manager.controller('node-lease')
  if (!(c instanceof LeaseController)) throw new Error('the node lease controller is not installed')
  return c
}

/**
 * Stops a node's kubelet: no more lease renewals or status posts. After the 40 s grace period
 * the node lifecycle controller marks it Unknown and taints it; its pods are evicted 300 s later
 * but stay Terminating, since no kubelet is there to confirm they stopped.
 */
export function stopNode(sim: Sim, name: string): void {
  sim.api.get('nodes', undefined, name)
  leaseControllerOf(sim).setStopped(name, true)
}

/** Starts a stopped node's kubelet again: it renews its lease and posts Ready at once. */
export function startNode(sim: Sim, name: string): void {
  const node = sim.api.get('nodes', undefined, name)
  const leases = leaseControllerOf(sim)
  if (!leases.isStopped(name)) return
  leases.setStopped(name, false)
  kubeletStartEvents(sim.recorder, node)
  sim.manager.enqueue('node-lease', name)
  sim.settle()
}

/** Whether a node's kubelet is stopped (the kubelet simulation skips such nodes). */
export function isNodeStopped(sim: Sim, name: string): boolean {
  return leaseControllerOf(sim).isStopped(name)
}

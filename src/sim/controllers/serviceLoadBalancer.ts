import type { KObject } from '../api/types.ts'
import type { ClusterSpec } from '../cluster/spec.ts'
import type { Sim } from '../sim.ts'
import {
  keyOf,
  selfKeys,
  splitKey,
  type Controller,
  type ControllerContext,
} from '../runtime/controller.ts'

export const LB_FINALIZER = 'service.kubernetes.io/load-balancer-cleanup'
/** TEST-NET-3 (RFC 5737): addresses that can never collide with a real network. */
export const CLOUD_POOL_PREFIX = '203.0.113.'
const SOURCE = { component: 'service-controller' }

interface LbState {
  /** Service key → virtual time at which the fake cloud finishes creating its load balancer. */
  pending: Record<string, number>
  /** minikube: whether `minikube tunnel` is running. */
  tunnel: boolean
}

/**
 * LoadBalancer Services. On a cloud-like cluster (the kubeadm flavor) the service controller asks a
 * fake cloud for a load balancer, which answers after the profile's loadBalancerMs with an address
 * from 203.0.113.0/24. minikube and kind have no cloud: EXTERNAL-IP stays <pending>; on minikube
 * `minikube tunnel` publishes the ClusterIP as the external address.
 */
export class ServiceLoadBalancerController implements Controller {
  readonly name = 'service-lb'
  readonly watches = [selfKeys('services')]
  private state: LbState = { pending: {}, tunnel: false }

  constructor(private readonly cluster: ClusterSpec) {}

  // kind, like minikube, ships no cloud provider; only the kubeadm flavor plays a cloud cluster.
  private get hasCloud(): boolean {
    return this.cluster.flavor === 'kubeadm'
  }

  initialKeys(ctx: ControllerContext): string[] {
    return ctx.api
      .list('services')
      .items.filter((s) => s.spec?.type === 'LoadBalancer' || s.metadata.finalizers?.length)
      .map(keyOf)
  }

  /** Starts or stops `minikube tunnel`; returns the keys of the LoadBalancer Services it affects. */
  setTunnel(running: boolean, ctx: { api: Sim['api'] }): string[] {
    this.state.tunnel = running
    return ctx.api
      .list('services')
      .items.filter((s) => s.spec?.type === 'LoadBalancer')
      .map(keyOf)
  }

  reconcile(key: string, ctx: ControllerContext): void {
    const { namespace, name } = splitKey(key)
    const svc = ctx.api.tryGet('services', namespace, name)
    if (!svc) {
      delete this.state.pending[key]
      return
    }
    if (!this.hasCloud) return this.reconcileTunnel(svc, ctx)
    const wantLB = svc.spec?.type === 'LoadBalancer' && !svc.metadata.deletionTimestamp
    if (!wantLB) {
      delete this.state.pending[key]
      if (svc.metadata.finalizers?.includes(LB_FINALIZER)) this.teardown(svc, ctx)
      return
    }
    if (!svc.metadata.finalizers?.includes(LB_FINALIZER)) {
      ctx.api.update(
        'services',
        {
          ...svc,
          metadata: {
            ...svc.metadata,
            finalizers: [...(svc.metadata.finalizers ?? []), LB_FINALIZER],
          },
        },
        { internal: true },
      )
      return
    }
    if (svc.status?.loadBalancer?.ingress?.length) return
    const due = this.state.pending[key]
    if (due === undefined) {
      ctx.recorder.normal(svc, 'EnsuringLoadBalancer', 'Ensuring load balancer', { source: SOURCE })
      this.state.pending[key] = ctx.clock.now() + ctx.profile.loadBalancerMs
      ctx.requeueAt(key, this.state.pending[key])
      return
    }
    if (ctx.clock.now() < due) {
      ctx.requeueAt(key, due)
      return
    }
    delete this.state.pending[key]
    const ip = svc.spec?.loadBalancerIP || this.freeAddress(ctx)
    ctx.api.updateStatus('services', {
      ...svc,
      status: { ...(svc.status ?? {}), loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } },
    })
    ctx.recorder.normal(svc, 'EnsuredLoadBalancer', 'Ensured load balancer', { source: SOURCE })
  }

  private teardown(svc: KObject, ctx: ControllerContext): void {
    ctx.recorder.normal(svc, 'DeletingLoadBalancer', 'Deleting load balancer', { source: SOURCE })
    if (svc.status?.loadBalancer?.ingress?.length)
      ctx.api.updateStatus('services', { ...svc, status: { ...svc.status, loadBalancer: {} } })
    ctx.recorder.normal(svc, 'DeletedLoadBalancer', 'Deleted load balancer', { source: SOURCE })
    const current = ctx.api.tryGet('services', svc.metadata.namespace, svc.metadata.name!)
    if (!current) return
    ctx.api.update(
      'services',
      {
        ...current,
        metadata: {
          ...current.metadata,
          finalizers: (current.metadata.finalizers ?? []).filter((f) => f !== LB_FINALIZER),
        },
      },
      { internal: true },
    )
  }

  private reconcileTunnel(svc: KObject, ctx: ControllerContext): void {
    const has = Boolean(svc.status?.loadBalancer?.ingress?.length)
    const want = this.state.tunnel && svc.spec?.type === 'LoadBalancer' && svc.spec?.clusterIP
    if (want && !has)
      ctx.api.updateStatus('services', {
        ...svc,
        status: {
          ...(svc.status ?? {}),
          loadBalancer: { ingress: [{ ip: svc.spec.clusterIP, ipMode: 'VIP' }] },
        },
      })
    else if (!want && has)
      ctx.api.updateStatus('services', { ...svc, status: { ...svc.status, loadBalancer: {} } })
  }

  private freeAddress(ctx: ControllerContext): string {
    const used = new Set<string>()
    for (const s of ctx.api.list('services').items)
      for (const i of s.status?.loadBalancer?.ingress ?? []) if (i.ip) used.add(i.ip)
    const free: string[] = []
    for (let n = 1; n < 255; n++)
      if (!used.has(CLOUD_POOL_PREFIX + n)) free.push(CLOUD_POOL_PREFIX + n)
    if (!free.length) throw new Error('the fake cloud has no free load balancer addresses')
    return ctx.rng.pick(free)
  }

  saveState(): LbState {
    return structuredClone(this.state)
  }

  loadState(state: unknown): void {
    this.state = structuredClone(state as LbState)
  }
}

/**
 * `minikube tunnel` on (true) or off (false): LoadBalancer Services get (or lose) their ClusterIP as
 * EXTERNAL-IP. Returns the `namespace/name` of every LoadBalancer Service, for the command's output.
 * Throws on clusters that are not minikube, where the command does not exist.
 */
export function minikubeTunnel(sim: Sim, running: boolean): string[] {
  if (sim.cluster.flavor !== 'minikube')
    throw new Error('minikube tunnel: this cluster is not minikube')
  const c = sim.manager.controller('service-lb')
  if (!(c instanceof ServiceLoadBalancerController))
    throw new Error('the LoadBalancer controller is not installed')
  const keys = c.setTunnel(running, sim)
  for (const k of keys) sim.manager.enqueue('service-lb', k)
  sim.settle()
  return keys
}

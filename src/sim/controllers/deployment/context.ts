import type { KObject } from '../../api/types.ts'
import { clone } from '../../apiserver/store.ts'
import type { ControllerContext } from '../../runtime/controller.ts'
import type { EventSource } from '../../runtime/recorder.ts'

/**
 * One sync of one Deployment: a working copy `d` that the steps mutate (status, the revision
 * annotation) the way the upstream controller mutates its deep copy, and the writes back.
 */
export class DeploymentSync {
  readonly source: EventSource = { component: 'deployment-controller' }
  d: KObject

  constructor(
    readonly ctx: ControllerContext,
    stored: KObject,
  ) {
    this.d = clone(stored)
    this.d.status ??= {}
  }

  now(): string {
    return this.ctx.clock.iso()
  }

  nowMs(): number {
    return this.ctx.clock.now()
  }

  event(message: string): void {
    this.ctx.recorder.normal(this.d, 'ScalingReplicaSet', message, { source: this.source })
  }

  /**
   * UpdateStatus with the working copy. Upstream's status write also carries the revision
   * annotation; here that takes a metadata write first, when the annotation moved.
   */
  writeStatus(withAnnotations: boolean): void {
    const api = this.ctx.api
    const stored = api.get('deployments.apps', this.d.metadata.namespace, this.d.metadata.name!)
    let latest = stored
    if (
      withAnnotations &&
      JSON.stringify(stored.metadata.annotations ?? {}) !==
        JSON.stringify(this.d.metadata.annotations ?? {})
    ) {
      const next = clone(stored)
      next.metadata.annotations = clone(this.d.metadata.annotations)
      latest = api.update('deployments.apps', next, { internal: true }).object
    }
    const status = clone(this.d.status)
    if (JSON.stringify(status) !== JSON.stringify(latest.status ?? {}))
      latest = api.updateStatus('deployments.apps', { ...latest, status }).object
    const working = clone(latest)
    working.status ??= {}
    this.d = working
  }
}

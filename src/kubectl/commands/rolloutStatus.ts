import type { Proc } from '../../shell/types.ts'
import type { KObject, WatchEvent } from '../../sim/api/types.ts'
import { storageId } from '../../sim/api/resources.ts'
import type { Invocation } from '../cli/command.ts'
import { CliError } from '../cli/errors.ts'
import { registerCommand } from '../cli/run.ts'
import { resolveTargets } from '../resolve/targets.ts'
import { requestTimeoutMs, waitFor } from './getWatch.ts'

interface Status {
  text: string
  done: boolean
}

/** polymorphichelpers' status viewers, message for message. */
export function rolloutStatus(obj: KObject, revision: number): Status {
  const name = obj.metadata.name
  const spec = obj.spec ?? {}
  const st = obj.status ?? {}
  const gen = obj.metadata.generation ?? 0
  const observed = st.observedGeneration ?? 0
  switch (obj.kind) {
    case 'Deployment': {
      if (gen > observed)
        return { text: 'Waiting for deployment spec update to be observed...\n', done: false }
      const progressing = (st.conditions ?? []).find(
        (c: { type: string }) => c.type === 'Progressing',
      )
      if (progressing?.reason === 'ProgressDeadlineExceeded')
        throw new CliError(`deployment "${name}" exceeded its progress deadline`)
      const want = spec.replicas ?? 1
      const updated = st.updatedReplicas ?? 0
      const replicas = st.replicas ?? 0
      const available = st.availableReplicas ?? 0
      if (updated < want)
        return {
          text: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...\n`,
          done: false,
        }
      if (replicas > updated)
        return {
          text: `Waiting for deployment "${name}" rollout to finish: ${replicas - updated} old replicas are pending termination...\n`,
          done: false,
        }
      if (available < updated)
        return {
          text: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...\n`,
          done: false,
        }
      return { text: `deployment "${name}" successfully rolled out\n`, done: true }
    }
    case 'DaemonSet': {
      if (spec.updateStrategy?.type && spec.updateStrategy.type !== 'RollingUpdate')
        throw new CliError('rollout status is only available for RollingUpdate strategy type')
      if (gen > observed)
        return { text: 'Waiting for daemon set spec update to be observed...\n', done: false }
      const desired = st.desiredNumberScheduled ?? 0
      const updated = st.updatedNumberScheduled ?? 0
      const available = st.numberAvailable ?? 0
      if (updated < desired)
        return {
          text: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...\n`,
          done: false,
        }
      if (available < desired)
        return {
          text: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...\n`,
          done: false,
        }
      return { text: `daemon set "${name}" successfully rolled out\n`, done: true }
    }
    case 'StatefulSet': {
      if (spec.updateStrategy?.type && spec.updateStrategy.type !== 'RollingUpdate')
        throw new CliError('rollout status is only available for RollingUpdate strategy type')
      if (observed === 0 || gen > observed)
        return { text: 'Waiting for statefulset spec update to be observed...\n', done: false }
      const want = spec.replicas ?? 1
      const ready = st.readyReplicas ?? 0
      if (want > ready)
        return { text: `Waiting for ${want - ready} pods to be ready...\n`, done: false }
      const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0
      if (partition > 0) {
        const updated = st.updatedReplicas ?? 0
        if (updated < want - partition)
          return {
            text: `Waiting for partitioned roll out to finish: ${updated} out of ${want - partition} new pods have been updated...\n`,
            done: false,
          }
        return {
          text: `partitioned roll out complete: ${updated} new pods have been updated...\n`,
          done: true,
        }
      }
      if (st.updateRevision !== st.currentRevision)
        return {
          text: `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision}...\n`,
          done: false,
        }
      return {
        text: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision}...\n`,
        done: true,
      }
    }
  }
  void revision
  throw new CliError(`no status viewer has been implemented for ${obj.kind}`)
}

/** `rollout status`: prints the status on every change of the object until it is rolled out. */
function* status(inv: Invocation): Proc {
  inv.connect()
  const targets = resolveTargets(inv, inv.args, { noneMessage: 'required resource not specified' })
  if (targets.errors.length) throw targets.errors[0]
  const watch = inv.flags.has('watch') ? inv.flags.bool('watch') : true
  const timeout = inv.flags.duration('timeout', 0)
  const deadline = inv.ctx.now() + (timeout > 0 ? timeout : requestTimeoutMs(inv))
  for (const t of targets.items) {
    const ns = t.obj.metadata.namespace
    const name = t.obj.metadata.name ?? ''
    const id = storageId(t.info)
    const events: KObject[] = [t.obj]
    const stop = inv.sim.watch((ev: WatchEvent) => {
      if (
        ev.resource === id &&
        ev.object.metadata.name === name &&
        ev.object.metadata.namespace === ns
      ) {
        if (ev.type === 'DELETED')
          events.push({
            ...ev.object,
            metadata: { ...ev.object.metadata, deletionTimestamp: 'deleted' },
          })
        else events.push(ev.object)
      }
    })
    try {
      for (;;) {
        for (const obj of events.splice(0)) {
          if (obj.metadata.deletionTimestamp === 'deleted')
            throw new CliError(`object has been deleted`)
          const s = rolloutStatus(obj, inv.flags.int('revision', 0))
          inv.io.out(s.text)
          if (s.done || !watch) break
          if (events.length === 0) continue
        }
        const last = inv.api.tryGet(t.info.id, ns, name)
        if (!watch) break
        if (last && rolloutDone(last)) break
        const more = yield* waitFor(inv, () => events.length > 0, deadline)
        if (!more) {
          if (inv.io.interrupted()) return 130
          throw new CliError('timed out waiting for the condition')
        }
      }
    } finally {
      stop()
    }
  }
  return 0
}

function rolloutDone(obj: KObject): boolean {
  try {
    return rolloutStatus(obj, 0).done
  } catch {
    return false
  }
}

registerCommand('rollout status', status)

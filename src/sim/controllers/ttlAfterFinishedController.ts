import { isNotFound } from '../api/errors.ts'
import { keyOf, selfKeys, splitKey, type Controller } from '../runtime/controller.ts'
import { finishedAt } from './jobStatus.ts'

/**
 * The TTL-after-finished controller: deletes a finished Job (and, through foreground deletion, its
 * pods) ttlSecondsAfterFinished after its Complete or Failed condition.
 */
export function ttlAfterFinishedController(): Controller {
  return {
    name: 'ttl-after-finished',
    watches: [selfKeys('jobs.batch')],
    initialKeys: (ctx) => ctx.api.list('jobs.batch').items.map(keyOf),
    reconcile(key, ctx) {
      const { namespace, name } = splitKey(key)
      const job = ctx.api.tryGet('jobs.batch', namespace, name)
      const ttl = job?.spec?.ttlSecondsAfterFinished
      if (!job || ttl === undefined || ttl === null || job.metadata.deletionTimestamp) return
      const finished = finishedAt(job)
      if (!finished) return
      const expireAt = Date.parse(finished) + ttl * 1000
      if (ctx.clock.now() < expireAt) {
        ctx.requeueAt(key, expireAt)
        return
      }
      try {
        ctx.api.delete('jobs.batch', namespace, name, {
          propagationPolicy: 'Foreground',
          preconditions: { uid: job.metadata.uid },
          internal: true,
        })
      } catch (e) {
        if (!isNotFound(e)) throw e
      }
    },
  }
}

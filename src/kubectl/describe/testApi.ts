/** A read-only stand-in for sim.api over a fixed set of objects, for describe goldens. */
import type { KObject } from '../../sim/api/types.ts'
import type { ApiServer, ListOptions } from '../../sim/apiserver/apiServer.ts'
import { resourceById, storageId } from '../../sim/api/resources.ts'
import { matchesRequirements, parseLabelSelector } from '../../sim/api/selectors.ts'

export function fakeApi(objects: { resource: string; obj: KObject }[]): ApiServer {
  const of = (id: string) =>
    objects.filter((o) => o.resource === storageId(resourceById(id))).map((o) => o.obj)
  const api = {
    list(id: string, opts: ListOptions = {}) {
      const reqs =
        typeof opts.labelSelector === 'string' ? parseLabelSelector(opts.labelSelector) : undefined
      const items = of(id).filter(
        (o) =>
          (!opts.namespace || o.metadata.namespace === opts.namespace) &&
          (!reqs || matchesRequirements(o.metadata.labels, reqs)),
      )
      return { items, resourceVersion: '1' }
    },
    tryGet(id: string, ns: string | undefined, name: string) {
      return of(id).find(
        (o) =>
          o.metadata.name === name &&
          (ns === undefined || (o.metadata.namespace ?? '') === (ns ?? '')),
      )
    },
  }
  return api as unknown as ApiServer
}

import type { NodeInfo } from './cache.ts'
import { unschedulable, type FilterPlugin } from './framework.ts'

/**
 * NodeResourcesFit Filter (fitsRequest): the pod count first, then cpu, memory, ephemeral storage
 * and extended resources against allocatable minus what the node's pods already request. One
 * node may report several reasons.
 */
export const resourcesFitFilter: FilterPlugin = {
  name: 'NodeResourcesFit',
  filter(c, node: NodeInfo) {
    const reasons: string[] = []
    const a = node.allocatable
    const used = node.requested
    const req = c.info.requests
    if (node.pods.size + 1 > a.pods) reasons.push('Too many pods')
    if (req.cpu > 0 && req.cpu > a.cpu - used.cpu) reasons.push('Insufficient cpu')
    if (req.memory > 0 && req.memory > a.memory - used.memory) reasons.push('Insufficient memory')
    if (req.ephemeral > 0 && req.ephemeral > a.ephemeral - used.ephemeral)
      reasons.push('Insufficient ephemeral-storage')
    for (const [name, q] of Object.entries(req.scalars)) {
      if (q > 0 && q > (a.scalars[name] ?? 0) - (used.scalars[name] ?? 0))
        reasons.push(`Insufficient ${name}`)
    }
    return reasons.length ? unschedulable(...reasons) : null
  },
}

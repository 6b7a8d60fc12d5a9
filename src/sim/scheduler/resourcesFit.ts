import type { NodeInfo } from './cache.ts'
import type { Resources } from './podInfo.ts'
import { unschedulable, type FilterPlugin } from './framework.ts'

/**
 * NodeResourcesFit Filter (fitsRequest): the pod count first, then cpu, memory, ephemeral storage
 * and extended resources against allocatable minus what the node's pods already request. One
 * node may report several reasons.
 */
export const resourcesFitFilter: FilterPlugin = {
  name: 'NodeResourcesFit',
  filter(c, node: NodeInfo) {
    const a = node.allocatable
    const used = node.requested
    const req = c.info.requests
    const pods = node.pods.size + 1 > a.pods
    const cpu = req.cpu > 0 && req.cpu > a.cpu - used.cpu
    const memory = req.memory > 0 && req.memory > a.memory - used.memory
    const eph = req.ephemeral > 0 && req.ephemeral > a.ephemeral - used.ephemeral
    const names = c.info.scalarNames
    let scalar = false
    for (let i = 0; i < names.length; i++) if (lacks(names[i], req, a, used)) scalar = true
    if (!pods && !cpu && !memory && !eph && !scalar) return null
    const reasons: string[] = []
    if (pods) reasons.push('Too many pods')
    if (cpu) reasons.push('Insufficient cpu')
    if (memory) reasons.push('Insufficient memory')
    if (eph) reasons.push('Insufficient ephemeral-storage')
    for (const name of names) if (lacks(name, req, a, used)) reasons.push(`Insufficient ${name}`)
    return unschedulable(...reasons)
  },
}

function lacks(name: string, req: Resources, a: Resources, used: Resources): boolean {
  return req.scalars[name] > (a.scalars[name] ?? 0) - (used.scalars[name] ?? 0)
}

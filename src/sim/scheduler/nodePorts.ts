import type { NodeInfo } from './cache.ts'
import { unschedulable, type FilterPlugin } from './framework.ts'
import type { HostPort } from './podInfo.ts'

/** HostPortInfo.CheckConflict: 0.0.0.0 clashes with every address on the same protocol and port. */
function conflicts(node: NodeInfo, p: HostPort): boolean {
  if (node.ports.size === 0) return false
  if (p.hostIP === '0.0.0.0') {
    const suffix = `/${p.port}`
    const prefix = `${p.protocol}/`
    for (const k of node.ports.keys()) if (k.startsWith(prefix) && k.endsWith(suffix)) return true
    return false
  }
  return (
    node.ports.has(`${p.protocol}/${p.hostIP}/${p.port}`) ||
    node.ports.has(`${p.protocol}/0.0.0.0/${p.port}`)
  )
}

export const nodePortsFilter: FilterPlugin = {
  name: 'NodePorts',
  preFilter: (c) => c.info.ports.length > 0,
  filter(c, node) {
    for (const p of c.info.ports)
      if (conflicts(node, p))
        return unschedulable("node(s) didn't have free ports for the requested pod ports")
    return null
  },
}

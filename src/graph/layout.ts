import type { ClusterGraph, GraphNode } from './model.ts'

export interface Box {
  x: number
  y: number
  width: number
  height: number
  /** Position is relative to this parent (pods inside their node). */
  parent?: string
}

/** Slot of each pod inside its node, kept between layouts so pods never jump when others come and go. */
export type SlotMemo = Map<string, { host: string; slot: number }>

export const POD_W = 170
export const POD_H = 46
const GAP = 12
const COLS = 2
const NODE_PAD_TOP = 40
const LANE_GAP = 70
const ITEM_W = 180
const ITEM_H = 50

/**
 * Lanes from top to bottom: workloads, ReplicaSets under their owners, nodes holding pods (with a
 * "not scheduled" area), then Services and the ConfigMaps/Secrets/PVCs pods mount.
 */
export function layoutGraph(graph: ClusterGraph, memo: SlotMemo): Map<string, Box> {
  const boxes = new Map<string, Box>()
  const byKind = (...kinds: GraphNode['kind'][]): GraphNode[] =>
    graph.nodes.filter((n) => kinds.includes(n.kind))

  let y = 0
  const workloads = byKind('deployment', 'statefulset', 'daemonset', 'cronjob', 'job')
  workloads.forEach((n, i) =>
    boxes.set(n.id, { x: i * (ITEM_W + GAP), y, width: ITEM_W, height: ITEM_H }),
  )
  const owners = new Map(
    graph.edges.filter((e) => e.kind === 'owns').map((e) => [e.target, e.source]),
  )
  const replicaSets = byKind('replicaset')
  if (workloads.length) y += ITEM_H + LANE_GAP
  if (replicaSets.length) {
    const used = new Set<number>()
    let next = 0
    for (const rs of replicaSets) {
      const owner = owners.get(rs.id)
      let x = owner && boxes.has(owner) ? boxes.get(owner)!.x : next * (ITEM_W + GAP)
      while (used.has(x)) x += ITEM_W + GAP
      used.add(x)
      next = Math.max(next, Math.round(x / (ITEM_W + GAP)) + 1)
      boxes.set(rs.id, { x, y, width: ITEM_W, height: ITEM_H })
    }
    y += ITEM_H + LANE_GAP
  }

  const hosts = byKind('node')
  const pods = byKind('pod', 'podGroup')
  const podsByHost = new Map<string, GraphNode[]>()
  for (const p of pods) {
    const list = podsByHost.get(p.host ?? '') ?? []
    list.push(p)
    podsByHost.set(p.host ?? '', list)
  }
  assignSlots(podsByHost, memo)
  const areas: { id: string; host: string }[] = hosts.map((h) => ({ id: h.id, host: h.name }))
  if (podsByHost.get('')?.length) areas.push({ id: 'unscheduled', host: '' })
  let x = 0
  let tallest = 0
  for (const area of areas) {
    const list = podsByHost.get(area.host) ?? []
    const maxSlot = list.reduce((m, p) => Math.max(m, memo.get(p.id)!.slot), -1)
    const rows = Math.max(1, Math.ceil((maxSlot + 1) / COLS))
    const width = COLS * POD_W + (COLS + 1) * GAP
    const height = NODE_PAD_TOP + rows * (POD_H + GAP) + GAP
    boxes.set(area.id, { x, y, width, height })
    for (const p of list) {
      const slot = memo.get(p.id)!.slot
      boxes.set(p.id, {
        x: GAP + (slot % COLS) * (POD_W + GAP),
        y: NODE_PAD_TOP + Math.floor(slot / COLS) * (POD_H + GAP),
        width: POD_W,
        height: POD_H,
        parent: area.id,
      })
    }
    x += width + GAP * 3
    tallest = Math.max(tallest, height)
  }
  y += tallest + LANE_GAP

  const bottom = [...byKind('service'), ...byKind('configmap', 'secret', 'pvc')]
  bottom.forEach((n, i) =>
    boxes.set(n.id, { x: i * (ITEM_W + GAP), y, width: ITEM_W, height: ITEM_H }),
  )
  return boxes
}

function assignSlots(podsByHost: Map<string, GraphNode[]>, memo: SlotMemo): void {
  const live = new Set<string>()
  for (const [host, list] of podsByHost) {
    const taken = new Set<number>()
    for (const p of list) {
      live.add(p.id)
      const m = memo.get(p.id)
      if (m && m.host === host && !taken.has(m.slot)) taken.add(m.slot)
      else memo.delete(p.id)
    }
    for (const p of list) {
      if (memo.has(p.id)) continue
      let slot = 0
      while (taken.has(slot)) slot++
      taken.add(slot)
      memo.set(p.id, { host, slot })
    }
  }
  for (const k of [...memo.keys()]) if (!live.has(k)) memo.delete(k)
}

import { useEffect, useMemo, useRef } from 'react'
import {
  ReactFlow,
  Background,
  Controls,
  MarkerType,
  useReactFlow,
  type Edge,
  type Node,
  type NodeProps,
} from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { useTranslation } from 'react-i18next'
import { useApp } from '../../store/index.ts'
import { asLists } from '../../store/clusterSlice.ts'
import { buildGraph, type GraphNode } from '../../graph/model.ts'
import { layoutGraph, type SlotMemo } from '../../graph/layout.ts'

type Data = { g: GraphNode; selected: boolean; flash: boolean }

function ObjectNode({ data }: NodeProps<Node<Data>>) {
  const { g, selected, flash } = data
  return (
    <div
      className={`gnode gnode-${g.kind} ${g.look ? 'look-' + g.look : ''} ${selected ? 'is-selected' : ''} ${flash ? 'is-flash' : ''}`}
      aria-label={g.label}
      title={g.label}
      role="button"
      tabIndex={0}
      data-testid={`gnode-${g.kind}-${g.name}`}
    >
      <span className="gnode-kind">{KIND_LABEL[g.kind]}</span>
      <span className="gnode-name">{g.name}</span>
      {(g.status || g.detail) && (
        <span className="gnode-status">{g.kind === 'pod' ? g.status : g.detail}</span>
      )}
    </div>
  )
}

function HostNode({ data }: NodeProps<Node<Data>>) {
  const { g, selected } = data
  return (
    <div
      className={`ghost-node ${g.ready === false ? 'is-notready' : ''} ${selected ? 'is-selected' : ''}`}
      aria-label={g.label}
      title={g.label}
      data-testid={`gnode-node-${g.name}`}
    >
      <div className="ghost-node-title">
        <span className="gnode-kind">Node</span> {g.name}{' '}
        <span className="gnode-status">{g.status}</span>
      </div>
    </div>
  )
}

function UnscheduledArea() {
  const { t } = useTranslation()
  return (
    <div className="ghost-node is-unscheduled">
      <div className="ghost-node-title">{t('graph.notScheduled')}</div>
    </div>
  )
}

const KIND_LABEL: Record<GraphNode['kind'], string> = {
  node: 'Node',
  pod: 'Pod',
  podGroup: 'Pods',
  deployment: 'Deployment',
  replicaset: 'ReplicaSet',
  statefulset: 'StatefulSet',
  daemonset: 'DaemonSet',
  job: 'Job',
  cronjob: 'CronJob',
  service: 'Service',
  configmap: 'ConfigMap',
  secret: 'Secret',
  pvc: 'PVC',
}

const nodeTypes = { object: ObjectNode, host: HostNode, unscheduled: UnscheduledArea }

/** Re-frames the picture when things appear or go, so new objects are never off-screen. */
function FitOnChange({ count }: { count: number }) {
  const flow = useReactFlow()
  useEffect(() => {
    const t = setTimeout(() => void flow.fitView({ duration: 300, padding: 0.1, maxZoom: 1.5 }), 50)
    return () => clearTimeout(t)
  }, [count, flow])
  return null
}

/** The live picture: nodes holding pods, controllers above, Services and config below. */
export function ClusterGraph() {
  const { t } = useTranslation()
  const objects = useApp((s) => s.objects)
  const namespace = useApp((s) => s.namespace)
  const selected = useApp((s) => s.selected)
  const traffic = useApp((s) => s.traffic)
  const now = useApp((s) => s.now)
  const select = useApp((s) => s.select)
  const memo = useRef<SlotMemo>(new Map())

  const graph = useMemo(() => buildGraph(asLists(objects), namespace), [objects, namespace])
  const { nodes, edges } = useMemo(() => {
    const boxes = layoutGraph(graph, memo.current)
    const recent = traffic.filter((f) => now - f.at < 1500)
    const flashPods = new Set(recent.map((f) => f.pod))
    const selId = selected
      ? `${selected.resource}/${selected.namespace ?? ''}/${selected.name}`
      : ''
    const nodes: Node<Data>[] = []
    for (const [id, box] of boxes) {
      const g = graph.nodes.find((n) => n.id === id)
      const type = id === 'unscheduled' ? 'unscheduled' : g?.kind === 'node' ? 'host' : 'object'
      const podKey = g?.ref ? `${g.ref.namespace}/${g.ref.name}` : ''
      nodes.push({
        id,
        type,
        position: { x: box.x, y: box.y },
        style: { width: box.width, height: box.height },
        parentId: box.parent,
        extent: box.parent ? 'parent' : undefined,
        draggable: false,
        selectable: Boolean(g?.ref),
        data: {
          g: g ?? { id, kind: 'node', name: '', label: t('graph.notScheduled') },
          selected: id === selId,
          flash: flashPods.has(podKey),
        },
        ariaLabel: g?.label,
      } as Node<Data>)
    }
    // Parents must come before children for React Flow.
    nodes.sort((a, b) => Number(Boolean(a.parentId)) - Number(Boolean(b.parentId)))
    const edges: Edge[] = graph.edges
      .filter((e) => boxes.has(e.source) && boxes.has(e.target))
      .map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        className: `gedge gedge-${e.kind}`,
        animated: e.kind === 'selects' && recent.some((f) => e.target.endsWith(`/${f.pod}`)),
        markerEnd: e.kind === 'owns' ? { type: MarkerType.ArrowClosed } : undefined,
      }))
    return { nodes, edges }
  }, [graph, selected, traffic, now, t])

  const isEmpty = !graph.nodes.some((n) => n.kind !== 'node')
  return (
    <div className="graph-pane" aria-label={t('panes.graph')}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        minZoom={0.1}
        onlyRenderVisibleElements
        nodesDraggable={false}
        nodesConnectable={false}
        onNodeClick={(_, n) => {
          const g = (n.data as Data).g
          if (g.ref) select(g.ref)
        }}
        proOptions={{ hideAttribution: true }}
      >
        <FitOnChange count={nodes.length} />
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
      {isEmpty && <div className="graph-empty">{t('graph.empty')}</div>}
    </div>
  )
}

import type { KObject } from '../api/types.ts'
import { milliValue, quantityValue } from '../registry/quantity.ts'
import { jsonEqual } from '../apiserver/jsonData.ts'

/** Resource amounts in the scheduler's units: millicores for cpu, bytes for the rest. */
export interface Resources {
  cpu: number
  memory: number
  ephemeral: number
  /** Extended resources and hugepages (`nvidia.com/gpu`, `hugepages-2Mi`), in base units. */
  scalars: Record<string, number>
}

export interface HostPort {
  protocol: string
  hostIP: string
  port: number
}

/** What the scheduler needs from a pod, computed once per attempt (the PreFilter state upstream). */
export interface PodInfo {
  key: string
  namespace: string
  name: string
  labels: Record<string, string>
  requests: Resources
  /** Extended resources the pod asks a positive amount of. */
  scalarNames: string[]
  /** Requests with the scoring defaults (100m cpu, 200Mi memory) for containers that set none. */
  nonZero: { cpu: number; memory: number }
  ports: HostPort[]
  priority: number
}

/** Upstream DefaultMilliCPURequest / DefaultMemoryRequest for scoring pods without requests. */
const DEFAULT_MILLI_CPU = 100
const DEFAULT_MEMORY = 200 * 1024 * 1024

export function emptyResources(): Resources {
  return { cpu: 0, memory: 0, ephemeral: 0, scalars: {} }
}

function containerRequests(c: any): Resources {
  const r = emptyResources()
  // A limit without a request defaults the request (the API server does this on admission).
  const req = { ...(c?.resources?.limits ?? {}), ...(c?.resources?.requests ?? {}) }
  for (const [name, q] of Object.entries(req)) addResource(r, name, q)
  return r
}

function addResource(r: Resources, name: string, q: unknown): void {
  if (name === 'cpu') r.cpu += milliValue(q)
  else if (name === 'memory') r.memory += quantityValue(q)
  else if (name === 'ephemeral-storage') r.ephemeral += quantityValue(q)
  else r.scalars[name] = (r.scalars[name] ?? 0) + quantityValue(q)
}

function combine(a: Resources, b: Resources, op: (x: number, y: number) => number): Resources {
  const scalars: Record<string, number> = {}
  for (const k of new Set([...Object.keys(a.scalars), ...Object.keys(b.scalars)]))
    scalars[k] = op(a.scalars[k] ?? 0, b.scalars[k] ?? 0)
  return {
    cpu: op(a.cpu, b.cpu),
    memory: op(a.memory, b.memory),
    ephemeral: op(a.ephemeral, b.ephemeral),
    scalars,
  }
}

const add = (x: number, y: number): number => x + y
const max = (x: number, y: number): number => Math.max(x, y)

/**
 * Effective pod requests as resourcehelper.PodRequests computes them: the sum of the containers
 * plus restartable (sidecar) init containers, or the largest init container step if that is more,
 * plus the RuntimeClass overhead.
 */
export function podRequests(pod: KObject): Resources {
  const spec = pod.spec ?? {}
  let sum = emptyResources()
  for (const c of spec.containers ?? []) sum = combine(sum, containerRequests(c), add)
  let sidecars = emptyResources()
  let initMax = emptyResources()
  for (const c of spec.initContainers ?? []) {
    const r = containerRequests(c)
    if (c.restartPolicy === 'Always') {
      sidecars = combine(sidecars, r, add)
      initMax = combine(initMax, sidecars, max)
    } else {
      initMax = combine(initMax, combine(r, sidecars, add), max)
    }
  }
  let total = combine(combine(sum, sidecars, add), initMax, max)
  const overhead = emptyResources()
  for (const [name, q] of Object.entries(spec.overhead ?? {})) addResource(overhead, name, q)
  total = combine(total, overhead, add)
  return total
}

function nonZeroRequests(pod: KObject): { cpu: number; memory: number } {
  let cpu = 0
  let memory = 0
  for (const c of pod.spec?.containers ?? []) {
    const req = { ...(c?.resources?.limits ?? {}), ...(c?.resources?.requests ?? {}) }
    cpu += req.cpu === undefined ? DEFAULT_MILLI_CPU : milliValue(req.cpu)
    memory += req.memory === undefined ? DEFAULT_MEMORY : quantityValue(req.memory)
  }
  return { cpu, memory }
}

export function hostPorts(pod: KObject): HostPort[] {
  const out: HostPort[] = []
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]
  for (const c of all) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort) continue
      out.push({
        protocol: p.protocol ?? 'TCP',
        hostIP: p.hostIP && p.hostIP !== '' ? p.hostIP : '0.0.0.0',
        port: Number(p.hostPort),
      })
    }
  }
  return out
}

export function podKeyOf(pod: KObject): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`
}

/**
 * Requests, scoring requests and host ports of a pod, remembered per containers array: a pod
 * object is never mutated, and binding or status writes keep the same containers, so a pod's
 * quantities are parsed once however often it changes.
 */
const derived = new WeakMap<object, Derived>()
type Derived = Pick<PodInfo, 'requests' | 'nonZero' | 'ports'>

/**
 * The last spec derived afresh. Replicas of one workload are created one after another with equal
 * containers in new arrays; the fields the derivation reads are compared instead of re-parsed.
 */
let last: { spec: any; derived: Derived } | undefined

function sameContainers(a: any[] | undefined, b: any[] | undefined, init: boolean): boolean {
  if (a === b) return true
  if (!a || !b || a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]
    const y = b[i]
    if (!jsonEqual(x?.resources, y?.resources) || !jsonEqual(x?.ports, y?.ports)) return false
    if (init && x?.restartPolicy !== y?.restartPolicy) return false
  }
  return true
}

function sameInputs(a: any, b: any): boolean {
  return (
    sameContainers(a.containers, b.containers, false) &&
    sameContainers(a.initContainers, b.initContainers, true) &&
    jsonEqual(a.overhead, b.overhead)
  )
}

function derive(pod: KObject): Derived {
  const key = pod.spec?.containers
  const hit = key && derived.get(key)
  if (hit) return hit
  const spec = pod.spec ?? {}
  let d: Derived
  if (last && sameInputs(last.spec, spec)) d = last.derived
  else {
    d = { requests: podRequests(pod), nonZero: nonZeroRequests(pod), ports: hostPorts(pod) }
    last = { spec, derived: d }
  }
  if (key) derived.set(key, d)
  return d
}

export function buildPodInfo(pod: KObject): PodInfo {
  const { requests, nonZero, ports } = derive(pod)
  return {
    key: podKeyOf(pod),
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name!,
    labels: pod.metadata.labels ?? {},
    requests,
    scalarNames: Object.keys(requests.scalars).filter((k) => requests.scalars[k] > 0),
    nonZero,
    ports,
    priority: typeof pod.spec?.priority === 'number' ? pod.spec.priority : 0,
  }
}

/** Whether a pod no longer holds node resources (its phase is final). */
export function isTerminal(pod: KObject): boolean {
  const phase = pod.status?.phase
  return phase === 'Succeeded' || phase === 'Failed'
}

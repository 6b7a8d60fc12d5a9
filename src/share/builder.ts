import { stringify } from 'yaml'
import type { KObject } from '../sim/api/types.ts'
import type { ClusterSpec } from '../sim/cluster/spec.ts'
import { presetCluster } from '../sim/cluster/presets.ts'
import type { Check, Lesson, Scenario, Text } from '../lessons/types.ts'
import { parseLesson, formatLessonError } from '../lessons/load.ts'

/** Objects by storage resource id (`deployments.apps`, `pods`), then `namespace/name`. */
export type ObjectTable = Record<string, Record<string, KObject>>

/** One end of a scenario being built: the cluster's objects and the learner's files. */
export interface BuilderState {
  objects: ObjectTable
  files: Record<string, string>
}

/** Resources a learner creates or deletes on purpose; the rest (events, leases, replica sets, endpoints) follow from them. */
const AUTHORED = [
  'namespaces',
  'deployments.apps',
  'statefulsets.apps',
  'daemonsets.apps',
  'jobs.batch',
  'cronjobs.batch',
  'services',
  'configmaps',
  'secrets',
  'persistentvolumeclaims',
  'ingresses.networking.k8s.io',
  'resourcequotas',
  'pods',
]
const SCALABLE = ['deployments.apps', 'statefulsets.apps']
const WITH_TEMPLATE = ['deployments.apps', 'statefulsets.apps', 'daemonsets.apps']

const ownedOrSystem = (o: KObject): boolean =>
  (o.metadata.ownerReferences?.length ?? 0) > 0 ||
  /^kube-/.test(o.metadata.namespace ?? '') ||
  (o.metadata.namespace === undefined && /^kube-/.test(o.metadata.name ?? '')) ||
  o.metadata.name === 'kube-root-ca.crt'

function where(o: KObject): { name: string; namespace?: string } {
  const ns = o.metadata.namespace
  return ns && ns !== 'default'
    ? { name: o.metadata.name!, namespace: ns }
    : { name: o.metadata.name! }
}

function images(o: KObject): string[] {
  const spec = (o as { spec?: { template?: { spec?: { containers?: { image?: string }[] } } } })
    .spec
  return (spec?.template?.spec?.containers ?? []).map((c) => c.image ?? '')
}

function runningPods(objects: ObjectTable): Map<string, number> {
  const out = new Map<string, number>()
  for (const p of Object.values(objects['pods'] ?? {})) {
    const ns = p.metadata.namespace ?? 'default'
    if (/^kube-/.test(ns)) continue
    const phase = (p as { status?: { phase?: string } }).status?.phase
    if (phase === 'Running' && !p.metadata.deletionTimestamp) out.set(ns, (out.get(ns) ?? 0) + 1)
    else out.set(ns, out.get(ns) ?? 0)
  }
  return out
}

/**
 * Proposes checks that tell the goal from the start: objects created and deleted, replicas and
 * images changed (a rollout that must finish), running pod counts per namespace, new files.
 * The author edits them; nothing here looks at how the learner got there.
 */
export function proposeChecks(start: BuilderState, goal: BuilderState): Check[] {
  const checks: Check[] = []
  for (const resource of AUTHORED) {
    const before = start.objects[resource] ?? {}
    const after = goal.objects[resource] ?? {}
    for (const [key, o] of Object.entries(after)) {
      if (ownedOrSystem(o)) continue
      const old = before[key]
      if (!old) {
        checks.push({ type: 'exists', resource, ...where(o) })
        continue
      }
      if (SCALABLE.includes(resource)) {
        const r0 = (old as { spec?: { replicas?: number } }).spec?.replicas
        const r1 = (o as { spec?: { replicas?: number } }).spec?.replicas
        if (r0 !== r1)
          checks.push({
            type: 'field',
            resource,
            ...where(o),
            path: 'spec.replicas',
            op: 'eq',
            value: r1,
          })
      }
      if (WITH_TEMPLATE.includes(resource)) {
        const [i0, i1] = [images(old), images(o)]
        i1.forEach((image, i) => {
          if (image === i0[i]) return
          const path = `spec.template.spec.containers[${i}].image`
          if (resource === 'deployments.apps' && i1.length === 1)
            checks.push({ type: 'rolloutComplete', ...where(o), image })
          else checks.push({ type: 'field', resource, ...where(o), path, op: 'eq', value: image })
        })
      }
    }
    for (const [key, o] of Object.entries(before))
      if (!after[key] && !ownedOrSystem(o)) checks.push({ type: 'absent', resource, ...where(o) })
  }
  const [p0, p1] = [runningPods(start.objects), runningPods(goal.objects)]
  for (const [ns, n] of [...p1].sort(([a], [b]) => (a < b ? -1 : 1)))
    if (p0.get(ns) !== n)
      checks.push({
        type: 'count',
        resource: 'pods',
        ...(ns === 'default' ? {} : { namespace: ns }),
        status: 'Running',
        op: 'eq',
        value: n,
      })
  for (const [path, content] of Object.entries(goal.files).sort(([a], [b]) => (a < b ? -1 : 1)))
    if (start.files[path] !== content) {
      const line = content
        .split('\n')
        .find((l) => l.trim())
        ?.trim()
      checks.push({ type: 'file', path, ...(line ? { contains: line } : {}) })
    }
  return checks
}

/** What the author fills in, in both languages; the checks start as proposed and stay editable. */
export interface LessonDraft {
  id: string
  title: Text
  text: Text
  hints: Text[]
  checks: Check[]
  /** The start: cluster, seed, files and the lines that build it. */
  scenario: Scenario
  /** The commands that reached the goal, kept as the reference solution. */
  solution: string[]
  /** The seed tutorial and section this scenario practises (lessons are tied to one). */
  source: { seed: string; section: string }
}

/** A builder snapshot with the shell history that led to it, and the cluster it ran on. */
export type Captured = BuilderState & { history: string[]; cluster?: Scenario['cluster'] }

/** Which lesson cluster a running cluster has the shape of (the start is replayed on it). */
export function lessonCluster(spec: ClusterSpec): Scenario['cluster'] | undefined {
  const text = JSON.stringify(spec)
  return LESSON_CLUSTERS.find((name) => JSON.stringify(presetCluster(name)) === text)
}

const LESSON_CLUSTERS = ['kubeadm', 'minikube', 'tutorial-001'] as const

/**
 * Virtual seconds a builder lesson's start is given after its set-up lines replay at once: the
 * author took real time between commands, and pods should be running when the learner arrives.
 */
export const BUILDER_SETTLE_SECONDS = 60

/**
 * A draft from start and goal: the start is replayed from the commands that built it (on top of
 * the files the author had), and the commands between start and goal are the reference solution.
 */
export function draftFrom(
  start: Captured,
  goal: Captured,
  checks: Check[],
  fields: Pick<LessonDraft, 'id' | 'title' | 'text' | 'hints'> & { seed: string },
): LessonDraft {
  const scenario: Scenario = {
    cluster: start.cluster ?? 'kubeadm',
    seed: 1,
    settleSeconds: BUILDER_SETTLE_SECONDS,
  }
  if (Object.keys(start.files).length) scenario.files = start.files
  if (start.history.length) scenario.setup = start.history
  return {
    id: fields.id,
    title: fields.title,
    text: fields.text,
    hints: fields.hints,
    checks,
    scenario,
    solution: goal.history.slice(start.history.length),
    source: { seed: fields.seed, section: fields.title.en || fields.id },
  }
}

export function draftToLesson(d: LessonDraft): Lesson {
  return {
    id: d.id,
    version: 1,
    track: 'community',
    order: 10_000,
    title: d.title,
    summary: d.text,
    source: d.source,
    scenario: d.scenario,
    steps: [
      {
        id: 'goal',
        title: d.title,
        text: d.text,
        checks: d.checks,
        hints: d.hints,
        solution: d.solution,
      },
    ],
  }
}

/** `lessons/<id>/lesson.yaml`, validated like every bundled lesson before it is offered. */
export function lessonYaml(d: LessonDraft): { path: string; yaml: string } | { errors: string[] } {
  const path = `lessons/${d.id}/lesson.yaml`
  const yaml = stringify(draftToLesson(d), { lineWidth: 0 })
  const parsed = parseLesson(path, yaml)
  if (parsed.errors.length) return { errors: parsed.errors.map(formatLessonError) }
  return { path, yaml }
}

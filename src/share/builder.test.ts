import { describe, expect, it } from 'vitest'
import { createSession, runLineSync, type Session } from '../session/session.ts'
import { evaluate } from '../lessons/checks.ts'
import { parseLesson } from '../lessons/load.ts'
import type { Check } from '../lessons/types.ts'
import { presetCluster } from '../sim/cluster/presets.ts'
import {
  BUILDER_SETTLE_SECONDS,
  draftFrom,
  lessonCluster,
  lessonYaml,
  proposeChecks,
  type BuilderState,
  type LessonDraft,
} from './builder.ts'
import { draftProblems } from './draftProblems.ts'

function state(s: Session): BuilderState {
  s.sim.settle()
  const objects: BuilderState['objects'] = {}
  for (const r of s.sim.store.resources()) {
    objects[r] = {}
    for (const o of s.sim.store.table(r).values())
      objects[r][`${o.metadata.namespace ?? ''}/${o.metadata.name}`] = structuredClone(o)
  }
  const files: Record<string, string> = {}
  for (const name of s.fs.list('/root') ?? []) {
    const text = s.fs.read(`/root/${name}`)
    if (text !== undefined) files[name] = text
  }
  return { objects, files }
}

const run = (s: Session, lines: string[]): void => {
  for (const l of lines) runLineSync(s, l, { isTTY: false })
}

describe('scenario builder', () => {
  it('proposes checks from the difference, true at the goal and false at the start', () => {
    const s = createSession({ seed: 3 })
    run(s, [
      'kubectl create deployment web --image=nginx:1.26 --replicas=2',
      'kubectl create deployment api --image=busybox -- sleep 3600',
      'kubectl create configmap old --from-literal=a=b',
      'sleep 60',
    ])
    const start = state(s)
    run(s, [
      'kubectl scale deployment web --replicas=4',
      'kubectl set image deployment/api busybox=busybox:1.36',
      'kubectl delete configmap old',
      'kubectl create namespace team',
      'kubectl create deployment cache -n team --image=redis',
      'echo "hello: world" > notes.yaml',
      'sleep 120',
    ])
    const goal = state(s)
    const checks = proposeChecks(start, goal)
    expect(checks).toEqual([
      { type: 'exists', resource: 'namespaces', name: 'team' },
      {
        type: 'field',
        resource: 'deployments.apps',
        name: 'web',
        path: 'spec.replicas',
        op: 'eq',
        value: 4,
      },
      { type: 'rolloutComplete', name: 'api', image: 'busybox:1.36' },
      { type: 'exists', resource: 'deployments.apps', name: 'cache', namespace: 'team' },
      { type: 'absent', resource: 'configmaps', name: 'old' },
      { type: 'count', resource: 'pods', status: 'Running', op: 'eq', value: 5 },
      { type: 'count', resource: 'pods', namespace: 'team', status: 'Running', op: 'eq', value: 1 },
      { type: 'file', path: 'notes.yaml', contains: 'hello: world' },
    ])
    const ctx = { sim: s.sim, fs: s.fs, history: [] }
    expect(checks.map((c) => evaluate(c, ctx).ok)).toEqual(checks.map(() => true))
    // On a fresh cluster none of them holds: each one says something the learner must do.
    const fresh = createSession({ seed: 3 })
    const none = { sim: fresh.sim, fs: fresh.fs, history: [] }
    expect(checks.filter((c) => evaluate(c, none).ok)).toEqual([
      { type: 'absent', resource: 'configmaps', name: 'old' },
    ])
  }, 60_000)

  it('exports a lesson file that the lesson loader accepts, and refuses a bad one', () => {
    const draft: LessonDraft = {
      id: 'scale-web',
      title: { 'zh-CN': '扩容 web', en: 'Scale web' },
      text: { 'zh-CN': '把 web 扩到 4 个副本。', en: 'Scale web to 4 replicas.' },
      hints: [{ 'zh-CN': '用 kubectl scale。', en: 'Use kubectl scale.' }],
      checks: [
        {
          type: 'field',
          resource: 'deployments.apps',
          name: 'web',
          path: 'spec.replicas',
          value: 4,
        },
      ],
      scenario: {
        cluster: 'kubeadm',
        seed: 3,
        setup: ['kubectl create deployment web --image=nginx'],
      },
      solution: ['kubectl scale deployment web --replicas=4'],
      source: { seed: '001', section: '§3.5 scaling a Deployment' },
    }
    const out = lessonYaml(draft)
    if (!('yaml' in out)) throw new Error(out.errors.join('\n'))
    expect(out.path).toBe('lessons/scale-web/lesson.yaml')
    expect(parseLesson(out.path, out.yaml).lesson?.steps[0].checks).toEqual(draft.checks)
    expect(lessonYaml({ ...draft, id: 'Bad Id!' })).toMatchObject({
      errors: [expect.stringContaining('/id')],
    })
  })
})

describe('a draft from start and goal', () => {
  it('replays the start from its commands and keeps the commands in between as the solution', () => {
    const start = {
      objects: {},
      files: { 'a.yaml': 'x: 1\n' },
      history: ['kubectl create ns team'],
    }
    const goal = {
      objects: {},
      files: {},
      history: ['kubectl create ns team', 'kubectl create deployment web -n team --image=nginx'],
    }
    const fields = {
      id: 'team-web',
      title: { 'zh-CN': '团队', en: 'Team' },
      text: { 'zh-CN': '建一个 web。', en: 'Create web.' },
      hints: [{ 'zh-CN': '用 -n。', en: 'Use -n.' }],
      seed: '001',
    }
    const checks: Check[] = [
      { type: 'exists', resource: 'deployments.apps', name: 'web', namespace: 'team' },
    ]
    const d = draftFrom(start, goal, checks, fields)
    expect(d.scenario).toEqual({
      cluster: 'kubeadm',
      seed: 1,
      settleSeconds: BUILDER_SETTLE_SECONDS,
      files: { 'a.yaml': 'x: 1\n' },
      setup: ['kubectl create ns team'],
    })
    expect(d.solution).toEqual(['kubectl create deployment web -n team --image=nginx'])
    expect(d.source).toEqual({ seed: '001', section: 'Team' })
    expect(draftProblems(d)).toEqual([])
    expect(draftProblems(draftFrom(start, start, checks, fields))).toEqual([
      { at: 'solution', code: 'minItems', message: 'must NOT have fewer than 1 items' },
    ])
  })

  it('replays the start on the cluster it was built on', () => {
    for (const cluster of ['kubeadm', 'minikube', 'tutorial-001'] as const) {
      const s = createSession({ seed: 4, cluster })
      expect(lessonCluster(s.snapshot().sim.options.cluster)).toBe(cluster)
    }
    expect(lessonCluster(presetCluster('large', 3))).toBeUndefined()
  }, 60_000)
})

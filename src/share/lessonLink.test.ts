import { describe, expect, it } from 'vitest'
import { createSession, runLineSync } from '../session/session.ts'
import { evaluateStep } from '../lessons/checks.ts'
import { draftToLesson, type LessonDraft } from './builder.ts'
import { encodePayload, payloadFromJson } from './codec.ts'
import { draftProblems } from './draftProblems.ts'
import { CHECK_FIELDS, CHECK_TYPES, withField, withType } from './checkFields.ts'
import type { Check } from '../lessons/types.ts'
import { lessonPayload } from './lessonLink.ts'
import { decodeLink, sessionFromLink } from './sessionLink.ts'

const DRAFT: LessonDraft = {
  id: 'fix-the-shop',
  title: { 'zh-CN': '修好商店', en: 'Fix the shop' },
  text: {
    'zh-CN': '`web` 的镜像写错了，`api` 需要 3 个副本。',
    en: 'The `web` image is wrong and `api` needs 3 replicas.',
  },
  hints: [
    { 'zh-CN': '先看看 Pod 的状态。', en: 'Look at the pods first.' },
    { 'zh-CN': '用 kubectl set image 和 kubectl scale。', en: 'Use kubectl set image and scale.' },
  ],
  checks: [
    { type: 'rolloutComplete', name: 'web', image: 'nginx:1.27' },
    { type: 'field', resource: 'deployments.apps', name: 'api', path: 'spec.replicas', value: 3 },
    { type: 'count', resource: 'pods', status: 'Running', op: 'eq', value: 5 },
  ],
  scenario: {
    cluster: 'kubeadm',
    seed: 11,
    files: { 'api.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n' },
    setup: [
      'kubectl create deployment web --image=nginx:1.27-typo --replicas=2',
      'kubectl create deployment api --image=busybox --replicas=1 -- sleep 3600',
      'kubectl create configmap shop --from-literal=mode=test',
      'kubectl expose deployment web --port=80',
    ],
    settleSeconds: 60,
  },
  solution: [
    'kubectl set image deployment/web nginx=nginx:1.27',
    'kubectl scale deployment api --replicas=3',
  ],
  source: { seed: '001', section: 'Fix the shop' },
}

function linkOf(d: LessonDraft): string {
  const out = lessonPayload(d, 'en')
  if (!('payload' in out)) throw new Error(JSON.stringify(out.problems))
  return 'https://kubeplay.dev/#' + encodePayload(out.payload)
}

describe('a builder lesson in a link', () => {
  it('carries the whole lesson in a short link', () => {
    const link = linkOf(DRAFT)
    expect(link.length).toBeLessThan(2000)
    expect(decodeLink(link)).toEqual({
      ok: true,
      payload: { v: 2, lang: 'en', lesson: { id: DRAFT.id, content: draftToLesson(DRAFT) } },
    })
  })

  it('starts at the lesson start, exactly as the lesson player builds it, and plays to solved', () => {
    const opened = sessionFromLink(linkOf(DRAFT))
    if (!opened.ok) throw new Error(opened.error)
    const player = createSession({ seed: 11, cluster: 'kubeadm', files: DRAFT.scenario.files })
    for (const line of DRAFT.scenario.setup!) runLineSync(player, line, { record: false })
    player.sim.advance(60_000)
    expect(JSON.stringify(opened.session.snapshot())).toBe(JSON.stringify(player.snapshot()))

    const s = opened.session
    const history: { line: string; exitCode: number }[] = []
    const ctx = { sim: s.sim, fs: s.fs, history }
    const step = opened.payload.lesson!.content!.steps[0]
    const before = evaluateStep(step.checks, ctx)
    expect(before.passed).toBe(false)
    expect(before.firstFailure?.en).toBeTruthy()
    for (const line of step.solution)
      history.push({ line, exitCode: runLineSync(s, line).exitCode })
    expect(s.sim.advanceUntil(() => evaluateStep(step.checks, ctx).passed, 180_000)).toBe(true)
  }, 60_000)

  it('refuses lessons the course loader would refuse, and says where', () => {
    const content = draftToLesson(DRAFT)
    const refuse = (lesson: unknown, id = DRAFT.id) =>
      payloadFromJson(2, { v: 2, lesson: { id, content: lesson } })
    expect(refuse({ ...content, steps: [{ ...content.steps[0], hints: [] }] })).toEqual({
      ok: false,
      error:
        "the link's content is not valid: lesson /steps/0/hints: must NOT have fewer than 1 items",
    })
    expect(refuse(content, 'other-id')).toEqual({
      ok: false,
      error: "the link's content is not valid: lesson lesson.content.id must equal lesson.id",
    })
    expect(refuse({ ...content, id: '<script>alert(1)</script>' }, 'x')).toMatchObject({
      ok: false,
      error: expect.stringContaining('/id: must match pattern'),
    })
    expect(refuse({ ...content, run: 'rm -rf /' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('must NOT have additional properties "run"'),
    })
    const badCheck = { ...content.steps[0], checks: [{ type: 'eval', code: 'alert(1)' }] }
    expect(refuse({ ...content, steps: [badCheck] })).toMatchObject({ ok: false })
    expect(refuse({ ...content, title: { en: 'x', 'zh-CN': 42 } })).toMatchObject({ ok: false })
    expect(refuse('not a lesson')).toMatchObject({ ok: false })
    const twice = { ...content, steps: [content.steps[0], content.steps[0]] }
    expect(refuse(twice)).toEqual({
      ok: false,
      error: `the link's content is not valid: lesson duplicate step id "goal"`,
    })
  })
})

describe('draft problems', () => {
  it('places each problem on the field the author typed', () => {
    const checks = [
      { type: 'exists', resource: 'deployments.apps' },
      { type: 'count', resource: 'pods', value: 'three' },
      { type: 'field', resource: ' ', name: 'web', path: 'spec.replicas', value: 3 },
    ] as unknown as LessonDraft['checks']
    const problems = draftProblems({
      ...DRAFT,
      id: 'Bad Id',
      title: { 'zh-CN': '标题', en: ' ' },
      hints: [],
      checks,
      solution: [],
    })
    expect(problems).toEqual([
      { at: 'id', code: 'pattern', message: 'must match pattern "^[a-z0-9][a-z0-9-]*$"' },
      { at: 'title/en', code: 'empty', message: 'must not be empty' },
      { at: 'checks/0/name', code: 'required', message: "must have required property 'name'" },
      { at: 'hints', code: 'minItems', message: 'must NOT have fewer than 1 items' },
      { at: 'solution', code: 'minItems', message: 'must NOT have fewer than 1 items' },
      { at: 'checks/1/value', code: 'number', message: 'must be a number' },
      { at: 'checks/2/resource', code: 'empty', message: 'must not be empty' },
    ])
    expect(draftProblems(DRAFT)).toEqual([])
    // The app refuses a link whose lesson takes a course lesson's id; the builder says so first.
    expect(lessonPayload(DRAFT, 'en', ['deployment-first', DRAFT.id])).toEqual({
      problems: [{ at: 'id', code: 'taken', message: 'is the id of a course lesson' }],
    })
    expect(lessonPayload({ ...DRAFT, hints: [] })).toEqual({
      problems: [{ at: 'hints', code: 'minItems', message: 'must NOT have fewer than 1 items' }],
    })
  })
})

describe('editing a check field by field', () => {
  it('keeps numbers as numbers, drops emptied optional fields and keeps what cannot be parsed', () => {
    const spec = (type: Check['type'], key: string) =>
      CHECK_FIELDS[type].find((s) => s.key === key)!
    let c: Check = { type: 'count', resource: 'pods', value: 5 }
    c = withField(c, spec('count', 'value'), '7')
    c = withField(c, spec('count', 'namespace'), 'team')
    c = withField(c, spec('count', 'ready'), 'true')
    expect(c).toEqual({ type: 'count', resource: 'pods', value: 7, namespace: 'team', ready: true })
    c = withField(c, spec('count', 'namespace'), '')
    c = withField(c, spec('count', 'value'), 'seven')
    expect(c).toEqual({ type: 'count', resource: 'pods', value: 'seven', ready: true })
    expect(draftProblems({ ...DRAFT, checks: [c] })).toEqual([
      { at: 'checks/0/value', code: 'number', message: 'must be a number' },
    ])
    const field = withField(
      { type: 'field', resource: 'deployments.apps', name: 'web', path: 'spec.replicas' },
      spec('field', 'value'),
      '4',
    )
    expect(field).toMatchObject({ value: 4 })
    expect(withField(field, spec('field', 'value'), 'nginx:1.27')).toMatchObject({
      value: 'nginx:1.27',
    })
    // Switching the kind keeps the shared fields and adds the new required ones, empty.
    expect(withType(field, 'condition')).toEqual({
      type: 'condition',
      resource: 'deployments.apps',
      name: 'web',
      condition: '',
    })
    expect(withType(field, 'ran')).toEqual({ type: 'ran', words: [] })
    expect(draftProblems({ ...DRAFT, checks: [withType(field, 'ran')] })).toEqual([
      { at: 'checks/0/words', code: 'empty', message: 'must not be empty' },
    ])
    expect(CHECK_TYPES).toHaveLength(12)
  })
})

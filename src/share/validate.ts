import { CURRENT_VERSION } from './payload.ts'
import { lessonContentProblem } from './lessonContent.ts'

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
const MAX_DEPTH = 64
const MAX_TABS = 50
const ID = /^[a-z0-9-]{1,80}$/

/** Keys that could reach a prototype, anywhere in a decoded value; checked before anything reads it. */
export function forbiddenKey(v: unknown, depth = 0): string | null {
  if (depth > MAX_DEPTH) return 'nesting is too deep'
  if (Array.isArray(v)) {
    for (const x of v) {
      const r = forbiddenKey(x, depth + 1)
      if (r) return r
    }
  } else if (isObject(v)) {
    for (const k of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(k)) return `forbidden key "${k}"`
      const r = forbiddenKey(v[k], depth + 1)
      if (r) return r
    }
  }
  return null
}

/** Returns a problem description, or null when the payload has the current format's shape. */
export function validatePayload(p: unknown): string | null {
  const bad = forbiddenKey(p)
  if (bad) return bad
  if (!isObject(p)) return 'expected an object'
  const allowed = ['v', 'lang', 'title', 'lesson', 'scenario', 'snapshot', 'tabs', 'active']
  for (const k of Object.keys(p)) if (!allowed.includes(k)) return `unknown field "${k}"`
  if (p.v !== CURRENT_VERSION) return `v must be ${CURRENT_VERSION}`
  if (p.lang !== undefined && p.lang !== 'en' && p.lang !== 'zh-CN')
    return 'lang must be "en" or "zh-CN"'
  if (p.title !== undefined && (typeof p.title !== 'string' || p.title.length > 200))
    return 'title must be a short string'
  const problem =
    lessonProblem(p.lesson) ??
    tabsProblem(p.tabs, p.active) ??
    (p.scenario === undefined ? null : scenarioProblem(p.scenario))
  if (problem) return problem
  if (p.snapshot !== undefined && !isObject(p.snapshot)) return 'snapshot must be an object'
  if (p.scenario === undefined && p.snapshot === undefined && p.lesson === undefined)
    return 'the link holds no cluster'
  return null
}

function lessonProblem(l: unknown): string | null {
  if (l === undefined) return null
  if (!isObject(l)) return 'lesson must be an object'
  for (const k of Object.keys(l))
    if (!['id', 'step', 'content'].includes(k)) return `unknown lesson field "${k}"`
  if (typeof l.id !== 'string' || !ID.test(l.id)) return 'lesson.id is invalid'
  if (l.step !== undefined && (typeof l.step !== 'string' || !ID.test(l.step)))
    return 'lesson.step is invalid'
  if (l.content === undefined) return null
  const problem = lessonContentProblem(l.content, l.id)
  return problem && `lesson ${problem}`
}

function tabsProblem(tabs: unknown, active: unknown): string | null {
  if (tabs === undefined) return active === undefined ? null : 'active names no tab'
  if (!Array.isArray(tabs) || tabs.length > MAX_TABS)
    return `tabs must list at most ${MAX_TABS} editor tabs`
  const paths = new Set<string>()
  for (const t of tabs) {
    if (!isObject(t) || Object.keys(t).some((k) => k !== 'path' && k !== 'content'))
      return 'each tab must be {path, content?}'
    if (typeof t.path !== 'string' || !/^\/[^\0]{0,4095}$/.test(t.path))
      return 'a tab path must be an absolute path'
    if (t.content !== undefined && typeof t.content !== 'string')
      return `tab "${t.path.slice(0, 40)}" content is not text`
    if (paths.has(t.path)) return `tab "${t.path.slice(0, 40)}" is listed twice`
    paths.add(t.path)
  }
  if (active !== undefined && (typeof active !== 'string' || !paths.has(active)))
    return 'active names no tab'
  return null
}

function scenarioProblem(s: unknown): string | null {
  if (!isObject(s)) return 'scenario must be an object'
  for (const k of Object.keys(s))
    if (!['cluster', 'seed', 'start', 'files', 'script'].includes(k))
      return `unknown scenario field "${k}"`
  if (s.cluster !== undefined && !['kubeadm', 'minikube', 'tutorial-001'].includes(s.cluster))
    return 'scenario.cluster is not a known cluster'
  if (s.seed !== undefined && !Number.isSafeInteger(s.seed))
    return 'scenario.seed must be an integer'
  if (s.start !== undefined && !Number.isSafeInteger(s.start))
    return 'scenario.start must be an integer'
  if (s.files !== undefined) {
    if (!isObject(s.files)) return 'scenario.files must map paths to text'
    for (const [k, v] of Object.entries(s.files))
      if (typeof v !== 'string' || k.length > 4096) return `file "${k.slice(0, 40)}" is not text`
  }
  if (
    s.script !== undefined &&
    (!Array.isArray(s.script) || s.script.some((l) => typeof l !== 'string'))
  )
    return 'scenario.script must be lines of text'
  return null
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

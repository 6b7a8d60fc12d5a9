const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
const MAX_DEPTH = 64

/** Returns a problem description, or null when the payload has the expected shape. */
export function validatePayload(p: unknown): string | null {
  const bad = forbiddenKey(p, 0)
  if (bad) return bad
  if (!isObject(p)) return 'expected an object'
  const allowed = new Set(['v', 'lang', 'title', 'lesson', 'scenario', 'snapshot', 'open'])
  for (const k of Object.keys(p)) if (!allowed.has(k)) return `unknown field "${k}"`
  if (p.lang !== undefined && p.lang !== 'en' && p.lang !== 'zh-CN')
    return 'lang must be "en" or "zh-CN"'
  if (p.title !== undefined && (typeof p.title !== 'string' || p.title.length > 200))
    return 'title must be a short string'
  if (p.lesson !== undefined) {
    if (
      !isObject(p.lesson) ||
      typeof p.lesson.id !== 'string' ||
      !/^[a-z0-9-]{1,80}$/.test(p.lesson.id)
    )
      return 'lesson.id is invalid'
    if (
      p.lesson.step !== undefined &&
      (typeof p.lesson.step !== 'string' || !/^[a-z0-9-]{1,80}$/.test(p.lesson.step))
    )
      return 'lesson.step is invalid'
  }
  if (
    p.open !== undefined &&
    (!Array.isArray(p.open) || p.open.some((x) => typeof x !== 'string' || x.length > 4096))
  )
    return 'open must list file paths'
  if (p.scenario !== undefined) {
    const s = p.scenario
    if (!isObject(s)) return 'scenario must be an object'
    for (const k of Object.keys(s))
      if (!['cluster', 'seed', 'start', 'files', 'script'].includes(k))
        return `unknown scenario field "${k}"`
    if (
      s.cluster !== undefined &&
      !['kubeadm', 'minikube', 'tutorial-001'].includes(s.cluster as string)
    )
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
  }
  if (p.snapshot !== undefined && !isObject(p.snapshot)) return 'snapshot must be an object'
  if (p.scenario === undefined && p.snapshot === undefined && p.lesson === undefined)
    return 'the link holds no cluster'
  return null
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function forbiddenKey(v: unknown, depth: number): string | null {
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

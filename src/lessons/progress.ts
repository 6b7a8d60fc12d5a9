/** Which lessons and steps a learner has solved; kept in the browser and exportable as a file. */
export interface Progress {
  version: 1
  solved: Record<string, string[]>
}

export function emptyProgress(): Progress {
  return { version: 1, solved: {} }
}

export function markSolved(p: Progress, lesson: string, step: string): Progress {
  const steps = new Set(p.solved[lesson] ?? [])
  if (steps.has(step)) return p
  steps.add(step)
  return { ...p, solved: { ...p.solved, [lesson]: [...steps] } }
}

/** Validates an imported progress file; unknown or hostile content is refused, never merged blindly. */
export function parseProgress(text: string): Progress | string {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return 'not a progress file (invalid JSON)'
  }
  if (typeof data !== 'object' || data === null || (data as Progress).version !== 1)
    return 'not a Kubeplay progress file'
  const solved = (data as Progress).solved
  if (typeof solved !== 'object' || solved === null || Array.isArray(solved))
    return 'the file has no solved lessons'
  const out: Record<string, string[]> = {}
  for (const [k, v] of Object.entries(solved)) {
    if (
      !/^[a-z0-9-]{1,80}$/.test(k) ||
      !Array.isArray(v) ||
      v.some((s) => typeof s !== 'string' || !/^[a-z0-9-]{1,80}$/.test(s))
    ) {
      return `invalid entry "${k.slice(0, 40)}"`
    }
    out[k] = v
  }
  return { version: 1, solved: out }
}

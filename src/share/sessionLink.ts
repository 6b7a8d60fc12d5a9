import { createSession, restoreSession, runLineSync, type Session } from '../session/session.ts'
import { chunks } from '../shell/chunks.ts'
import type { Lesson, Scenario } from '../lessons/types.ts'
import { decodePayload, encodePayload, type DecodeResult } from './codec.ts'
import { CURRENT_VERSION, type SharePayload, type ShareScenario } from './payload.ts'

/**
 * Recreates the cluster a link describes. A scenario is replayed on a fresh session with the
 * synchronous driver, which makes the result identical on every machine; a snapshot is restored.
 * A link that holds only a lesson starts where that lesson starts (`lessonStart`, for a course
 * lesson the link names; the lesson it carries otherwise).
 */
export function sessionFromPayload(
  payload: SharePayload,
  lessonStart?: Scenario,
  at?: number,
): Session {
  if (payload.snapshot !== undefined) return restoreSession(payload.snapshot)
  const start = lessonStart ?? payload.lesson?.content?.scenario
  const s = payload.scenario ?? (start ? shareScenarioFor(start) : {})
  const session = createSession({
    seed: s.seed ?? 1,
    // `at` replaces the link's own start (a served cluster keeps the wall clock's time).
    start: at ?? s.start,
    cluster: s.cluster ?? 'kubeadm',
    files: s.files,
  })
  for (const chunk of chunks((s.script ?? []).join('\n')))
    runLineSync(session, chunk, { record: false, isTTY: false })
  return session
}

/** `…#s=…` (a whole address or just its fragment) → the payload, or why it cannot be opened. */
export function decodeLink(link: string): DecodeResult {
  return decodePayload(link.includes('#') ? link.slice(link.indexOf('#') + 1) : link)
}

/**
 * `…#s=…` → a session, or the reason the link cannot be opened. `courseLesson` finds a lesson
 * the link names without carrying it, so a link to a course lesson starts at that lesson's start.
 */
export function sessionFromLink(
  link: string,
  courseLesson?: (id: string) => Lesson | undefined,
  at?: number,
): { ok: true; session: Session; payload: SharePayload } | { ok: false; error: string } {
  const decoded = decodeLink(link)
  if (!decoded.ok) return decoded
  const ref = decoded.payload.lesson
  const lessonStart = ref && !ref.content ? courseLesson?.(ref.id)?.scenario : undefined
  try {
    return {
      ok: true,
      session: sessionFromPayload(decoded.payload, lessonStart, at),
      payload: decoded.payload,
    }
  } catch (e) {
    return {
      ok: false,
      error: `the cluster in the link could not be restored: ${(e as Error).message}`,
    }
  }
}

export function linkForScenario(
  base: string,
  scenario: ShareScenario,
  extra: Omit<SharePayload, 'v' | 'scenario'> = {},
): string {
  return `${base.replace(/#.*$/, '')}#${encodePayload({ v: CURRENT_VERSION, ...extra, scenario })}`
}

/**
 * A lesson's start state in the compact form: its silent set-up lines, then its settle time as a
 * `sleep`, which moves virtual time exactly as the lesson player does.
 */
export function shareScenarioFor(scenario: Scenario): ShareScenario {
  const script = [...(scenario.setup ?? [])]
  if (scenario.settleSeconds) script.push(`sleep ${scenario.settleSeconds}`)
  const out: ShareScenario = { cluster: scenario.cluster ?? 'kubeadm', seed: scenario.seed ?? 1 }
  if (scenario.files && Object.keys(scenario.files).length) out.files = scenario.files
  if (script.length) out.script = script
  return out
}

import { createSession, restoreSession, runLineSync, type Session } from '../session/session.ts'
import { chunks } from '../shell/chunks.ts'
import type { Scenario } from '../lessons/types.ts'
import { decodePayload, encodePayload } from './codec.ts'
import type { SharePayload, ShareScenario } from './payload.ts'

/**
 * Recreates the cluster a link describes. A scenario is replayed on a fresh session with the
 * synchronous driver, which makes the result identical on every machine; a snapshot is restored.
 */
export function sessionFromPayload(payload: SharePayload): Session {
  if (payload.snapshot !== undefined) return restoreSession(payload.snapshot)
  const s = payload.scenario ?? {}
  const session = createSession({
    seed: s.seed ?? 1,
    start: s.start,
    cluster: s.cluster ?? 'kubeadm',
    files: s.files,
  })
  for (const chunk of chunks((s.script ?? []).join('\n')))
    runLineSync(session, chunk, { record: false, isTTY: false })
  return session
}

/** `…#s=…` → a session, or the reason the link cannot be opened. */
export function sessionFromLink(
  link: string,
): { ok: true; session: Session; payload: SharePayload } | { ok: false; error: string } {
  const hash = link.includes('#') ? link.slice(link.indexOf('#') + 1) : link
  const decoded = decodePayload(hash)
  if (!decoded.ok) return decoded
  try {
    return { ok: true, session: sessionFromPayload(decoded.payload), payload: decoded.payload }
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
  return `${base.replace(/#.*$/, '')}#${encodePayload({ v: 1, ...extra, scenario })}`
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

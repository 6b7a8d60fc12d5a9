import i18n from 'i18next'
import { decodePayload } from '../../share/codec.ts'
import type { SharePayload } from '../../share/payload.ts'
import { validatePayload } from '../../share/validate.ts'
import { engine, scheduleSave } from '../../store/engine.ts'
import { useApp } from '../../store/index.ts'

// Must match the lesson panel's key: a shared lesson cluster is the learner's start, not rebuilt.
const STARTED_KEY = 'kubeplay:lesson-started'

/** Swaps the URL's fragment without a history entry, and tells the router. */
export function replaceHash(hash: string): void {
  history.replaceState(null, '', `${location.pathname}${location.search}${hash}`)
  window.dispatchEvent(new HashChangeEvent('hashchange'))
}

function refuse(reason: string): void {
  useApp.getState().notify('error', i18n.t('share.refused', { reason }))
}

/** Loads a decoded payload into the engine; returns the route to show after it, or null. */
export async function openPayload(payload: SharePayload): Promise<string | null> {
  const result = await engine().loadShare(payload)
  if (!result.ok) {
    refuse(result.error)
    return null
  }
  if (payload.lang && payload.lang !== i18n.language) await i18n.changeLanguage(payload.lang)
  const { openTab } = useApp.getState()
  for (const path of payload.open ?? []) {
    const content = await engine().readFile(path)
    if (content !== undefined) openTab({ path, content, saved: content })
  }
  useApp.getState().notify('info', 'share.opened')
  scheduleSave()
  if (!payload.lesson) return '#/'
  localStorage.setItem(STARTED_KEY, payload.lesson.id)
  return `#/lesson/${payload.lesson.id}${payload.lesson.step ? `/${payload.lesson.step}` : ''}`
}

/**
 * Opens a `#s=…` fragment once: decoded here in the main thread (refusals never reach the engine),
 * then the hash is replaced so a reload does not import over the learner's work.
 */
let lastFragment: string | null = null

export async function openFragment(fragment: string): Promise<void> {
  // React may run the effect twice for one navigation; one link opens once.
  if (fragment === lastFragment) return
  lastFragment = fragment
  const decoded = decodePayload(fragment)
  let next: string | null = null
  if (decoded.ok) next = await openPayload(decoded.payload)
  else refuse(decoded.error)
  replaceHash(next ?? '#/')
}

/** A file exported from the share dialog: the same JSON payload as a link carries. */
export async function openFile(text: string): Promise<void> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    refuse('the file is not valid JSON')
    return
  }
  const problem = validatePayload(json)
  if (problem) {
    refuse(`the file's content is not valid: ${problem}`)
    return
  }
  const next = await openPayload(json as SharePayload)
  if (next) replaceHash(next)
}

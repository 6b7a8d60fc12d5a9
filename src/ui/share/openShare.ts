import i18n from 'i18next'
import type { SharePayload } from '../../share/payload.ts'
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

/** Editor tabs as the sharer left them: unsaved buffers keep their text, marked as unsaved. */
async function restoreTabs(payload: SharePayload): Promise<void> {
  const { openTab, setActiveTab } = useApp.getState()
  for (const tab of payload.tabs ?? []) {
    const onDisk = await engine().readFile(tab.path)
    if (onDisk === undefined && tab.content === undefined) continue
    openTab({ path: tab.path, content: tab.content ?? onDisk ?? '', saved: onDisk ?? '' })
  }
  if (payload.active) setActiveTab(payload.active)
}

/** Loads a decoded payload into the engine; returns the route to show after it, or null. */
export async function openPayload(payload: SharePayload): Promise<string | null> {
  // The decoder and the lesson catalogue load only when a link is opened (not on every start).
  const [{ loadBundledLessons }, { rememberSharedLesson }] = await Promise.all([
    import('../../lessons/catalog.browser.ts'),
    import('./sharedLesson.ts'),
  ])
  const lesson = payload.lesson
  if (lesson?.content && loadBundledLessons().lessons.some((l) => l.id === lesson.id)) {
    refuse(`the lesson in the link uses the id of a course lesson, "${lesson.id}"`)
    return null
  }
  // A link holding only a lesson starts where the lesson starts: the lesson panel builds it.
  const ownCluster = payload.snapshot !== undefined || payload.scenario !== undefined
  if (ownCluster || !lesson) {
    const result = await engine().loadShare(payload)
    if (!result.ok) {
      refuse(result.error)
      return null
    }
  }
  if (payload.lang && payload.lang !== i18n.language) await i18n.changeLanguage(payload.lang)
  await restoreTabs(payload)
  useApp.getState().notify('info', 'share.opened')
  scheduleSave()
  if (!lesson) return '#/'
  if (lesson.content) rememberSharedLesson(lesson.content)
  if (ownCluster) localStorage.setItem(STARTED_KEY, lesson.id)
  else localStorage.removeItem(STARTED_KEY)
  return `#/lesson/${lesson.id}${lesson.step ? `/${lesson.step}` : ''}`
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
  const { decodePayload } = await import('../../share/codec.ts')
  const decoded = decodePayload(fragment)
  let next: string | null = null
  if (decoded.ok) next = await openPayload(decoded.payload)
  else refuse(decoded.error)
  replaceHash(next ?? '#/')
}

/** A file exported from the share dialog: the same JSON payload as a link carries, any format. */
export async function openFile(text: string): Promise<void> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    refuse('the file is not valid JSON')
    return
  }
  const { payloadFromJson } = await import('../../share/codec.ts')
  const v = (json as { v?: unknown } | null)?.v
  const decoded = payloadFromJson(typeof v === 'number' && Number.isInteger(v) ? v : 0, json)
  if (!decoded.ok) {
    refuse(decoded.error.replace("the link's", "the file's"))
    return
  }
  const next = await openPayload(decoded.payload)
  if (next) replaceHash(next)
}

import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { decodePayload } from '../../share/codec.ts'
import type { SharePayload } from '../../share/payload.ts'
import { loadBundledLessons } from '../../lessons/catalog.browser.ts'
import { engine } from '../../store/engine.ts'
import { onTerminalOutput, useApp } from '../../store/index.ts'
import { ClusterGraph } from '../graph/ClusterGraph.tsx'
import { TerminalPane } from '../terminal/TerminalPane.tsx'
import { EditorPane } from '../editor/EditorPane.tsx'
import { typeInTerminal } from '../terminal/terminalBridge.ts'
import { Notices } from '../app/Notices.tsx'
import { embedPolicy, obeys, parseEmbedCommand, type EmbedPolicy } from './embedMessages.ts'

type Start = { kind: 'share'; payload: SharePayload } | { kind: 'lesson'; id: string } | null

/** What the embed shows at first and after `kubeplay:reset`: a link's cluster or a lesson's start. */
async function applyStart(start: Start): Promise<string | null> {
  if (start?.kind === 'share') {
    const r = await engine().loadShare(start.payload)
    return r.ok ? null : r.error
  }
  if (start?.kind === 'lesson') {
    const lesson = loadBundledLessons().lessons.find((l) => l.id === start.id)
    if (!lesson) return null
    await engine().startScenario(lesson.scenario)
  }
  return null
}

/** Decided once per page: who may drive this embed and where unsolicited messages go. */
const policy: EmbedPolicy =
  window.parent === window
    ? { allowed: null, parent: null }
    : embedPolicy(location.search, location.ancestorOrigins, document.referrer)

/**
 * Sends to one named origin, never `*`: if the parent has navigated elsewhere meanwhile, the
 * browser drops the message instead of handing the terminal's output to a stranger.
 */
function postTo(origin: string | null, message: object): void {
  if (origin && window.parent !== window) window.parent.postMessage(message, origin)
}

/** Unsolicited events (ready, output, done) go to the parent's origin, when it is known. */
const postToParent = (message: object): void => postTo(policy.parent, message)

/** `?embed`: a compact terminal and graph for an iframe, driven by the host page if it likes. */
export function EmbedApp() {
  const { t } = useTranslation()
  const ready = useApp((s) => s.ready)
  const notify = useApp((s) => s.notify)
  const params = new URLSearchParams(location.search)
  const withEditor = params.has('editor')
  const lessonId = params.get('lesson')
  const [fullApp, setFullApp] = useState('./')
  const start = useRef<Start>(null)
  const [started, setStarted] = useState(false)

  useEffect(() => {
    if (!ready || started) return
    setStarted(true)
    void (async () => {
      if (location.hash.startsWith('#s=')) {
        const decoded = decodePayload(location.hash)
        if (decoded.ok) start.current = { kind: 'share', payload: decoded.payload }
        else notify('error', t('share.refused', { reason: decoded.error }))
        setFullApp(`./${location.hash}`)
      } else if (lessonId) {
        if (loadBundledLessons().lessons.some((l) => l.id === lessonId)) {
          start.current = { kind: 'lesson', id: lessonId }
          setFullApp(`./#/lesson/${lessonId}`)
        } else notify('error', t('embed.unknownLesson', { id: lessonId }))
      } else notify('info', 'embed.nothing')
      if (policy.refused) notify('warning', t('embed.notDriven', { reason: policy.refused }))
      const error = await applyStart(start.current)
      if (error) notify('error', t('share.refused', { reason: error }))
      postToParent({ type: 'kubeplay:ready' })
    })()
  }, [ready, started, lessonId, notify, t])

  useEffect(() => {
    if (!started) return
    const offOutput = onTerminalOutput((e) => {
      if (e.type === 'output') postToParent({ type: 'kubeplay:output', text: e.text })
      else postToParent({ type: 'kubeplay:done', exitCode: e.exitCode })
    })
    const onMessage = (e: MessageEvent): void => {
      if (e.source !== window.parent || window.parent === window) return
      if (!obeys(policy, e.origin)) return
      const cmd = parseEmbedCommand(e.data)
      if (!cmd) return
      // Our parent window just spoke from this origin: without a referrer, that is how we learn it.
      policy.parent ??= e.origin
      if (cmd.type === 'kubeplay:run') {
        typeInTerminal(cmd.line)
        postTo(e.origin, { type: 'kubeplay:accepted', line: cmd.line })
      } else void applyStart(start.current).then(() => postTo(e.origin, { type: 'kubeplay:ready' }))
    }
    window.addEventListener('message', onMessage)
    return () => {
      offOutput()
      window.removeEventListener('message', onMessage)
    }
  }, [started])

  if (!ready) return <div className="loading">{t('app.loading')}</div>
  return (
    <div className="embed" data-testid="embed">
      <div className="embed-bar">
        <a href={fullApp} target="_blank" rel="noopener noreferrer" data-testid="embed-open">
          {t('embed.open')}
        </a>
      </div>
      <Notices />
      <div className="embed-body">
        <ClusterGraph />
        <TerminalPane />
        {withEditor && <EditorPane />}
      </div>
    </div>
  )
}

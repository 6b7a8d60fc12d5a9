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
import { parseEmbedCommand } from './embedMessages.ts'

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

function post(message: object): void {
  // The parent chose to embed this cluster; what it shows is the parent's to read.
  if (window.parent !== window) window.parent.postMessage(message, '*')
}

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
      const error = await applyStart(start.current)
      if (error) notify('error', t('share.refused', { reason: error }))
      post({ type: 'kubeplay:ready' })
    })()
  }, [ready, started, lessonId, notify, t])

  useEffect(() => {
    if (!started) return
    const offOutput = onTerminalOutput((e) => {
      if (e.type === 'output') post({ type: 'kubeplay:output', text: e.text })
    })
    const onMessage = (e: MessageEvent): void => {
      if (e.source !== window.parent || window.parent === window) return
      const cmd = parseEmbedCommand(e.data)
      if (cmd?.type === 'kubeplay:run') typeInTerminal(cmd.line)
      else if (cmd?.type === 'kubeplay:reset')
        void applyStart(start.current).then(() => post({ type: 'kubeplay:ready' }))
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

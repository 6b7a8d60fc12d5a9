import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { encodePayload, MAX_LINK_CHARS } from '../../share/codec.ts'
import { CURRENT_VERSION, type SharePayload } from '../../share/payload.ts'
import { shareTabs, withoutHomeFiles } from '../../share/homeFiles.ts'
import type { SessionSnapshot } from '../../session/session.ts'
import { loadBundledLessons } from '../../lessons/catalog.browser.ts'
import { sharedLesson } from './sharedLesson.ts'
import { engine } from '../../store/engine.ts'
import { useApp } from '../../store/index.ts'
import { useRoute } from '../app/route.ts'
import { openFile } from './openShare.ts'
import { BuilderSection } from './BuilderSection.tsx'

type State =
  | { kind: 'working' }
  | { kind: 'ready'; link: string; payload: SharePayload }
  | { kind: 'tooLong'; chars: number; payload: SharePayload }

function download(name: string, text: string): void {
  const a = document.createElement('a')
  a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
  a.download = name
  a.click()
  URL.revokeObjectURL(a.href)
}

/** The cluster as a link (or a file when too big for one), and as Markdown text. */
export function ShareDialog({ onClose }: { onClose(): void }) {
  const { t, i18n } = useTranslation()
  const route = useRoute()
  const [state, setState] = useState<State>({ kind: 'working' })
  const [snapshot, setSnapshot] = useState<SessionSnapshot | null>(null)
  const [withFiles, setWithFiles] = useState(true)
  const [copied, setCopied] = useState<string | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)

  useEffect(() => {
    let cancelled = false
    // The link is a picture of the moment the dialog opened.
    void engine()
      .shareState()
      .then((snap) => !cancelled && setSnapshot(snap as SessionSnapshot))
    return () => {
      cancelled = true
    }
  }, [])

  useEffect(() => {
    if (!snapshot) return
    const payload: SharePayload = {
      v: CURRENT_VERSION,
      lang: i18n.language === 'zh-CN' ? 'zh-CN' : 'en',
      snapshot: withFiles ? snapshot : withoutHomeFiles(snapshot),
    }
    if (route.page === 'lesson') {
      // A lesson from a link is not in the course: it travels on with the cluster.
      const content = loadBundledLessons().lessons.some((l) => l.id === route.id)
        ? undefined
        : sharedLesson(route.id)
      payload.lesson = { id: route.id, step: route.step, ...(content ? { content } : {}) }
    }
    const { tabs, activeTab } = useApp.getState()
    if (withFiles && tabs.length) {
      payload.tabs = shareTabs(tabs)
      if (activeTab) payload.active = activeTab
    }
    const fragment = encodePayload(payload)
    if (fragment.length > MAX_LINK_CHARS)
      setState({ kind: 'tooLong', chars: fragment.length, payload })
    else
      setState({
        kind: 'ready',
        link: `${location.origin}${location.pathname}#${fragment}`,
        payload,
      })
    // Tabs and route are read as they were when the dialog opened, like the cluster.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [snapshot, withFiles])

  const copy = async (what: string, text: string): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text)
      setCopied(what)
    } catch {
      // Without clipboard permission the link stays selectable in the field above.
      setCopied(null)
      useApp.getState().notify('warning', 'share.copyFailed')
    }
  }

  return (
    <div className="share-backdrop" onClick={onClose}>
      <div
        className="share-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="share-title"
        data-testid="share-dialog"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <h2 id="share-title">{t('share.title')}</h2>
        <p>{t('share.explain')}</p>
        <label className="share-option">
          <input
            type="checkbox"
            checked={withFiles}
            onChange={(e) => setWithFiles(e.target.checked)}
            data-testid="share-with-files"
          />{' '}
          {t('share.withFiles')}
        </label>
        {state.kind === 'working' && <p role="status">{t('share.working')}</p>}
        {state.kind === 'ready' && (
          <>
            <input
              readOnly
              value={state.link}
              aria-label={t('share.link')}
              data-testid="share-link"
              onFocus={(e) => e.target.select()}
            />
            <p className="share-size">{t('share.size', { chars: state.link.length })}</p>
          </>
        )}
        {state.kind === 'tooLong' && (
          <p className="notice notice-warning" data-testid="share-too-long">
            {t('share.tooLong', { chars: state.chars, limit: MAX_LINK_CHARS })}
          </p>
        )}
        <div className="share-actions">
          {state.kind === 'ready' && (
            <button onClick={() => void copy('link', state.link)} data-testid="share-copy-link">
              {copied === 'link' ? t('share.copied') : t('share.copyLink')}
            </button>
          )}
          <button
            onClick={() =>
              void engine()
                .shareSummary()
                .then((md) => copy('text', md))
            }
            data-testid="share-copy-text"
          >
            {copied === 'text' ? t('share.copied') : t('share.copyText')}
          </button>
          {state.kind !== 'working' && (
            <button
              onClick={() => download('kubeplay-cluster.json', JSON.stringify(state.payload))}
              data-testid="share-export"
            >
              {t('share.exportFile')}
            </button>
          )}
          <button onClick={() => fileInput.current?.click()} data-testid="share-import">
            {t('share.importFile')}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            hidden
            data-testid="share-import-input"
            onChange={(e) => {
              const file = e.target.files?.[0]
              if (!file) return
              onClose()
              void file.text().then(openFile)
            }}
          />
          <button onClick={onClose} data-testid="share-close">
            {t('share.close')}
          </button>
        </div>
        {route.page === 'sandbox' && <BuilderSection />}
      </div>
    </div>
  )
}

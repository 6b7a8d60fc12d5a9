import { lazy, Suspense, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../../store/index.ts'
import { engine } from '../../store/engine.ts'
import { LANGUAGES, type Language } from '../../i18n/config.ts'

// The share dialog and scenario builder load when first opened.
const ShareDialog = lazy(() =>
  import('../share/ShareDialog.tsx').then((m) => ({ default: m.ShareDialog })),
)

const SPEEDS = [1, 4, 16]

function clock(ms: number): string {
  if (!ms) return '--:--:--'
  return new Date(ms).toISOString().slice(11, 19)
}

/** Time controls, namespace, theme and language. */
export function Toolbar({ onReset, onUndo }: { onReset(): void; onUndo(): void }) {
  const { t, i18n } = useTranslation()
  const now = useApp((s) => s.now)
  const paused = useApp((s) => s.paused)
  const speed = useApp((s) => s.speed)
  const theme = useApp((s) => s.theme)
  const setTheme = useApp((s) => s.setTheme)
  const namespace = useApp((s) => s.namespace)
  const setNamespace = useApp((s) => s.setNamespace)
  const nsTable = useApp((s) => s.objects['namespaces'])
  const namespaces = useMemo(
    () => Object.values(nsTable ?? {}).map((n) => n.metadata.name!),
    [nsTable],
  )
  const [sharing, setSharing] = useState(false)

  return (
    <header className="toolbar">
      <a className="brand" href="#/">
        <img src="./favicon.svg" alt="" width={22} height={22} />
        <span>{t('app.title')}</span>
      </a>
      <a className="nav-link" href="#/course" data-testid="course-link">
        {t('app.courseLink')}
      </a>
      <div className="toolbar-group" role="group" aria-label={t('toolbar.clock')}>
        <button
          onClick={() => void engine().setPaused(!paused)}
          aria-pressed={paused}
          data-testid="pause"
        >
          {paused ? t('toolbar.play') : t('toolbar.pause')}
        </button>
        <button onClick={() => void engine().step(1000)} disabled={!paused} data-testid="step">
          {t('toolbar.step')}
        </button>
        <label className="inline">
          <span className="sr-only">{t('toolbar.speed')}</span>
          <select
            value={speed}
            onChange={(e) => void engine().setSpeed(Number(e.target.value))}
            aria-label={t('toolbar.speed')}
          >
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <span className="clock" title={t('toolbar.clock')} data-testid="clock">
          {clock(now)}
        </span>
      </div>
      <div className="toolbar-group">
        <label className="inline">
          <span>{t('graph.namespace')}</span>
          <select
            value={namespace ?? '*'}
            onChange={(e) => setNamespace(e.target.value === '*' ? null : e.target.value)}
          >
            <option value="*">{t('graph.allNamespaces')}</option>
            {namespaces.sort().map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button onClick={onUndo} data-testid="undo">
          {t('toolbar.undo')}
        </button>
        <button onClick={onReset} data-testid="reset">
          {t('toolbar.reset')}
        </button>
      </div>
      <div className="toolbar-group toolbar-end">
        <button onClick={() => setSharing(true)} data-testid="share">
          {t('toolbar.share')}
        </button>
        {sharing && (
          <Suspense fallback={null}>
            <ShareDialog onClose={() => setSharing(false)} />
          </Suspense>
        )}
        <button
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
          aria-label={t('toolbar.theme')}
        >
          {theme === 'dark' ? t('toolbar.light') : t('toolbar.dark')}
        </button>
        <select
          value={i18n.language}
          aria-label={t('toolbar.language')}
          onChange={(e) => {
            const lng = e.target.value as Language
            void i18n.changeLanguage(lng)
            const url = new URL(location.href)
            url.searchParams.set('lang', lng)
            history.replaceState(null, '', url)
          }}
        >
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {l === 'zh-CN' ? '中文' : 'English'}
            </option>
          ))}
        </select>
      </div>
    </header>
  )
}

import { useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { loadBundledLessons } from '../../lessons/catalog.browser.ts'
import { parseProgress } from '../../lessons/progress.ts'
import type { Lang } from '../../lessons/types.ts'
import { useProgress } from './progressStore.ts'

const TRACK_ORDER = [
  'basics',
  'cluster',
  'pods',
  'deployments',
  'probes',
  'workloads',
  'services',
  'config',
  'resources',
  'operations',
  'troubleshooting',
]

/** The course: lessons grouped by topic, in order, with what the learner has solved. */
export function CoursePage() {
  const { t, i18n } = useTranslation()
  const lang = (i18n.language === 'zh-CN' ? 'zh-CN' : 'en') as Lang
  const { lessons } = loadBundledLessons()
  const progress = useProgress((s) => s.progress)
  const replace = useProgress((s) => s.replace)
  const file = useRef<HTMLInputElement>(null)
  const tracks = [...new Set(lessons.map((l) => l.track))].sort(
    (a, b) => ((TRACK_ORDER.indexOf(a) + 100) % 200) - ((TRACK_ORDER.indexOf(b) + 100) % 200),
  )

  const exportProgress = (): void => {
    const blob = new Blob([JSON.stringify(progress, null, 2)], { type: 'application/json' })
    const a = document.createElement('a')
    a.href = URL.createObjectURL(blob)
    a.download = 'kubeplay-progress.json'
    a.click()
    URL.revokeObjectURL(a.href)
  }
  const importProgress = async (f: File): Promise<void> => {
    const parsed = parseProgress(await f.text())
    if (typeof parsed === 'string') alert(`${t('course.importFailed')}: ${parsed}`)
    else replace(parsed)
  }

  return (
    <main className="course" aria-label={t('course.title')}>
      <header className="course-head">
        <h1>{t('course.title')}</h1>
        <p>{t('course.intro')}</p>
        <div className="course-actions">
          <a className="button primary" href="#/">
            {t('app.sandbox')}
          </a>
          <button onClick={exportProgress}>{t('course.export')}</button>
          <button onClick={() => file.current?.click()}>{t('course.import')}</button>
          <input
            ref={file}
            type="file"
            accept="application/json"
            hidden
            onChange={(e) => e.target.files?.[0] && void importProgress(e.target.files[0])}
          />
        </div>
      </header>
      {tracks.map((track) => (
        <section key={track} className="course-track">
          <h2>{t(`course.tracks.${track}`, { defaultValue: track })}</h2>
          <ol>
            {lessons
              .filter((l) => l.track === track)
              .map((l) => {
                const done = (progress.solved[l.id] ?? []).length
                const solved = done >= l.steps.length
                return (
                  <li key={l.id} className={solved ? 'lesson-item is-solved' : 'lesson-item'}>
                    <a href={`#/lesson/${l.id}`} data-testid={`lesson-link-${l.id}`}>
                      <span
                        className="lesson-mark"
                        aria-label={solved ? t('course.solved') : `${done}/${l.steps.length}`}
                      >
                        {solved ? '✓' : `${done}/${l.steps.length}`}
                      </span>
                      <span className="lesson-title">{l.title[lang]}</span>
                    </a>
                    <p className="lesson-summary">{l.summary[lang]}</p>
                  </li>
                )
              })}
          </ol>
        </section>
      ))}
    </main>
  )
}

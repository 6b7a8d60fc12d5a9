import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { loadBundledLessons } from '../../lessons/catalog.browser.ts'
import type { CheckResult } from '../../lessons/checks.ts'
import type { Lang } from '../../lessons/types.ts'
import { engine, scheduleSave } from '../../store/engine.ts'
import { useApp } from '../../store/index.ts'
import { navigate } from '../app/route.ts'
import { typeInTerminal } from '../terminal/terminalBridge.ts'
import { Markdown } from './Markdown.tsx'
import { useProgress } from './progressStore.ts'
import { sharedLesson } from '../share/sharedLesson.ts'
import { saveLocal } from '../../store/storage.ts'

const STARTED_KEY = 'kubeplay:lesson-started'

/** A lesson beside the cluster: the step's text, a live checklist, hints, solution and navigation. */
export function LessonPanel({ id, stepId }: { id: string; stepId?: string }) {
  const { t, i18n } = useTranslation()
  const lang = (i18n.language === 'zh-CN' ? 'zh-CN' : 'en') as Lang
  // A lesson from a share link (made in the scenario builder) plays exactly like a course lesson.
  const lesson = useMemo(
    () => loadBundledLessons().lessons.find((l) => l.id === id) ?? sharedLesson(id),
    [id],
  )
  const stepIndex = Math.max(0, lesson?.steps.findIndex((s) => s.id === stepId) ?? 0)
  const step = lesson?.steps[stepIndex]
  // Results belong to the step they were checked for: another step's must never show as this one's.
  const [checked, setChecked] = useState<{ step?: string; results: CheckResult[] }>({
    results: [],
  })
  const results = step && checked.step === step.id ? checked.results : []
  const [hints, setHints] = useState(0)
  const solve = useProgress((s) => s.solve)
  const rv = useApp((s) => s.rv)
  const now = useApp((s) => s.now)
  const openTab = useApp((s) => s.openTab)
  const lastCheck = useRef({ at: 0, step: '' })

  const start = async (): Promise<void> => {
    if (!lesson) return
    await engine().startScenario(lesson.scenario)
    saveLocal(STARTED_KEY, lesson.id)
    for (const [name, content] of Object.entries(lesson.scenario.files ?? {})) {
      openTab({ path: name.startsWith('/') ? name : `/root/${name}`, content, saved: content })
    }
    scheduleSave()
  }

  useEffect(() => {
    // A lesson's cluster is built once; after a reload the saved cluster is the learner's work.
    if (lesson && localStorage.getItem(STARTED_KEY) !== lesson.id) void start()
    // Starting is tied to the lesson id only; re-running it on other changes would wipe the learner's work.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lesson?.id])

  useEffect(() => setHints(0), [step?.id])

  // Checks follow the cluster: re-evaluated when objects change or time passes, at most twice a second.
  useEffect(() => {
    if (!step) return
    const wall = Date.now()
    // A new step is checked at once; the same step at most twice a second.
    if (lastCheck.current.step === step.id && wall - lastCheck.current.at < 500) return
    lastCheck.current = { at: wall, step: step.id }
    let cancelled = false
    void engine()
      .check(step.checks)
      .then((r) => {
        if (cancelled) return
        setChecked({ step: step.id, results: r })
        if (r.every((x) => x.ok)) solve(lesson!.id, step.id)
      })
    return () => {
      cancelled = true
    }
  }, [rv, now, step, lesson, solve])

  if (!lesson || !step) {
    return (
      <aside className="lesson-panel">
        <p>{t('lesson.notFound', { id })}</p>
        <a href="#/course">{t('app.courseLink')}</a>
      </aside>
    )
  }
  const passed = results.length === step.checks.length && results.every((r) => r.ok)
  const firstFailure = results.find((r) => !r.ok)?.detail
  const goto = (i: number): void => navigate(`#/lesson/${lesson.id}/${lesson.steps[i].id}`)
  const showSolution = (): void => {
    if (!confirm(t('lesson.solutionConfirm'))) return
    for (const line of step.solution) typeInTerminal(line)
  }
  const resetLesson = async (): Promise<void> => {
    if (!confirm(t('lesson.resetConfirm'))) return
    await start()
    goto(0)
  }

  return (
    <aside className="lesson-panel" aria-label={t('lesson.panel')}>
      <header className="lesson-head">
        <a href="#/course" className="lesson-back">
          ← {t('app.courseLink')}
        </a>
        <h2>{lesson.title[lang]}</h2>
        <nav className="lesson-steps" aria-label={t('lesson.steps')}>
          {lesson.steps.map((s, i) => (
            <button
              key={s.id}
              className={i === stepIndex ? 'step-dot is-current' : 'step-dot'}
              onClick={() => goto(i)}
              aria-current={i === stepIndex ? 'step' : undefined}
              aria-label={`${i + 1}. ${s.title[lang]}`}
            >
              {i + 1}
            </button>
          ))}
        </nav>
      </header>
      <div className="lesson-body">
        <h3>
          {stepIndex + 1}. {step.title[lang]}
        </h3>
        <Markdown text={step.text[lang]} />
        {stepIndex === 0 && lesson.corrections?.length ? (
          <div className="lesson-corrections">
            <strong>{t('lesson.corrections')}</strong>
            {lesson.corrections.map((c, i) => (
              <Markdown key={i} text={c[lang]} />
            ))}
          </div>
        ) : null}
        <ul className="checklist" aria-live="polite" data-testid="checklist">
          {step.checks.map((c, i) => {
            const r = results[i]
            return (
              <li
                key={i}
                className={r?.ok ? 'check is-ok' : 'check'}
                data-ok={r?.ok ? 'true' : 'false'}
              >
                <span aria-hidden="true">{r?.ok ? '✓' : '○'}</span>{' '}
                {r ? r.label[lang] : t('lesson.checking')}
              </li>
            )
          })}
        </ul>
        {firstFailure && (
          <p className="still-different" data-testid="still-different">
            {t('lesson.stillDifferent')}: {firstFailure[lang]}
          </p>
        )}
        {passed && (
          <p className="step-done" data-testid="step-done">
            {stepIndex + 1 < lesson.steps.length ? t('lesson.stepDone') : t('lesson.lessonDone')}
          </p>
        )}
        {hints > 0 && (
          <ol className="hints">
            {step.hints.slice(0, hints).map((h, i) => (
              <li key={i}>
                <Markdown text={h[lang]} />
              </li>
            ))}
          </ol>
        )}
      </div>
      <footer className="lesson-actions">
        <button
          onClick={() => setHints((h) => Math.min(step.hints.length, h + 1))}
          disabled={hints >= step.hints.length}
        >
          {t('lesson.hint')} ({hints}/{step.hints.length})
        </button>
        <button onClick={showSolution}>{t('lesson.solution')}</button>
        <button onClick={() => void resetLesson()}>{t('lesson.reset')}</button>
        <span className="spacer" />
        <button disabled={stepIndex === 0} onClick={() => goto(stepIndex - 1)}>
          {t('lesson.prev')}
        </button>
        {stepIndex + 1 < lesson.steps.length ? (
          <button
            className={passed ? 'primary' : ''}
            onClick={() => goto(stepIndex + 1)}
            data-testid="next-step"
          >
            {t('lesson.next')}
          </button>
        ) : (
          <button className={passed ? 'primary' : ''} onClick={() => navigate('#/course')}>
            {t('lesson.finish')}
          </button>
        )}
      </footer>
    </aside>
  )
}

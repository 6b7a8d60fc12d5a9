import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Text } from '../../lessons/types.ts'
import { draftFrom, lessonYaml, proposeChecks } from '../../share/builder.ts'
import { blankCheck } from '../../share/checkFields.ts'
import { encodePayload } from '../../share/codec.ts'
import { draftProblems, type DraftProblem } from '../../share/draftProblems.ts'
import { lessonPayload } from '../../share/lessonLink.ts'
import { loadBundledLessons } from '../../lessons/catalog.browser.ts'
import { captureState, useBuilder } from './builderStore.ts'
import { CheckEditor } from './CheckEditor.tsx'
import { ProblemText } from './ProblemText.tsx'

const emptyText = (): Text => ({ 'zh-CN': '', en: '' })

function save(name: string, text: string): void {
  const a = document.createElement('a')
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/yaml' }))
  a.download = name
  a.click()
  URL.revokeObjectURL(a.href)
}

function TextFields({
  label,
  value,
  at,
  problems,
  onChange,
  testId,
}: {
  label: string
  value: Text
  at: string
  problems: DraftProblem[]
  onChange(v: Text): void
  testId: string
}) {
  return (
    <fieldset className="builder-text">
      <legend>{label}</legend>
      {(['zh-CN', 'en'] as const).map((lang) => {
        const problem = problems.find((p) => p.at === `${at}/${lang}` || p.at === at)
        return (
          <label key={lang}>
            <span>{lang}</span>
            <textarea
              rows={2}
              value={value[lang]}
              onChange={(e) => onChange({ ...value, [lang]: e.target.value })}
              data-testid={`${testId}-${lang}`}
            />
            {problem && <ProblemText problem={problem} />}
          </label>
        )
      })}
    </fieldset>
  )
}

/** Fields the form shows next to their input; anything else is listed under the buttons. */
const SHOWN = /^(id|title|text|hints|checks)(\/|$)/

/** Start → act → goal: checks proposed from the difference, edited, then a lesson link or file. */
export function BuilderSection() {
  const { t, i18n } = useTranslation()
  const { start, goal, checks, fields, setStart, setGoal, setChecks, setFields } = useBuilder()
  const [tried, setTried] = useState(false)
  // A link belongs to the draft it was made from; any edit makes it stale.
  const [made, setMade] = useState<{ from: unknown; link: string } | null>(null)
  const draft = useMemo(
    () => (start && goal ? draftFrom(start, goal, checks, fields) : null),
    [start, goal, checks, fields],
  )
  // A link whose lesson reuses a course lesson's id is refused on opening: say so here first.
  const courseIds = useMemo(() => loadBundledLessons().lessons.map((l) => l.id), [])
  const problems = useMemo(() => (draft ? draftProblems(draft, courseIds) : []), [draft, courseIds])
  // Checks are edited from proposals, so their problems show at once; the rest after a first try.
  const shown = tried ? problems : problems.filter((p) => p.at.startsWith('checks/'))
  const others = tried ? problems.filter((p) => !SHOWN.test(p.at)) : []

  const shareLink = (): void => {
    setTried(true)
    if (!draft) return
    const out = lessonPayload(draft, i18n.language === 'zh-CN' ? 'zh-CN' : 'en', courseIds)
    if ('payload' in out)
      setMade({
        from: draft,
        link: `${location.origin}${location.pathname}#${encodePayload(out.payload)}`,
      })
  }
  const exportLesson = (): void => {
    setTried(true)
    // A course lesson's id is fine in a file: that is how a course lesson is revised.
    if (!draft || problems.some((p) => p.code !== 'taken')) return
    const result = lessonYaml(draft)
    if ('yaml' in result) save('lesson.yaml', result.yaml)
  }
  const link = made && made.from === draft ? made.link : null
  const setHint = (i: number, v: Text): void =>
    setFields({ hints: fields.hints.map((h, j) => (j === i ? v : h)) })

  return (
    <details className="builder" data-testid="builder">
      <summary>{t('builder.title')}</summary>
      <p>{t('builder.explain')}</p>
      <div className="share-actions">
        <button onClick={() => void captureState().then(setStart)} data-testid="builder-start">
          {start ? t('builder.startAgain') : t('builder.setStart')}
        </button>
        <button
          disabled={!start}
          onClick={() =>
            void captureState().then((g) => start && setGoal(g, proposeChecks(start, g)))
          }
          data-testid="builder-goal"
        >
          {t('builder.setGoal')}
        </button>
      </div>
      {goal && (
        <>
          <h3>{t('builder.checks')}</h3>
          {checks.length === 0 && <p>{t('builder.noDifference')}</p>}
          <div className="builder-checks" data-testid="builder-checks">
            {checks.map((c, i) => (
              <CheckEditor
                key={i}
                index={i}
                check={c}
                problems={shown}
                onChange={(next) => setChecks(checks.map((x, j) => (j === i ? next : x)))}
                onRemove={() => setChecks(checks.filter((_, j) => j !== i))}
              />
            ))}
          </div>
          <button
            onClick={() => setChecks([...checks, blankCheck()])}
            data-testid="builder-add-check"
          >
            {t('builder.addCheck')}
          </button>
          {tried && problems.find((p) => p.at === 'checks') && (
            <ProblemText problem={problems.find((p) => p.at === 'checks')!} />
          )}
          <label className="builder-row">
            <span>{t('builder.id')}</span>
            <input
              value={fields.id}
              onChange={(e) => setFields({ id: e.target.value })}
              data-testid="builder-id"
            />
            {shown.find((p) => p.at === 'id') && (
              <ProblemText problem={shown.find((p) => p.at === 'id')!} />
            )}
          </label>
          <label className="builder-row">
            <span>{t('builder.source')}</span>
            <select value={fields.seed} onChange={(e) => setFields({ seed: e.target.value })}>
              {['000', '001', '002', '003', '004', 'official-basics'].map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <TextFields
            label={t('builder.lessonTitle')}
            value={fields.title}
            at="title"
            problems={shown}
            onChange={(title) => setFields({ title })}
            testId="builder-title"
          />
          <TextFields
            label={t('builder.text')}
            value={fields.text}
            at="text"
            problems={shown}
            onChange={(text) => setFields({ text })}
            testId="builder-text"
          />
          {fields.hints.map((h, i) => (
            <div key={i} className="builder-hint">
              <TextFields
                label={`${t('builder.hint')} ${i + 1}`}
                value={h}
                at={`hints/${i}`}
                problems={shown}
                onChange={(v) => setHint(i, v)}
                testId={`builder-hint-${i}`}
              />
              <button onClick={() => setFields({ hints: fields.hints.filter((_, j) => j !== i) })}>
                {t('builder.remove')}
              </button>
            </div>
          ))}
          <button
            onClick={() => setFields({ hints: [...fields.hints, emptyText()] })}
            data-testid="builder-add-hint"
          >
            {t('builder.addHint')}
          </button>
          {shown.find((p) => p.at === 'hints') && (
            <ProblemText problem={shown.find((p) => p.at === 'hints')!} />
          )}
          <div className="share-actions">
            <button onClick={shareLink} data-testid="builder-share">
              {t('builder.shareLink')}
            </button>
            <button onClick={exportLesson} data-testid="builder-export">
              {t('builder.export')}
            </button>
          </div>
          {others.length > 0 && (
            <ul className="notice notice-error" data-testid="builder-problems">
              {others.map((p) => (
                <li key={p.at}>
                  {p.at === 'solution' ? t('builder.noSolution') : `${p.at}: `}
                  {p.at !== 'solution' && <ProblemText problem={p} />}
                </li>
              ))}
            </ul>
          )}
          {tried && problems.length > 0 && (
            <p className="notice notice-warning" data-testid="builder-not-ready">
              {t('builder.notReady', { count: problems.length })}
            </p>
          )}
          {link && (
            <>
              <input
                readOnly
                value={link}
                aria-label={t('builder.lessonLink')}
                data-testid="builder-link"
                onFocus={(e) => e.target.select()}
              />
              <p className="share-size">{t('share.size', { chars: link.length })}</p>
            </>
          )}
        </>
      )}
    </details>
  )
}

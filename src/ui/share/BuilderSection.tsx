import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Text } from '../../lessons/types.ts'
import { lessonYaml, proposeChecks } from '../../share/builder.ts'
import { captureState, useBuilder } from './builderStore.ts'

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
  onChange,
}: {
  label: string
  value: Text
  onChange(v: Text): void
}) {
  return (
    <fieldset className="builder-text">
      <legend>{label}</legend>
      {(['zh-CN', 'en'] as const).map((lang) => (
        <label key={lang}>
          <span>{lang}</span>
          <textarea
            rows={2}
            value={value[lang]}
            onChange={(e) => onChange({ ...value, [lang]: e.target.value })}
          />
        </label>
      ))}
    </fieldset>
  )
}

/** Start → act → goal: checks proposed from the difference, then a lesson file. */
export function BuilderSection() {
  const { t } = useTranslation()
  const { start, goal, checks, setStart, setGoal, setChecks } = useBuilder()
  const [id, setId] = useState('my-scenario')
  const [title, setTitle] = useState(emptyText)
  const [text, setText] = useState(emptyText)
  const [hint, setHint] = useState(emptyText)
  const [seed, setSeed] = useState('001')
  const [problems, setProblems] = useState<string[]>([])

  const exportLesson = (): void => {
    if (!start || !goal) return
    const result = lessonYaml({
      id,
      title,
      text,
      hints: hint.en || hint['zh-CN'] ? [hint] : [],
      checks,
      scenario: { cluster: 'kubeadm', seed: 1, files: start.files, setup: start.history },
      solution: goal.history.slice(start.history.length),
      source: { seed, section: title.en || id },
    })
    if ('errors' in result) setProblems(result.errors)
    else {
      setProblems([])
      save('lesson.yaml', result.yaml)
    }
  }

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
          <ul className="builder-checks" data-testid="builder-checks">
            {checks.map((c, i) => (
              <li key={i}>
                <code>{JSON.stringify(c)}</code>
                <button onClick={() => setChecks(checks.filter((_, j) => j !== i))}>
                  {t('builder.remove')}
                </button>
              </li>
            ))}
          </ul>
          <label>
            <span>{t('builder.id')}</span>
            <input value={id} onChange={(e) => setId(e.target.value)} data-testid="builder-id" />
          </label>
          <label>
            <span>{t('builder.source')}</span>
            <select value={seed} onChange={(e) => setSeed(e.target.value)}>
              {['000', '001', '002', '003', '004', 'official-basics'].map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <TextFields label={t('builder.lessonTitle')} value={title} onChange={setTitle} />
          <TextFields label={t('builder.text')} value={text} onChange={setText} />
          <TextFields label={t('builder.hint')} value={hint} onChange={setHint} />
          <button onClick={exportLesson} data-testid="builder-export">
            {t('builder.export')}
          </button>
          {problems.length > 0 && (
            <ul className="notice notice-error" data-testid="builder-problems">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </details>
  )
}

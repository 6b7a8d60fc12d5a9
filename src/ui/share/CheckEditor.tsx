import { useTranslation } from 'react-i18next'
import type { Check } from '../../lessons/types.ts'
import {
  CHECK_FIELDS,
  CHECK_TYPES,
  OPS,
  showValue,
  withField,
  withType,
  type FieldSpec,
} from '../../share/checkFields.ts'
import type { DraftProblem } from '../../share/draftProblems.ts'
import { ProblemText } from './ProblemText.tsx'

function FieldInput({
  spec,
  value,
  onChange,
  testId,
}: {
  spec: FieldSpec
  value: unknown
  onChange(text: string): void
  testId: string
}) {
  const { t } = useTranslation()
  const text = showValue(value, spec.kind)
  if (spec.kind === 'op')
    return (
      <select value={text} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">{t('builder.opDefault')}</option>
        {OPS.map((op) => (
          <option key={op} value={op}>
            {t(`builder.op.${op}`)}
          </option>
        ))}
      </select>
    )
  if (spec.kind === 'bool')
    return (
      <select value={text} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">{t('builder.any')}</option>
        <option value="true">{t('builder.yes')}</option>
        <option value="false">{t('builder.no')}</option>
      </select>
    )
  return (
    <input
      value={text}
      inputMode={spec.kind === 'number' ? 'numeric' : undefined}
      onChange={(e) => onChange(e.target.value)}
      data-testid={testId}
    />
  )
}

/**
 * One check, field by field: its kind, then the fields that kind has (required ones marked).
 * Everything typed is shown as text; problems appear under the field they concern.
 */
export function CheckEditor({
  index,
  check,
  problems,
  onChange,
  onRemove,
}: {
  index: number
  check: Check
  problems: DraftProblem[]
  onChange(c: Check): void
  onRemove(): void
}) {
  const { t } = useTranslation()
  const values = check as Record<string, unknown>
  const at = (key: string) => problems.find((p) => p.at === `checks/${index}/${key}`)
  return (
    <fieldset className="check-editor" data-testid={`check-${index}`}>
      <legend>
        <select
          value={check.type}
          onChange={(e) => onChange(withType(check, e.target.value as Check['type']))}
          aria-label={t('builder.kind')}
          data-testid={`check-${index}-type`}
        >
          {CHECK_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`builder.kinds.${type}`)}
            </option>
          ))}
        </select>
        <button type="button" onClick={onRemove} data-testid={`check-${index}-remove`}>
          {t('builder.remove')}
        </button>
      </legend>
      {CHECK_FIELDS[check.type].map((spec) => {
        const problem = at(spec.key)
        return (
          <label key={spec.key} className={problem ? 'check-field has-problem' : 'check-field'}>
            <span>
              {t(`builder.fields.${spec.key}`)}
              {spec.required ? ' *' : ''}
            </span>
            <FieldInput
              spec={spec}
              value={values[spec.key]}
              onChange={(text) => onChange(withField(check, spec, text))}
              testId={`check-${index}-${spec.key}`}
            />
            {problem && <ProblemText problem={problem} />}
          </label>
        )
      })}
    </fieldset>
  )
}

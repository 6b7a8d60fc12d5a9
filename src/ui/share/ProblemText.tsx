import { useTranslation } from 'react-i18next'
import type { DraftProblem } from '../../share/draftProblems.ts'

/** A draft problem in the learner's language (the schema's English words when there is no better). */
export function ProblemText({ problem }: { problem: DraftProblem }) {
  const { t } = useTranslation()
  return (
    <small className="field-problem" role="alert" data-testid={`problem-${problem.at}`}>
      {problem.code === 'other' ? problem.message : t(`builder.problems.${problem.code}`)}
    </small>
  )
}

import { useTranslation } from 'react-i18next'
import { useApp } from '../../store/index.ts'

/** Messages from the app (restored state, a restarted engine, full storage); text keys are translated. */
export function Notices() {
  const { t } = useTranslation()
  const notices = useApp((s) => s.notices)
  const dismiss = useApp((s) => s.dismiss)
  if (!notices.length) return null
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.level}`} data-testid="notice">
          <span>{t(n.text, { defaultValue: n.text })}</span>
          <button className="icon-button" onClick={() => dismiss(n.id)} aria-label="×">
            ×
          </button>
        </div>
      ))}
    </div>
  )
}

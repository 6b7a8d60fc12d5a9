import ReactMarkdown, { type Components } from 'react-markdown'
import { useTranslation } from 'react-i18next'
import { typeInTerminal } from '../terminal/terminalBridge.ts'

/** A command block: click to run it in the terminal (typed visibly), or copy it. */
function CommandBlock({ code }: { code: string }) {
  const { t } = useTranslation()
  const lines = code.replace(/\n$/, '').split('\n')
  const runnable = lines.every((l) => !l.includes('<'))
  return (
    <div className="command-block">
      <pre>
        <code>{code.replace(/\n$/, '')}</code>
      </pre>
      <div className="command-actions">
        {runnable && (
          <button
            onClick={() => lines.filter((l) => l.trim()).forEach((l) => typeInTerminal(l))}
            aria-label={`${t('lesson.run')}: ${lines[0]}`}
          >
            ▶ {t('lesson.run')}
          </button>
        )}
        <button onClick={() => void navigator.clipboard?.writeText(code.replace(/\n$/, ''))}>
          {t('lesson.copy')}
        </button>
      </div>
    </div>
  )
}

// Stable component types: a new object per render would remount every command block (and its
// buttons) each time the lesson panel re-renders on a cluster change.
const COMPONENTS: Components = {
  pre: ({ children }) => <>{children}</>,
  code: ({ className, children }) => {
    const content = String(children ?? '')
    if (/language-(bash|sh|shell)/.test(className ?? '')) return <CommandBlock code={content} />
    if (className)
      return (
        <pre className="code">
          <code>{content}</code>
        </pre>
      )
    return <code>{content}</code>
  },
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ),
}

/** Lesson text. Raw HTML in lesson Markdown is never rendered (react-markdown's default). */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown components={COMPONENTS}>{text}</ReactMarkdown>
    </div>
  )
}

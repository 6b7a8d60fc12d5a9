import { lazy, Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../../store/index.ts'
import { engine } from '../../store/engine.ts'
import { typeInTerminal } from '../terminal/terminalBridge.ts'

// Monaco is large; it loads after the first paint, only when the editor is shown.
const YamlEditor = lazy(() => import('./YamlEditor.tsx'))

/** Tabs of files shared with the terminal's file system, with Apply and `kubectl edit` support. */
export function EditorPane() {
  const { t } = useTranslation()
  const tabs = useApp((s) => s.tabs)
  const active = useApp((s) => s.activeTab)
  const setActive = useApp((s) => s.setActiveTab)
  const closeTab = useApp((s) => s.closeTab)
  const openTab = useApp((s) => s.openTab)
  const markSaved = useApp((s) => s.markSaved)
  const tab = tabs.find((x) => x.path === active)

  const save = async (): Promise<void> => {
    if (!tab) return
    if (tab.editRun !== undefined) {
      await engine().finishEdit(tab.editRun, tab.content)
      markSaved(tab.path, tab.content)
      closeTab(tab.path)
      return
    }
    await engine().writeFile(tab.path, tab.content)
    markSaved(tab.path, tab.content)
  }
  const apply = async (): Promise<void> => {
    if (!tab) return
    await engine().writeFile(tab.path, tab.content)
    markSaved(tab.path, tab.content)
    typeInTerminal(`kubectl apply -f ${tab.path.replace(/^\/root\//, '')}`)
  }
  const close = async (path: string): Promise<void> => {
    const x = tabs.find((tt) => tt.path === path)
    if (x?.editRun !== undefined) await engine().finishEdit(x.editRun, null)
    closeTab(path)
  }
  const newFile = (): void => {
    const name = prompt(t('editor.fileName'), 'pod.yaml')
    if (!name) return
    const path = name.startsWith('/') ? name : `/root/${name}`
    openTab({ path, content: '', saved: '' })
  }

  return (
    <section className="editor-pane" aria-label={t('panes.editor')}>
      <div className="editor-tabs" role="tablist">
        {tabs.map((x) => (
          <div key={x.path} className={x.path === active ? 'editor-tab is-active' : 'editor-tab'}>
            <button
              role="tab"
              aria-selected={x.path === active}
              onClick={() => setActive(x.path)}
              title={x.path}
            >
              {x.path.split('/').pop()}
              {x.content !== x.saved ? ' •' : ''}
            </button>
            <button
              className="icon-button"
              aria-label={`${t('editor.close')} ${x.path}`}
              onClick={() => void close(x.path)}
            >
              ×
            </button>
          </div>
        ))}
        <button className="editor-new" onClick={newFile}>
          + {t('editor.newFile')}
        </button>
        <span className="spacer" />
        {tab && (
          <>
            <button onClick={() => void save()} data-testid="editor-save">
              {t('editor.save')}
            </button>
            {tab.editRun === undefined && (
              <button className="primary" onClick={() => void apply()} data-testid="editor-apply">
                {t('editor.apply')}
              </button>
            )}
          </>
        )}
      </div>
      {tab?.editRun !== undefined && <div className="editor-banner">{t('editor.editing')}</div>}
      <div className="editor-body">
        {tab ? (
          <Suspense fallback={<div className="editor-loading">{t('editor.loading')}</div>}>
            <YamlEditor key={tab.path} path={tab.path} onSave={() => void save()} />
          </Suspense>
        ) : (
          <div className="editor-loading">{t('editor.newFile')}</div>
        )}
      </div>
    </section>
  )
}

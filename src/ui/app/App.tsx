import { lazy, Suspense, useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../../store/index.ts'
import { engine, scheduleSave } from '../../store/engine.ts'
import { Split } from '../common/Split.tsx'
import { ClusterGraph } from '../graph/ClusterGraph.tsx'
import { TerminalPane } from '../terminal/TerminalPane.tsx'
import { EditorPane } from '../editor/EditorPane.tsx'
import { Inspector } from '../inspector/Inspector.tsx'
import { EventsTimeline } from '../inspector/EventsTimeline.tsx'
import { Toolbar } from './Toolbar.tsx'
import { Notices } from './Notices.tsx'
import { useRoute } from './route.ts'

import { openFragment } from '../share/openShare.ts'

// The course and the lessons (with their YAML and Markdown) load only when a learner opens them.
const CoursePage = lazy(() =>
  import('../lesson/CoursePage.tsx').then((m) => ({ default: m.CoursePage })),
)
const LessonPanel = lazy(() =>
  import('../lesson/LessonPanel.tsx').then((m) => ({ default: m.LessonPanel })),
)

/** One screen, three views of the same cluster: graph, terminal and editor, plus the inspector. */
export function App() {
  const { t } = useTranslation()
  const ready = useApp((s) => s.ready)
  const theme = useApp((s) => s.theme)
  const selected = useApp((s) => s.selected)
  const route = useRoute()

  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])

  const shared = route.page === 'share' ? route.fragment : null
  useEffect(() => {
    if (ready && shared) void openFragment(shared)
  }, [ready, shared])

  const reset = async (): Promise<void> => {
    if (!confirm(t('toolbar.resetConfirm'))) return
    await engine().reset()
    scheduleSave()
  }
  const undo = async (): Promise<void> => {
    const ok = await engine().undo()
    if (!ok) useApp.getState().notify('info', 'toolbar.undoNothing')
    scheduleSave()
  }

  if (!ready) {
    return (
      <div className="loading" role="status">
        {t('app.loading')}
      </div>
    )
  }
  if (route.page === 'course') {
    return (
      <div className="app">
        <Toolbar onReset={() => void reset()} onUndo={() => void undo()} />
        <Suspense fallback={<div className="loading">{t('app.loading')}</div>}>
          <CoursePage />
        </Suspense>
      </div>
    )
  }
  return (
    <div className="app">
      <Toolbar onReset={() => void reset()} onUndo={() => void undo()} />
      <Notices />
      <main className={route.page === 'lesson' ? 'workspace with-lesson' : 'workspace'}>
        {route.page === 'lesson' && (
          <Suspense fallback={<aside className="lesson-panel">{t('app.loading')}</aside>}>
            <LessonPanel id={route.id} stepId={route.step} />
          </Suspense>
        )}
        <Split
          direction="row"
          storageKey="main"
          initial={0.48}
          first={
            <Split
              direction="column"
              storageKey="left"
              initial={0.75}
              first={
                <div className="graph-with-inspector">
                  <ClusterGraph />
                  {selected && <Inspector />}
                </div>
              }
              second={<EventsTimeline />}
            />
          }
          second={
            <Split
              direction="column"
              storageKey="right"
              initial={0.55}
              first={<TerminalPane />}
              second={<EditorPane />}
            />
          }
        />
      </main>
    </div>
  )
}

import { lazy, StrictMode, Suspense } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './ui/app/App.tsx'
import { detectLanguage, initI18n } from './i18n/config.ts'
import { disablePersistence, startEngine } from './store/engine.ts'
import { useApp } from './store/index.ts'
import { saveLocal } from './store/storage.ts'
import './ui/app/app.css'

initI18n(detectLanguage(location.search, navigator.language))
const savedTheme = localStorage.getItem('kubeplay:theme')
if (savedTheme === 'dark' || savedTheme === 'light') useApp.setState({ theme: savedTheme })
// Only on a change of theme: a full storage would otherwise throw on every state update.
useApp.subscribe((s, prev) => {
  if (s.theme !== prev.theme) saveLocal('kubeplay:theme', s.theme)
})

// The embed view (with the lesson catalogue) is only downloaded by pages that embed a cluster.
const EmbedApp = lazy(() =>
  import('./ui/share/EmbedApp.tsx').then((m) => ({ default: m.EmbedApp })),
)

const embed = new URLSearchParams(location.search).has('embed')
if (embed) disablePersistence()
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {embed ? (
      <Suspense fallback={null}>
        <EmbedApp />
      </Suspense>
    ) : (
      <App />
    )}
  </StrictMode>,
)
void startEngine()

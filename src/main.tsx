import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './ui/app/App.tsx'
import { detectLanguage, initI18n } from './i18n/config.ts'
import { startEngine } from './store/engine.ts'
import { useApp } from './store/index.ts'
import './ui/app/app.css'

initI18n(detectLanguage(location.search, navigator.language))
const savedTheme = localStorage.getItem('kubeplay:theme')
if (savedTheme === 'dark' || savedTheme === 'light') useApp.setState({ theme: savedTheme })
useApp.subscribe((s) => localStorage.setItem('kubeplay:theme', s.theme))

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
void startEngine()

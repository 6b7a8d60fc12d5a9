import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './ui/app/App.tsx'
import { detectLanguage, initI18n } from './i18n/config.ts'
import { disablePersistence, startEngine } from './store/engine.ts'
import { useApp } from './store/index.ts'
import { EmbedApp } from './ui/share/EmbedApp.tsx'
import './ui/app/app.css'

initI18n(detectLanguage(location.search, navigator.language))
const savedTheme = localStorage.getItem('kubeplay:theme')
if (savedTheme === 'dark' || savedTheme === 'light') useApp.setState({ theme: savedTheme })
useApp.subscribe((s) => localStorage.setItem('kubeplay:theme', s.theme))

const embed = new URLSearchParams(location.search).has('embed')
if (embed) disablePersistence()
createRoot(document.getElementById('root')!).render(
  <StrictMode>{embed ? <EmbedApp /> : <App />}</StrictMode>,
)
void startEngine()

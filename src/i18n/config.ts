import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import en from './locales/en.json'
import zhCN from './locales/zh-CN.json'

export const LANGUAGES = ['zh-CN', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

/** Picks the language from the URL (?lang=), then the browser, defaulting to Chinese for zh-* browsers. */
export function detectLanguage(search: string, navigatorLanguage: string): Language {
  const fromUrl = new URLSearchParams(search).get('lang')
  if (fromUrl === 'en' || fromUrl === 'zh-CN') return fromUrl
  return navigatorLanguage.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

export function initI18n(lng: Language): typeof i18n {
  void i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  })
  return i18n
}

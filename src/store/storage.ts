import { useApp } from './index.ts'

let warned = false

/**
 * localStorage.setItem that survives a full storage: the browser throws QuotaExceededError, which
 * inside a React effect or handler would otherwise leave a blank page or a dead terminal. The
 * learner is told once that their work is not being saved; everything else keeps working.
 */
export function saveLocal(key: string, value: string): boolean {
  try {
    localStorage.setItem(key, value)
    return true
  } catch (e) {
    if (!(e instanceof DOMException)) throw e
    if (!warned) useApp.getState().notify('error', 'app.storageFull')
    warned = true
    return false
  }
}

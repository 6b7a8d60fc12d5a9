import { useSyncExternalStore } from 'react'

export type Route =
  | { page: 'sandbox' }
  | { page: 'course' }
  | { page: 'lesson'; id: string; step?: string }
  | { page: 'share'; fragment: string }

/** Deep links live in the fragment: `#/course`, `#/lesson/<id>/<step>`, `#s=…` for shared clusters. */
export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#/, '')
  if (h.startsWith('s=')) return { page: 'share', fragment: h }
  const parts = h.split('/').filter(Boolean)
  if (parts[0] === 'course') return { page: 'course' }
  if (parts[0] === 'lesson' && parts[1] && /^[a-z0-9-]+$/.test(parts[1])) {
    return {
      page: 'lesson',
      id: parts[1],
      step: parts[2] && /^[a-z0-9-]+$/.test(parts[2]) ? parts[2] : undefined,
    }
  }
  return { page: 'sandbox' }
}

export function navigate(hash: string): void {
  if (location.hash !== hash) location.hash = hash
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb)
  return () => window.removeEventListener('hashchange', cb)
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => location.hash)
  return parseRoute(hash)
}

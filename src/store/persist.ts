import type { SavedEngineState } from '../worker/protocol.ts'

const DB = 'kubeplay'
const STORE = 'state'
const KEY = 'engine'

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1)
    req.onupgradeneeded = () => req.result.createObjectStore(STORE)
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

/** The engine state lives in IndexedDB: a busy cluster is larger than localStorage allows. */
export async function persist(state: SavedEngineState): Promise<void> {
  const db = await open()
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(STORE, 'readwrite')
    tx.objectStore(STORE).put(state, KEY)
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error)
    tx.onabort = () => reject(tx.error)
  })
  db.close()
}

export async function loadSaved(): Promise<SavedEngineState | null> {
  try {
    const db = await open()
    const value = await new Promise<unknown>((resolve, reject) => {
      const req = db.transaction(STORE).objectStore(STORE).get(KEY)
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
    db.close()
    if (value && typeof value === 'object' && (value as SavedEngineState).version === 1)
      return value as SavedEngineState
    return null
  } catch {
    return null
  }
}

export async function clearSaved(): Promise<void> {
  const db = await open()
  await new Promise<void>((resolve) => {
    const tx = db.transaction(STORE, 'readwrite')
    tx.objectStore(STORE).delete(KEY)
    tx.oncomplete = () => resolve()
  })
  db.close()
}

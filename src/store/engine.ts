import * as Comlink from 'comlink'
import type { EngineApi, EngineEvent, StartOptions } from '../worker/protocol.ts'
import { useApp } from './index.ts'
import { loadSaved, persist } from './persist.ts'

let worker: Worker | null = null
let api: Comlink.Remote<EngineApi> | null = null
let queue: EngineEvent[] = []
let frame = 0
let saveTimer: ReturnType<typeof setTimeout> | null = null
/** Embedded copies must neither load nor overwrite the learner's own saved cluster. */
let persistence = true

export function disablePersistence(): void {
  persistence = false
}

/** Watch events are applied once per animation frame, so a burst of 1,000 pod updates is one render. */
function enqueue(events: EngineEvent[]): void {
  // Terminal output is a stream and must stay in order with the prompt: it is never delayed.
  const output = events.filter((e) => e.type === 'output' || e.type === 'done')
  if (output.length) useApp.getState().handleEvents(output)
  if (output.length === events.length) return
  queue.push(...events.filter((e) => e.type !== 'output' && e.type !== 'done'))
  if (frame) return
  frame = requestAnimationFrame(() => {
    frame = 0
    const batch = queue
    queue = []
    useApp.getState().handleEvents(batch)
  })
}

function spawn(): Comlink.Remote<EngineApi> {
  worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), {
    type: 'module',
    name: 'kubeplay-engine',
  })
  worker.addEventListener('error', () => void recover())
  api = Comlink.wrap<EngineApi>(worker)
  return api
}

export function engine(): Comlink.Remote<EngineApi> {
  if (!api) throw new Error('engine not started')
  return api
}

/** Starts the engine from the saved state if there is one, else fresh. */
export async function startEngine(opts: StartOptions = {}): Promise<void> {
  const remote = spawn()
  await remote.subscribe(Comlink.proxy(enqueue))
  const saved = opts.saved ?? (persistence ? await loadSaved() : null)
  const info = await remote.start({
    ...opts,
    saved: saved ?? undefined,
    start: opts.start ?? Date.now(),
  })
  useApp.setState({ now: info.now })
  if (saved && !opts.saved) useApp.getState().notify('info', 'app.restored')
}

/** Saves soon after activity; saving is cheap but not free, so bursts coalesce. */
export function scheduleSave(): void {
  if (saveTimer || !persistence) return
  saveTimer = setTimeout(async () => {
    saveTimer = null
    if (!api) return
    try {
      await persist(await api.save())
    } catch (e) {
      if (e instanceof DOMException && e.name === 'QuotaExceededError')
        useApp.getState().notify('error', 'app.storageFull')
    }
  }, 1000)
}

const restartListeners = new Set<() => void>()

/** Called after a crashed engine was replaced; returns the unsubscribe function. */
export function onEngineRestart(listener: () => void): () => void {
  restartListeners.add(listener)
  return () => void restartListeners.delete(listener)
}

let recovering = false

/** A crashed worker is replaced and resumes from the last saved state. */
async function recover(): Promise<void> {
  if (recovering) return
  recovering = true
  worker?.terminate()
  api = null
  try {
    const saved = await loadSaved()
    await startEngine({ saved: saved ?? undefined })
  } finally {
    recovering = false
  }
  // The new engine knows nothing of a `kubectl edit` that was waiting: the buffer stays open with
  // the learner's text, and saving it now writes the file instead of answering the lost command.
  useApp.setState((s) => ({ tabs: s.tabs.map((t) => ({ ...t, editRun: undefined })) }))
  for (const l of restartListeners) l()
  useApp.getState().notify('warning', 'app.workerCrashed')
}

export function stopEngine(): void {
  worker?.terminate()
  worker = null
  api = null
}

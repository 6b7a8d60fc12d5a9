import { create } from 'zustand'
import type { KObject } from '../sim/api/types.ts'
import type { EngineEvent } from '../worker/protocol.ts'
import { applyChanges, tableFrom, type ObjectTable } from './clusterSlice.ts'

export interface ObjectRef {
  resource: string
  namespace?: string
  name: string
}

export interface EditorTab {
  path: string
  content: string
  /** Content as last loaded or saved, to tell unsaved changes. */
  saved: string
  /** Set while `kubectl edit` (run id) waits for this file. */
  editRun?: number
  markers?: { line: number; message: string }[]
}

export interface Notice {
  id: number
  level: 'info' | 'warning' | 'error'
  text: string
}

export interface TrafficFlash {
  service?: string
  pod?: string
  at: number
}

export interface AppState {
  ready: boolean
  objects: ObjectTable
  rv: number
  now: number
  paused: boolean
  speed: number
  namespace: string | null
  selected: ObjectRef | null
  inspectorTab: 'describe' | 'yaml' | 'events' | 'logs' | 'why'
  theme: 'light' | 'dark'
  tabs: EditorTab[]
  activeTab: string | null
  notices: Notice[]
  traffic: TrafficFlash[]
  /** Terminal output listeners (the terminal pane writes what arrives). */
  handleEvents(events: EngineEvent[]): void
  select(ref: ObjectRef | null): void
  setNamespace(ns: string | null): void
  setInspectorTab(tab: AppState['inspectorTab']): void
  setTheme(theme: AppState['theme']): void
  openTab(tab: EditorTab): void
  updateTab(path: string, content: string): void
  markSaved(path: string, content: string): void
  closeTab(path: string): void
  setActiveTab(path: string): void
  setMarkers(path: string, markers: EditorTab['markers']): void
  notify(level: Notice['level'], text: string): void
  dismiss(id: number): void
}

let noticeId = 0
type OutputListener = (e: Extract<EngineEvent, { type: 'output' | 'done' }>) => void
const outputListeners = new Set<OutputListener>()

/** The terminal subscribes to output here rather than through React state: it is a stream. */
export function onTerminalOutput(l: OutputListener): () => void {
  outputListeners.add(l)
  return () => outputListeners.delete(l)
}

export const useApp = create<AppState>()((set, get) => ({
  ready: false,
  objects: {},
  rv: 0,
  now: 0,
  paused: false,
  speed: 1,
  namespace: 'default',
  selected: null,
  inspectorTab: 'describe',
  theme: 'light',
  tabs: [],
  activeTab: null,
  notices: [],
  traffic: [],
  handleEvents(events) {
    let objects = get().objects
    let rv = get().rv
    const patch: Partial<AppState> = {}
    const traffic: TrafficFlash[] = []
    for (const e of events) {
      switch (e.type) {
        case 'reset':
          objects = tableFrom(e.objects)
          rv = e.rv
          patch.ready = true
          break
        case 'objects':
          objects = applyChanges(objects, e.changes)
          rv = e.rv
          break
        case 'clock':
          patch.now = e.now
          patch.paused = e.paused
          patch.speed = e.speed
          break
        case 'output':
        case 'done':
          for (const l of outputListeners) l(e)
          break
        case 'edit':
          get().openTab({ path: e.path, content: e.content, saved: e.content, editRun: e.run })
          break
        case 'traffic':
          traffic.push({ service: e.service, pod: e.pod, at: e.at })
          break
        case 'notice':
          get().notify(e.level, e.text)
          break
        case 'files':
          break
      }
    }
    if (objects !== get().objects) patch.objects = objects
    if (rv !== get().rv) patch.rv = rv
    if (traffic.length)
      patch.traffic = [
        ...get().traffic.filter((t) => t.at > (patch.now ?? get().now) - 2000),
        ...traffic,
      ]
    if (Object.keys(patch).length) set(patch)
  },
  select: (selected) => set({ selected }),
  setNamespace: (namespace) => set({ namespace }),
  setInspectorTab: (inspectorTab) => set({ inspectorTab }),
  setTheme: (theme) => set({ theme }),
  openTab(tab) {
    const tabs = get().tabs.filter((t) => t.path !== tab.path)
    set({ tabs: [...tabs, tab], activeTab: tab.path })
  },
  updateTab(path, content) {
    set({ tabs: get().tabs.map((t) => (t.path === path ? { ...t, content } : t)) })
  },
  markSaved(path, content) {
    set({
      tabs: get().tabs.map((t) =>
        t.path === path ? { ...t, content, saved: content, editRun: undefined } : t,
      ),
    })
  },
  closeTab(path) {
    const tabs = get().tabs.filter((t) => t.path !== path)
    set({
      tabs,
      activeTab: get().activeTab === path ? (tabs[tabs.length - 1]?.path ?? null) : get().activeTab,
    })
  },
  setActiveTab: (activeTab) => set({ activeTab }),
  setMarkers(path, markers) {
    set({ tabs: get().tabs.map((t) => (t.path === path ? { ...t, markers } : t)) })
  },
  notify(level, text) {
    set({ notices: [...get().notices, { id: ++noticeId, level, text }] })
  },
  dismiss(id) {
    set({ notices: get().notices.filter((n) => n.id !== id) })
  },
}))

/** Looks up one object by reference. */
export function findObject(objects: ObjectTable, ref: ObjectRef): KObject | undefined {
  return objects[ref.resource]?.[`${ref.namespace ?? ''}/${ref.name}`]
}

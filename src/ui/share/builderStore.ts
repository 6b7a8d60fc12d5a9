import { create } from 'zustand'
import type { Check } from '../../lessons/types.ts'
import type { BuilderState } from '../../share/builder.ts'
import { engine } from '../../store/engine.ts'
import { useApp } from '../../store/index.ts'

interface Builder {
  start: (BuilderState & { history: string[] }) | null
  goal: (BuilderState & { history: string[] }) | null
  checks: Check[]
  setStart(s: Builder['start']): void
  setGoal(s: Builder['goal'], checks: Check[]): void
  setChecks(checks: Check[]): void
}

/** Survives closing the dialog: the learner sets the start, acts, then comes back for the goal. */
export const useBuilder = create<Builder>()((set) => ({
  start: null,
  goal: null,
  checks: [],
  setStart: (start) => set({ start, goal: null, checks: [] }),
  setGoal: (goal, checks) => set({ goal, checks }),
  setChecks: (checks) => set({ checks }),
}))

/** The cluster's objects, the files in /root and the shell history, as they are now. */
export async function captureState(): Promise<BuilderState & { history: string[] }> {
  const snap = (await engine().shareState()) as { shell?: { history?: string[] } }
  const listing = await engine().capture('ls -1Ap /root')
  const files: Record<string, string> = {}
  for (const name of listing.stdout.split('\n')) {
    if (!name || name.endsWith('/')) continue
    const text = await engine().readFile(`/root/${name}`)
    if (text !== undefined) files[name] = text
  }
  return { objects: useApp.getState().objects, files, history: snap.shell?.history ?? [] }
}

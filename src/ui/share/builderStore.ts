import { create } from 'zustand'
import type { Check, Text } from '../../lessons/types.ts'
import { lessonCluster, type Captured } from '../../share/builder.ts'
import type { SessionSnapshot } from '../../session/session.ts'
import { engine } from '../../store/engine.ts'
import { useApp } from '../../store/index.ts'

const emptyText = (): Text => ({ 'zh-CN': '', en: '' })

/** What the author writes around the proposed checks. */
export interface DraftFields {
  id: string
  title: Text
  text: Text
  hints: Text[]
  seed: string
}

interface Builder {
  start: Captured | null
  goal: Captured | null
  checks: Check[]
  fields: DraftFields
  setStart(s: Captured): void
  setGoal(s: Captured, checks: Check[]): void
  setChecks(checks: Check[]): void
  setFields(patch: Partial<DraftFields>): void
}

/** Survives closing the dialog: the learner sets the start, acts, then comes back for the goal. */
export const useBuilder = create<Builder>()((set, get) => ({
  start: null,
  goal: null,
  checks: [],
  fields: {
    id: 'my-scenario',
    title: emptyText(),
    text: emptyText(),
    hints: [emptyText()],
    seed: '001',
  },
  setStart: (start) => set({ start, goal: null, checks: [] }),
  setGoal: (goal, checks) => set({ goal, checks }),
  setChecks: (checks) => set({ checks }),
  setFields: (patch) => set({ fields: { ...get().fields, ...patch } }),
}))

/** The cluster's objects, the files in /root and the shell history, as they are now. */
export async function captureState(): Promise<Captured> {
  const snap = (await engine().shareState()) as SessionSnapshot
  const listing = await engine().capture('ls -1Ap /root')
  const files: Record<string, string> = {}
  for (const name of listing.stdout.split('\n')) {
    if (!name || name.endsWith('/')) continue
    const text = await engine().readFile(`/root/${name}`)
    if (text !== undefined) files[name] = text
  }
  return {
    objects: useApp.getState().objects,
    files,
    history: snap.shell.history,
    cluster: lessonCluster(snap.sim.options.cluster),
  }
}

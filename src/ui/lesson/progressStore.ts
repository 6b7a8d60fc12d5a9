import { create } from 'zustand'
import { emptyProgress, markSolved, parseProgress, type Progress } from '../../lessons/progress.ts'
import { saveLocal } from '../../store/storage.ts'

const KEY = 'kubeplay:progress'

function load(): Progress {
  const parsed = parseProgress(localStorage.getItem(KEY) ?? '')
  return typeof parsed === 'string' ? emptyProgress() : parsed
}

interface ProgressState {
  progress: Progress
  solve(lesson: string, step: string): void
  replace(p: Progress): void
}

export const useProgress = create<ProgressState>()((set, get) => ({
  progress: load(),
  solve(lesson, step) {
    const next = markSolved(get().progress, lesson, step)
    if (next === get().progress) return
    saveLocal(KEY, JSON.stringify(next))
    set({ progress: next })
  },
  replace(p) {
    saveLocal(KEY, JSON.stringify(p))
    set({ progress: p })
  },
}))

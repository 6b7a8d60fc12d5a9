import type { Lesson } from '../lessons/types.ts'

/**
 * What a share link carries. Versioned: every version ever published keeps decoding through the
 * numbered migrations in migrations.ts (format 1 is described there, next to its upgrade).
 */
export interface ShareScenario {
  cluster?: 'kubeadm' | 'minikube' | 'tutorial-001'
  seed?: number
  /** Virtual start time (epoch ms). */
  start?: number
  /** Files in /root. */
  files?: Record<string, string>
  /** Shell lines that build the starting cluster, replayed deterministically. */
  script?: string[]
}

/** An editor tab. `content` is present only when the buffer differs from the file on disk. */
export interface ShareTab {
  path: string
  content?: string
}

export interface ShareLesson {
  id: string
  step?: string
  /**
   * The whole lesson, for one that is not in the course (made in the scenario builder). Validated
   * with the same JSON Schema as lessons/*.yaml; its scenario is the start when the link holds no
   * cluster of its own.
   */
  content?: Lesson
}

export interface SharePayload {
  v: 2
  lang?: 'zh-CN' | 'en'
  title?: string
  lesson?: ShareLesson
  /** Compact form: a scenario replayed on open. */
  scenario?: ShareScenario
  /** Exact form: the whole engine state, when replaying is not exact or too long. */
  snapshot?: unknown
  /** Editor tabs to open, in order, with unsaved buffers; the last one named in `active` is shown. */
  tabs?: ShareTab[]
  active?: string
}

export const CURRENT_VERSION = 2
